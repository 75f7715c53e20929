// Interleavings beyond the timed schedule, for the verdict. Small machines: every interleaving,
// breadth first so the first violation found has the shortest trace, with states that different
// orders reach merged (a visited set), CPUs that never meet not interleaved (reduce.ts), bounded
// by a state and a depth budget. Large machines: seeded random schedules. Both are deterministic
// for a given seed.
import type { Event, Ipi } from './events';
import { checkAll, type Violation } from './invariants';
import { Prng } from './prng';
import { ACT_IRQ, ACT_PROG, ACT_RESUME, enabledMask, execute, type Action } from './sched';
import type { ScenarioInstance } from './scenarios/types';
import { Reducer } from './reduce';
import { cloneWorld, NONE, type Machine, type World } from './state';
import { createWorld } from './world';

export interface ExploreResult {
  mode: 'exhaustive' | 'random';
  violation: Violation | null;
  /** Distinct states (exhaustive) or steps (random) visited. */
  states: number;
  /** Complete schedules run to their end. */
  schedules: number;
  /** Every interleaving was covered (exhaustive, within the budgets). */
  complete: boolean;
  /** Schedules cut short because the annotated path's mmget_not_zero() could not succeed. */
  infeasible: number;
}

export interface ExhaustiveOptions {
  seed: number;
  maxStates: number;
  maxDepth: number;
}

export function exploreExhaustive(m: Machine, inst: ScenarioInstance, opts: ExhaustiveOptions): ExploreResult {
  const root = createWorld(m, inst, { seed: opts.seed, timed: false, fullTrace: true });
  const result: ExploreResult = { mode: 'exhaustive', violation: root.violation, states: 1, schedules: 0, complete: true, infeasible: 0 };
  if (root.violation) return result;
  const seen = new Set<string>([stateKey(root)]);
  const reducer = new Reducer(root);
  let frontier: World[] = [root];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: World[] = [];
    for (const s of frontier) {
      let actions = enabled(s);
      const alone = reducer.independentCpu(s, actions);
      if (alone !== NONE) actions = actions.filter(([cpu]) => cpu === alone);
      if (actions.length === 0) {
        result.schedules++;
        checkAll(s);
        if (s.violation) return { ...result, violation: s.violation };
        continue;
      }
      if (depth >= opts.maxDepth) {
        result.complete = false;
        continue;
      }
      for (const [cpu, act] of actions) {
        const c = cloneWorld(s);
        execute(c, cpu, act);
        if (c.violation === null) checkAll(c);
        if (c.violation) return { ...result, violation: c.violation };
        if (c.infeasible !== null) {
          result.infeasible++;
          continue;
        }
        const key = stateKey(c);
        if (seen.has(key)) continue;
        if (seen.size >= opts.maxStates) {
          result.complete = false;
          continue;
        }
        seen.add(key);
        result.states++;
        next.push(c);
      }
    }
    frontier = next;
  }
  return result;
}

export interface RandomOptions {
  seed: number;
  schedules: number;
  maxSteps: number;
}

/** Seeded random schedules: at every step, any enabled action of any CPU, uniformly. */
export function exploreRandom(m: Machine, inst: ScenarioInstance, opts: RandomOptions): ExploreResult {
  const result: ExploreResult = { mode: 'random', violation: null, states: 0, schedules: 0, complete: false, infeasible: 0 };
  for (let s = 0; s < opts.schedules; s++) {
    const w = createWorld(m, inst, { seed: opts.seed + s, timed: false, fullTrace: false, ringSize: 1024 });
    const pick = new Prng((opts.seed ^ 0x5bd1e995) + s * 7919);
    const set = new EnabledSet(w);
    let steps = 0;
    while (set.size > 0 && steps < opts.maxSteps && w.violation === null && w.infeasible === null) {
      const actor = set.at(pick.int(set.size));
      execute(w, Math.floor(actor / 3), (actor % 3) as Action);
      set.refresh(w, w.dirtyCpus, w.nDirtyCpus);
      steps++;
    }
    result.states += steps;
    if (w.infeasible !== null) {
      result.infeasible++;
      continue;
    }
    if (w.violation === null) checkAll(w);
    if (w.violation) return { ...result, violation: w.violation };
    result.schedules++;
  }
  return result;
}

/** Enabled actions of a world, in a fixed order (CPU, then IRQ / program / resume). */
function enabled(w: World): [number, Action][] {
  const out: [number, Action][] = [];
  for (const c of w.cpus) {
    const mask = enabledMask(w, c);
    if (mask & (1 << ACT_IRQ)) out.push([c.id, ACT_IRQ]);
    if (mask & (1 << ACT_PROG)) out.push([c.id, ACT_PROG]);
    if (mask & (1 << ACT_RESUME)) out.push([c.id, ACT_RESUME]);
  }
  return out;
}

/** The enabled actors (cpu * 3 + action) of a large machine, kept up to date incrementally. */
class EnabledSet {
  private readonly list: number[] = [];
  private readonly pos: Int32Array;

  constructor(w: World) {
    this.pos = new Int32Array(w.cpus.length * 3).fill(-1);
    for (const c of w.cpus) this.refreshCpu(w, c.id);
  }

  get size(): number {
    return this.list.length;
  }

  at(i: number): number {
    return this.list[i]!;
  }

  refresh(w: World, cpus: readonly number[], n: number): void {
    for (let i = 0; i < n; i++) this.refreshCpu(w, cpus[i]!);
  }

  private refreshCpu(w: World, id: number): void {
    const mask = enabledMask(w, w.cpus[id]!);
    for (let a = 0; a < 3; a++) {
      const actor = id * 3 + a;
      const on = (mask & (1 << a)) !== 0;
      const p = this.pos[actor]!;
      if (on && p < 0) {
        this.pos[actor] = this.list.length;
        this.list.push(actor);
      } else if (!on && p >= 0) {
        const last = this.list.pop()!;
        if (last !== actor) {
          this.list[p] = last;
          this.pos[last] = p;
        }
        this.pos[actor] = -1;
      }
    }
  }
}

function eventKey(ev: Event): string {
  return ev.k === 'path' ? `path:${ev.index}` : JSON.stringify(ev);
}

function ipiKey(ipi: Ipi): string {
  return `${ipi.handler.name}:${ipi.from}:${ipi.mm}:${ipi.arg}`;
}

/** Everything that decides what can happen next; not time, counters or the trace. */
export function stateKey(w: World): string {
  const parts: (string | number)[] = [w.flags, w.pathMm];
  for (const c of w.cpus) {
    parts.push(
      c.curr,
      c.loadedMm,
      c.loadedGen,
      c.prevMm,
      c.hazardSlot,
      c.lazyRef,
      c.waiting,
      c.pc,
      (c.isLazy ? 1 : 0) | (c.irqsOff ? 2 : 0) | (c.savedIrqsOff ? 4 : 0) | (c.online ? 8 : 0) | (c.preempted ? 16 : 0) | (c.mbPending ? 32 : 0),
      c.cont.map(eventKey).join('|'),
      c.inbox.map(ipiKey).join('|'),
    );
  }
  for (const t of w.tasks) parts.push(t.mm, t.activeMm, t.usersRef, t.useRef);
  for (const mm of w.mms) {
    parts.push(mm.users, mm.count, mm.life, mm.tlbGen, mm.cpumask.join(''), mm.usersHold, mm.pathCount, mm.pathUsers, mm.ownerCount, mm.handedOver, mm.handedOverUsers);
  }
  return parts.join(',');
}
