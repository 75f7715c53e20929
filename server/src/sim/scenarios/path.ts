// The annotated path from the analyzer (server/src/paths/step.ts) as simulator events, and its
// place in a scenario: it runs on CPU 0 while the scenario runs on the others. The step kinds say
// what a step does; the message (which quotes the call, "mm_count reference taken by
// mmgrab_lazy_tlb(mm)") says which variant.
import type { Step } from '../../paths/step';
import { H_OWNER, type Event, type PathOp } from '../events';
import { Builder, sw } from './builder';
import type { BuildContext, PathProgram } from './types';

const BARRIER = /\bsmp_mb\b|smp_mb__after|membarrier_update_current_mm|\bmb\(\)/;

/** Which simulator operation a step stands for. */
export function pathOp(step: Step): PathOp {
  const msg = step.message;
  if (BARRIER.test(msg)) return 'barrier';
  switch (step.kind) {
    case 'grab':
      return /mmgrab_lazy_tlb/.test(msg) ? 'grabLazy' : 'grab';
    case 'drop':
      return /mmdrop_lazy_tlb/.test(msg) ? 'dropLazy' : 'drop';
    case 'get':
      // The analyzer records only a successful mmget_not_zero()/get_task_mm(): replayed as one
      // that can fail, which makes the schedule infeasible rather than the path wrong.
      return /mmget_not_zero|get_task_mm|mm_access/.test(msg) ? 'getNotZero' : 'get';
    case 'put':
      return 'put';
    case 'acquire':
      return /kthread_use_mm|\buse_mm\b/.test(msg) ? 'kthreadUse' : 'note';
    case 'release':
      if (/kthread_unuse_mm|\bunuse_mm\b/.test(msg)) return 'kthreadUnuse';
      return /tlb_finish_mmu|flush_tlb/.test(msg) ? 'flush' : 'note';
    case 'handover':
      return 'handover';
    case 'barrier':
      return 'barrier';
    case 'switch':
      if (/enter_lazy_tlb/.test(msg)) return 'enterLazy';
      if (/switch_mm|activate_mm/.test(msg)) return 'switchMm';
      if (/->mm\b/.test(msg) && !/active_mm/.test(msg)) return 'setMm';
      return 'setActiveMm';
    case 'irq':
      return /disabled|irq_disable|irqsave/.test(msg) ? 'irqOff' : 'irqOn';
    case 'use':
      if (/cpumask_clear_cpu/.test(msg)) return 'cpumaskClear';
      if (/cpumask_set_cpu/.test(msg)) return 'cpumaskSet';
      if (/active_mm read|->active_mm/.test(msg)) return 'useActive';
      if (/needs mm_users|get_user_pages|access_remote_vm|mmap_(read|write)_lock|find_vma|vma|walk|copy_(from|to)_user|pte/.test(msg)) return 'walk';
      return 'use';
    case 'branch':
    case 'jump':
    case 'exit':
      return 'note';
  }
}

const COUNT_TAKE: ReadonlySet<PathOp> = new Set<PathOp>(['grab', 'kthreadUse']);
const COUNT_GIVE: ReadonlySet<PathOp> = new Set<PathOp>(['drop']);
const USERS_TAKE: ReadonlySet<PathOp> = new Set<PathOp>(['get', 'getNotZero']);
const USERS_GIVE: ReadonlySet<PathOp> = new Set<PathOp>(['put']);

/**
 * A path that releases a reference before taking any is releasing one its caller handed it (a
 * release function): it starts holding one. Only one: a second release before any grab is a
 * double drop, which is what invariant 2 must then report.
 */
function inherited(ops: readonly PathOp[], take: ReadonlySet<PathOp>, give: ReadonlySet<PathOp>): number {
  for (const op of ops) {
    if (take.has(op)) return 0;
    if (give.has(op)) return 1;
  }
  return 0;
}

export function pathProgram(steps: readonly Step[], task: 'kthread' | 'user' = 'kthread'): PathProgram {
  const ops = steps.map(pathOp);
  const events: Event[] = steps.map((step, index) => ({ k: 'path', op: ops[index]!, step, index }));
  const firstMmOp = ops.find((op) => op !== 'note' && op !== 'irqOff' && op !== 'irqOn' && op !== 'barrier');
  const notes: string[] = [];
  const unknown = steps.filter((_s, i) => ops[i] === 'note' && steps[i]!.kind !== 'branch' && steps[i]!.kind !== 'jump' && steps[i]!.kind !== 'exit');
  if (unknown.length > 0) notes.push(`${unknown.length} step${unknown.length === 1 ? '' : 's'} with no effect on mm lifetimes in the model (e.g. "${unknown[0]!.message}")`);
  return {
    events,
    inheritedCount: inherited(ops, COUNT_TAKE, COUNT_GIVE),
    inheritedUsers: inherited(ops, USERS_TAKE, USERS_GIVE),
    fromActiveMm: firstMmOp === 'useActive',
    task,
    notes,
  };
}

/**
 * Put the path on CPU 0. As a kernel thread (the usual case for lazy-mm code), CPU 0 first runs a
 * thread of the scenario's mm that exits and switches to the path's kthread, so the path starts
 * lazily on that mm, like a kworker after a user task blocked. Unless the path takes its pointer
 * from current->active_mm, a caller keeps the mm alive with an mm_count reference until the path
 * returns, as the object it read `mm` from would.
 */
export function embedPath(b: Builder, ctx: BuildContext, victim: number): void {
  const path = ctx.path;
  if (path === null) return;
  const mm = b.mms[victim]!;
  mm.pathCount += path.inheritedCount;
  mm.pathUsers += path.inheritedUsers;
  const t0 = b.thread(`${mm.name}/path-thread`, victim);
  b.run(0, t0);
  const end: Event[] = [{ k: 'pathEnd' }];
  if (path.task === 'kthread') {
    const k = b.kthread('kworker/0:path');
    b.pro(0, { k: 'exitMm' }, ...sw(k, 0));
    if (!path.fromActiveMm) {
      mm.ownerCount++;
      end.push({ k: 'mmdrop', mm: victim, holder: H_OWNER });
    }
    b.main(0, ...path.events, ...end);
  } else {
    b.main(0, ...path.events, ...end, { k: 'exitMm' }, ...sw(0, 0));
  }
  for (const note of path.notes) b.notes.push(note);
}
