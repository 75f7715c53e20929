// What each step of an annotated path does when replayed on its CPU. The path's mm variable is
// bound to the scenario's mm (World.pathMm) and rebound when the path reads current->active_mm.
// References the path takes are the path's (H_PATH) in invariant 2's ledger, so a second drop of
// one reference is caught even while other holders keep the count above zero.
import type { Step } from '../paths/step';
import { FULL_FLUSH, H_PATH, type Event, type PathOp } from './events';
import { currTask, deref, setActiveMm, switchMm, touchMm, usersGet, walk } from './ops';
import { NONE, type Cpu, type World } from './state';

/**
 * Path operations that are exactly a kernel event on the path's mm, the path holding what they
 * take: they run through kernel.ts's apply(), so what mmgrab(), kthread_use_mm() or an IRQ toggle
 * does is written once, for scenarios and paths alike. The rest, below, have no event of their
 * own (the path's checks, messages and bookkeeping differ).
 */
const AS_EVENT = {
  grab: (mm) => ({ k: 'mmgrab', mm, holder: H_PATH }),
  drop: (mm) => ({ k: 'mmdrop', mm, holder: H_PATH }),
  grabLazy: (mm) => ({ k: 'mmgrabLazy', mm }),
  dropLazy: (mm) => ({ k: 'mmdropLazy', mm }),
  get: (mm) => ({ k: 'mmget', mm, holder: H_PATH }),
  put: (mm) => ({ k: 'mmput', mm, holder: H_PATH }),
  kthreadUse: (mm) => ({ k: 'kthreadUseMm', mm }),
  kthreadUnuse: () => ({ k: 'kthreadUnuseMm' }),
  irqOff: () => ({ k: 'irqOff' }),
  irqOn: () => ({ k: 'irqOn' }),
  barrier: () => ({ k: 'barrier' }),
  cpumaskSet: (mm) => ({ k: 'cpumaskSet', mm }),
  cpumaskClear: (mm) => ({ k: 'cpumaskClear', mm }),
} as const satisfies Partial<Record<PathOp, (mm: number) => Event>>;

type EventOp = keyof typeof AS_EVENT;

function isEventOp(op: PathOp): op is EventOp {
  return Object.prototype.hasOwnProperty.call(AS_EVENT, op);
}

export function applyPathStep(w: World, cpu: Cpu, op: PathOp, step: Step, apply: (w: World, cpu: Cpu, ev: Event) => void): void {
  if (isEventOp(op)) return apply(w, cpu, AS_EVENT[op](w.pathMm));
  const mm = w.mms[w.pathMm]!;
  const task = currTask(w, cpu);
  const what = `the path ("${step.message}")`;
  switch (op) {
    case 'getNotZero':
      // The path was analysed assuming success; a schedule where it fails is another path.
      if (!usersGet(w, cpu, mm, H_PATH, true)) w.infeasible = `${step.message}: mm_users was already 0 on this schedule`;
      return;
    case 'handover':
      // Stored or returned: from now on someone else's reference, dropped outside this run.
      if (mm.pathCount > 0) {
        mm.pathCount--;
        mm.handedOver++;
      } else if (mm.pathUsers > 0) {
        mm.pathUsers--;
        mm.handedOverUsers++;
      }
      touchMm(w, mm);
      return;
    case 'setActiveMm':
      return setActiveMm(w, cpu, task, mm.id, what);
    case 'setMm':
      task.mm = mm.id;
      cpu.mbPending = true;
      return;
    case 'switchMm':
      if (deref(w, cpu, mm, what)) switchMm(w, cpu, mm, what);
      return;
    case 'enterLazy':
      return w.m.arch.enterLazy(w, cpu, mm);
    case 'use':
      deref(w, cpu, mm, what);
      return;
    case 'useActive':
      if (task.activeMm !== NONE) w.pathMm = task.activeMm;
      deref(w, cpu, w.mms[w.pathMm]!, `reading current->active_mm (${step.message})`);
      return;
    case 'walk':
      return walk(w, cpu, mm, what);
    case 'flush':
      if (deref(w, cpu, mm, what)) w.m.arch.flushMm(w, cpu, mm, false, FULL_FLUSH);
      return;
    case 'note':
      return;
  }
}
