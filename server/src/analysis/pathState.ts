// The abstract state one path through a function carries: what it holds, what it released, what
// it knows about repeated conditions, IRQ/lock/barrier context, and the steps that got it there.
import type { Step } from '../paths/step';
import type { AtomicContext, ResourceKind } from './apiModel';

export interface Held {
  /** Offset of the call that took it: identifies it across paths. */
  site: number;
  kind: ResourceKind;
  /** The expressions that name it on this path now (`mm`, aliases). */
  names: string[];
  /** Every name it ever had on this path: ownership is decided on these. */
  everNames: string[];
  /** Taken by a call that may have returned NULL or an ERR_PTR, not yet checked. */
  maybeNull: boolean;
  /** A reference the function created for itself (get_task_mm, mm_access): never someone else's. */
  fresh: boolean;
  /** Taken on an object's field (`mmgrab(ctx->mm)`): the object's, never leaked by this function. */
  objectOwned: boolean;
  acquired: Step;
}

export interface Released {
  name: string;
  kind: ResourceKind;
  step: Step;
  /** It was the function's own, only reference: after it the mm may be freed. */
  last: boolean;
}

export interface PathState {
  held: Held[];
  released: Released[];
  /** Outcomes of conditions that appear more than once in the function, decided on this path. */
  facts: Array<[string, boolean]>;
  irqsOff: boolean;
  /** Contexts that forbid a plain mmdrop(), innermost last. */
  atomic: AtomicContext[];
  /** A full memory barrier has run on this path. */
  barrier: boolean;
  /** current->mm or active_mm changed with no full barrier before or after it yet. */
  mmChange?: Step;
  /** Tasks whose task_lock this path holds. */
  taskLocked: string[];
  trail: Step[];
}

export function initialState(irqsOff: boolean): PathState {
  return { held: [], released: [], facts: [], irqsOff, atomic: irqsOff ? ['IRQs off'] : [], barrier: false, taskLocked: [], trail: [] };
}

export function copyState(s: PathState): PathState {
  return {
    held: s.held.map((h) => ({ ...h, names: [...h.names], everNames: [...h.everNames] })),
    released: [...s.released],
    facts: [...s.facts],
    irqsOff: s.irqsOff,
    atomic: [...s.atomic],
    barrier: s.barrier,
    ...(s.mmChange ? { mmChange: s.mmChange } : {}),
    taskLocked: [...s.taskLocked],
    trail: [...s.trail],
  };
}

/** Two paths with the same signature behave the same from here on: the explorer merges them. */
export function signature(s: PathState): string {
  const held = s.held.map((h) => `${h.site}:${h.kind}:${h.maybeNull ? 1 : 0}:${h.names.join(',')}:${h.everNames.length}`).sort();
  const released = s.released.map((r) => `${r.name}:${r.kind}:${r.last ? 1 : 0}`).sort();
  const facts = s.facts.map(([k, v]) => `${k}=${v ? 1 : 0}`).sort();
  return [held.join(';'), released.join(';'), facts.join(';'), s.irqsOff ? 1 : 0, s.barrier ? 1 : 0, s.atomic.join(','), s.mmChange ? s.mmChange.range.start.line : '', s.taskLocked.sort().join(',')].join('|');
}
