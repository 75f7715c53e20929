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

/**
 * A path's state. `held` and its entries belong to one state (copyState copies them); the other
 * lists are never changed in place but replaced, so copies share them (and signature() reads each
 * list's part once, however many states share it).
 */
export interface PathState {
  held: Held[];
  released: readonly Released[];
  /** Outcomes of conditions that appear more than once in the function, decided on this path. */
  facts: ReadonlyArray<readonly [string, boolean]>;
  irqsOff: boolean;
  /** Contexts that forbid a plain mmdrop(), innermost last. */
  atomic: readonly AtomicContext[];
  /** A full memory barrier has run on this path. */
  barrier: boolean;
  /** current->mm or active_mm changed with no full barrier before or after it yet. */
  mmChange?: Step;
  /** Tasks whose task_lock this path holds. */
  taskLocked: readonly string[];
  /** The steps that got the path here (withStep adds one, stepsOf lists them). */
  trail: Trail | null;
}

/**
 * A path's steps, newest first, each node shared by every path that branched after it: a copied
 * state shares its trail instead of copying it, which on long functions was most of what
 * exploration allocated. Immutable.
 */
export interface Trail {
  readonly step: Step;
  readonly prev: Trail | null;
  readonly length: number;
}

export function withStep(trail: Trail | null, step: Step): Trail {
  return { step, prev: trail, length: (trail?.length ?? 0) + 1 };
}

/** The steps of a trail, oldest first: what findings and exits keep. */
export function stepsOf(trail: Trail | null): Step[] {
  const out: Step[] = new Array(trail?.length ?? 0);
  for (let t = trail, i = out.length - 1; t; t = t.prev, i--) out[i] = t.step;
  return out;
}

export function initialState(irqsOff: boolean): PathState {
  // Every state has the same fields in the same order, mmChange too (undefined when none): one
  // object shape, so the explorer's optimised code is not thrown away when a new shape turns up.
  return { held: [], released: [], facts: [], irqsOff, atomic: irqsOff ? ['IRQs off'] : [], barrier: false, mmChange: undefined, taskLocked: [], trail: null };
}

export function copyState(s: PathState): PathState {
  return {
    held: s.held.map((h) => ({ ...h, names: [...h.names], everNames: [...h.everNames] })),
    released: s.released,
    facts: s.facts,
    irqsOff: s.irqsOff,
    atomic: s.atomic,
    barrier: s.barrier,
    mmChange: s.mmChange,
    taskLocked: s.taskLocked,
    trail: s.trail,
  };
}

/** The parts joined in sorted order; most states have none or one, which need no array. */
function sortedJoin<T>(items: readonly T[], part: (item: T) => string, sep: string): string {
  if (items.length === 0) return '';
  if (items.length === 1) return part(items[0]!);
  return items.map(part).sort().join(sep);
}

const heldPart = (h: Held) => `${h.site}:${h.kind}:${h.maybeNull ? 1 : 0}:${h.names.join(',')}:${h.everNames.length}`;
const releasedPart = (r: Released) => `${r.name}:${r.kind}:${r.last ? 1 : 0}`;
const factPart = ([k, v]: readonly [string, boolean]) => `${k}=${v ? 1 : 0}`;
const itself = (t: string) => t;

/** The signature part of each shared list (see PathState): computed once per list, not per visit. */
const parts = new WeakMap<object, string>();
function sharedPart<T>(items: readonly T[], part: (item: T) => string, sep: string): string {
  if (items.length === 0) return '';
  let p = parts.get(items);
  if (p === undefined) parts.set(items, (p = sortedJoin(items, part, sep)));
  return p;
}

/**
 * Two paths with the same signature behave the same from here on: the explorer merges them.
 * `live` leaves out the facts no later condition reads (factLiveness.ts).
 */
export function signature(s: PathState, live?: (key: string) => boolean): string {
  const facts = live && s.facts.length > 0 ? sortedJoin(s.facts.filter(([k]) => live(k)), factPart, ';') : sharedPart(s.facts, factPart, ';');
  return `${sortedJoin(s.held, heldPart, ';')}|${sharedPart(s.released, releasedPart, ';')}|${facts}|${s.irqsOff ? 1 : 0}|${s.barrier ? 1 : 0}|${s.atomic.join(',')}|${s.mmChange ? s.mmChange.range.start.line : ''}|${sharedPart(s.taskLocked, itself, ',')}`;
}
