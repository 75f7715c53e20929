// Interleavings beyond the timed schedule, for the verdict. Small machines: every interleaving,
// breadth first so the first violation found has the shortest trace, with states that different
// orders reach merged (a visited set), CPUs that never meet not interleaved (reduce.ts), bounded
// by a state and a depth budget. Large machines: seeded random schedules. Both are deterministic
// for a given seed. The visited set holds int32 keys (stateKey.ts, stateSet.ts), and branches run
// on one scratch world: what made exploration slow was a world and a string per branch.
import { checkAll, type Violation } from './invariants';
import { Prng } from './prng';
import { ACT_IRQ, ACT_PROG, ACT_RESUME, enabledMask, execute, type Action } from './sched';
import type { ScenarioInstance } from './scenarios/types';
import { Reducer } from './reduce';
import { cloneWorld, copyWorldInto, NONE, type Machine, type World } from './state';
import { StateKeys } from './stateKey';
import { StateSet } from './stateSet';
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
  const keys = new StateKeys();
  const seen = new StateSet();
  keys.encode(root);
  seen.add(keys.buf, keys.len); // index 0: the one state that has not passed checkAll()
  const reducer = new Reducer(root);
  // Every branch runs on this one world, a copy of its parent; only a state not seen before is
  // cloned to be kept. Copying into it allocates nothing, and two branches in three merge.
  const scratch = cloneWorld(root);
  const actors: number[] = [];
  let frontier: World[] = [root];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: World[] = [];
    for (const s of frontier) {
      let n = enabled(s, actors);
      const alone = reducer.independentCpu(s, actors, n);
      if (alone !== NONE) n = onlyCpu(actors, n, alone);
      if (n === 0) {
        result.schedules++;
        checkAll(s);
        if (s.violation) return { ...result, violation: s.violation };
        continue;
      }
      if (depth >= opts.maxDepth) {
        result.complete = false;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const actor = actors[i]!;
        const c = scratch;
        copyWorldInto(c, s);
        execute(c, Math.floor(actor / 3), (actor % 3) as Action);
        let at = -1;
        if (c.violation === null && c.infeasible === null) {
          keys.encode(c);
          at = seen.indexOf(keys.buf, keys.len);
          // checkAll() reads only what the key holds, and every state added after the root
          // passed it: a state seen before passes it too, and is not new. Skip both.
          if (at > 0) continue;
        }
        if (c.violation === null) checkAll(c);
        if (c.violation) return { ...result, violation: c.violation };
        if (c.infeasible !== null) {
          result.infeasible++;
          continue;
        }
        if (at >= 0) continue; // the root's key: checked above, and not new
        if (seen.size >= opts.maxStates) {
          result.complete = false;
          continue;
        }
        seen.add(keys.buf, keys.len);
        result.states++;
        next.push(cloneWorld(c));
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

/** Enabled actors (cpu * 3 + action) into `out`, in a fixed order (CPU, then IRQ / program / resume); how many. */
function enabled(w: World, out: number[]): number {
  let n = 0;
  for (const c of w.cpus) {
    const mask = enabledMask(w, c);
    if (mask & (1 << ACT_IRQ)) out[n++] = c.id * 3 + ACT_IRQ;
    if (mask & (1 << ACT_PROG)) out[n++] = c.id * 3 + ACT_PROG;
    if (mask & (1 << ACT_RESUME)) out[n++] = c.id * 3 + ACT_RESUME;
  }
  return n;
}

/** Keep only the actors of one CPU (in order); returns how many. */
function onlyCpu(actors: number[], n: number, cpu: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (Math.floor(actors[i]! / 3) === cpu) actors[k++] = actors[i]!;
  return k;
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
