// What one look at a whole function tells the path explorer before it starts: which names the
// function releases (so it owns them), which conditions repeat, which locals alias `current` or
// a looked-up task, and whether it starts with IRQs off.
import type { SyntaxNode } from './syntaxNode';
import type { ResourceKind } from './apiModel';
import type { Cfg } from './cfg';
import type { FunctionInfo } from './functions';
import type { EffectLookup } from './summaries';
import { assignmentParts, callArgs, calleeName, isPureCondition, normalizeExpr, unwrap } from './syntax';
import { nodesOfType } from './nodeIndex';

/** Calls that hand back another task, unlocked: its ->mm may go away under us (LMM011). */
const TASK_LOOKUPS = new Set(['find_task_by_vpid', 'find_task_by_pid_ns', 'pid_task', 'get_pid_task', 'find_get_task_by_vpid', 'get_proc_task']);

/** Lookups that return the task with task_lock held: its ->mm is pinned until task_unlock. */
const LOCKED_TASK_LOOKUPS = new Set(['find_lock_task_mm']);

/** Macros whose first argument walks other tasks. */
const TASK_ITERATORS = /\b(?:for_each_process|for_each_thread|for_each_process_thread)\s*\(([^)]*)\)/g;

/** Calls that assert IRQs are already off when the function starts. */
const IRQS_OFF_ASSERTIONS = /\blockdep_assert_irqs_disabled\s*\(|\b(?:WARN_ON|WARN_ON_ONCE|BUG_ON)\s*\(\s*!\s*irqs_disabled\s*\(\s*\)\s*\)/;

export interface FunctionPrescan {
  /** Names (normalised) this function releases, per kind: references on them are its own. */
  releasedNames: Map<ResourceKind, Set<string>>;
  /** Pure conditions that appear more than once: their outcome on a path decides the later ones. */
  repeatedConditions: Set<string>;
  /** `current` and locals assigned from it. */
  currentNames: Set<string>;
  /** Locals holding a task found by a lookup or a task iterator. */
  remoteTasks: Set<string>;
  /** Locals loaded from an object's field: `mm = ctx->mm` gives mm -> "mm". */
  fieldOrigins: Map<string, string>;
  /**
   * Names whose mm outlives anything this function does: `current`'s own (`current->mm`, aliases),
   * static mms (`&init_mm`, `&efi_mm` and locals pointing at them), and the mm of a VMA the caller
   * handed us (`vma->vm_mm`: a VMA exists, so the address space does).
   */
  pinned: Set<string>;
  /** Locals pointing at a static mm (`mm = &init_mm`): boot and idle setup, never freed. */
  staticMms: Set<string>;
  /** Locals loaded from a looked-up task's mm: `mm = t->mm` gives mm -> "t". */
  remoteMmLocals: Map<string, string>;
  /** IRQs are off when the function starts (name, assertion, or the first IRQ call enables them). */
  irqsOffAtEntry: boolean;
}

function assignmentsOf(body: SyntaxNode): Array<{ target: string; value: SyntaxNode }> {
  const out: Array<{ target: string; value: SyntaxNode }> = [];
  for (const a of nodesOfType(body, ['assignment_expression', 'init_declarator'])) {
    const isAssign = a.type === 'assignment_expression';
    if (isAssign && a.childForFieldName('operator')?.text !== '=') continue;
    const { target, value } = assignmentParts(a);
    if (target && value) out.push({ target: normalizeExpr(target), value: unwrap(value) });
  }
  return out;
}

export function prescanFunction(fn: FunctionInfo, cfg: Cfg, lookup: EffectLookup, source: string): FunctionPrescan {
  const releasedNames = new Map<ResourceKind, Set<string>>();
  const currentNames = new Set(['current']);
  const remoteTasks = new Set<string>();
  const fieldOrigins = new Map<string, string>();
  const pinned = new Set<string>();
  const staticMms = new Set<string>();
  const lockedTasks = new Set<string>();
  let firstIrqCall: 'off' | 'on' | undefined;

  const calls = nodesOfType(fn.body, 'call_expression');
  for (const c of calls) {
    const e = lookup(calleeName(c) ?? '');
    if (!e) continue;
    if (e.irqs && !firstIrqCall) firstIrqCall = e.irqs;
    const arg = e.arg === undefined ? undefined : callArgs(c)[e.arg];
    if (e.releases && arg) {
      let set = releasedNames.get(e.releases);
      if (!set) releasedNames.set(e.releases, (set = new Set()));
      set.add(normalizeExpr(arg).replace(/^&/, ''));
    }
  }

  for (const { target, value } of assignmentsOf(fn.body)) {
    if (value.type === 'identifier' && value.text === 'current') currentNames.add(target);
    if (value.type === 'call_expression' && TASK_LOOKUPS.has(calleeName(value) ?? '')) remoteTasks.add(target);
    if (value.type === 'call_expression' && LOCKED_TASK_LOOKUPS.has(calleeName(value) ?? '')) lockedTasks.add(target);
    if (value.type === 'field_expression') {
      const f = value.childForFieldName('field')?.text;
      if (f) fieldOrigins.set(target, f);
      if (f === 'vm_mm') pinned.add(target);
    }
    if (isStaticMm(value)) {
      pinned.add(target);
      staticMms.add(target);
    }
  }
  const text = source.slice(fn.body.startIndex, fn.body.endIndex);
  for (const m of text.matchAll(TASK_ITERATORS)) {
    const args = m[1]!.split(',').map((a) => a.trim());
    const task = args[args.length - 1];
    if (task && /^\w+$/.test(task)) remoteTasks.add(task);
  }

  for (const t of lockedTasks) remoteTasks.delete(t);
  const remoteMmLocals = new Map<string, string>();
  for (const { target, value } of assignmentsOf(fn.body)) {
    if (value.type !== 'field_expression' || !/^(?:mm|active_mm)$/.test(value.childForFieldName('field')?.text ?? '')) continue;
    const task = normalizeExpr(value.childForFieldName('argument')!);
    if (remoteTasks.has(task)) remoteMmLocals.set(target, task);
  }

  const seen = new Map<string, number>();
  for (const n of cfg.nodes) {
    if (n.kind === 'cond' && n.ast && isPureCondition(n.ast)) {
      const key = normalizeExpr(n.ast);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  const repeatedConditions = new Set([...seen].filter(([, count]) => count > 1).map(([k]) => k));
  // Flags set to constants and tested later (`do_put = true; ... if (do_put)`) correlate branches too.
  for (const { target, value } of assignmentsOf(fn.body)) {
    if (fn.locals.has(target) && /^(?:true|false|\d+)$/.test(value.text) && seen.has(target)) repeatedConditions.add(target);
  }

  const irqsOffAtEntry = /irqs_off|_irqsoff/.test(fn.name) || IRQS_OFF_ASSERTIONS.test(text) || firstIrqCall === 'on';
  for (const c of currentNames) pinned.add(`${c}->mm`).add(`${c}->active_mm`);
  return { releasedNames, repeatedConditions, currentNames, remoteTasks, fieldOrigins, pinned, staticMms, remoteMmLocals, irqsOffAtEntry };
}

/** `&init_mm`, `&efi_mm`: an mm that is a global object, never freed. */
export function isStaticMm(value: SyntaxNode): boolean {
  const v = unwrap(value);
  return v.type === 'pointer_expression' && v.child(0)?.text === '&' && /^\w*mm$/.test(v.childForFieldName('argument')?.text ?? '');
}
