// The exhaustive explorer's bookkeeping against brute-force references: the int32 state key
// (stateKey.ts) merges exactly the worlds the old comma-joined string key merged, the visited set
// (stateSet.ts) answers as a Set of strings would, and copyWorldInto() leaves a world that is
// cloneWorld()'s copy field for field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ARCHS } from '../../../server/src/sim/archs';
import { PRESETS, resolveCosts, topologyFor } from '../../../server/src/sim/costs';
import type { Event, Ipi } from '../../../server/src/sim/events';
import { POLICIES } from '../../../server/src/sim/policies';
import { Prng } from '../../../server/src/sim/prng';
import { makeMachine } from '../../../server/src/sim/run';
import { ACT_IRQ, ACT_PROG, ACT_RESUME, enabledMask, execute, type Action } from '../../../server/src/sim/sched';
import { SCENARIOS } from '../../../server/src/sim/scenarios';
import { pathProgram } from '../../../server/src/sim/scenarios/path';
import { cloneWorld, copyWorldInto, type World } from '../../../server/src/sim/state';
import { StateKeys } from '../../../server/src/sim/stateKey';
import { StateSet } from '../../../server/src/sim/stateSet';
import { createWorld } from '../../../server/src/sim/world';
import { path as steps } from './steps';

/** The key the explorer used before stateKey.ts, verbatim: the reference. */
function stringKey(w: World): string {
  const eventKey = (ev: Event): string => (ev.k === 'path' ? `path:${ev.index}` : JSON.stringify(ev));
  const ipiKey = (ipi: Ipi): string => `${ipi.handler.name}:${ipi.from}:${ipi.mm}:${ipi.arg}`;
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

function enabledActors(w: World): number[] {
  const out: number[] = [];
  for (const c of w.cpus) {
    const mask = enabledMask(w, c);
    for (const a of [ACT_IRQ, ACT_PROG, ACT_RESUME]) if (mask & (1 << a)) out.push(c.id * 3 + a);
  }
  return out;
}

/**
 * Worlds reached breadth first, merged by the reference key so that the search goes deep: every
 * world generated (merged ones too, which are the interesting ones) until `limit` were kept.
 */
function reachable(scenario: string, cpus: number, policy: string, arch: keyof typeof ARCHS, limit: number, path: ReturnType<typeof pathProgram> | null = null): World[] {
  const costs = resolveCosts(PRESETS['x86-server']!, {});
  const inst = SCENARIOS[scenario]!.build({ cpus, params: {}, costs, purpose: 'explore', path });
  const m = makeMachine(cpus, topologyFor(cpus, 50, 2), ARCHS[arch], POLICIES[policy]!, costs);
  const root = createWorld(m, inst, { seed: 1, timed: false, fullTrace: true });
  const seen = new Set([stringKey(root)]);
  const kept: World[] = [root];
  const out: World[] = [root];
  for (let i = 0; i < kept.length && kept.length < limit; i++) {
    const s = kept[i]!;
    if (s.violation !== null || s.infeasible !== null) continue;
    for (const actor of enabledActors(s)) {
      const c = cloneWorld(s);
      execute(c, Math.floor(actor / 3), (actor % 3) as Action);
      out.push(c);
      const key = stringKey(c);
      if (!seen.has(key)) {
        seen.add(key);
        kept.push(c);
      }
    }
  }
  return out;
}

const CASES: [string, number, string, keyof typeof ARCHS][] = [
  ['context-switch', 3, 'refcount', 'x86'],
  ['exit-lazy', 3, 'shootdown', 'powerpc-radix'],
  ['churn', 2, 'hazard', 'arm64'],
  ['io-uring-sqpoll', 2, 'exit-flush', 'x86'],
  ['cpu-hotplug', 3, 'shootdown', 'x86'],
  ['pv-preempted', 3, 'exit-flush', 'x86-pv'],
  ['exit-no-vmas', 3, 'hazard', 'x86'],
];

describe('exhaustive explorer bookkeeping', () => {
  test('the int32 state key merges exactly the worlds the string key merges', () => {
    const path = pathProgram(steps(['grab', 'mm_count reference taken by mmgrab(mm)'], ['use', 'mm used here'], ['drop', 'mm_count reference released by mmdrop(mm)']));
    for (const [scenario, cpus, policy, arch] of CASES) {
      let worlds = 0;
      const keys = new StateKeys();
      const byString = new Map<string, string>();
      const byVector = new Map<string, string>();
      for (const w of [...reachable(scenario, cpus, policy, arch, 3000), ...reachable(scenario, cpus + 1, policy, arch, 1000, path)]) {
        keys.encode(w);
        const vector = Array.from(keys.buf.subarray(0, keys.len)).join(' ');
        const str = stringKey(w);
        assert.equal(byString.get(str) ?? vector, vector, `${scenario}: one string key, two vectors`);
        assert.equal(byVector.get(vector) ?? str, str, `${scenario}: one vector, two string keys`);
        byString.set(str, vector);
        byVector.set(vector, str);
        worlds++;
      }
      // Not a vacuous check: the search reaches worlds that merge and worlds that do not.
      assert.ok(byString.size > 20 && byString.size < worlds, `${scenario}: ${byString.size} keys`);
    }
  });

  test('worlds that differ in one field the string key reads get different int32 keys', () => {
    // Reachable worlds rarely differ in one field alone: change each one by hand, and check that
    // the base world and all its variants have pairwise different keys under both encodings.
    const handler = (name: string): Ipi['handler'] => ({ name, kernel: `${name}()`, run: () => undefined });
    const ipi = (from: number, mm: number, name: string, arg: number): Ipi => ({ k: 'ipi', from, mm, handler: handler(name), at: 0, forExit: false, arg });
    const drop = (mm: number, holder: number): Event => ({ k: 'mmdrop', mm, holder });
    const last = <T>(list: T[], v: T): void => {
      list[list.length - 1] = v;
    };
    type Change = [string, (w: World) => void];
    const changes: Change[] = [
      ['flags', (w) => (w.flags ^= 4)],
      ['pathMm', (w) => (w.pathMm += 1)],
      ...(['curr', 'loadedMm', 'loadedGen', 'prevMm', 'hazardSlot', 'lazyRef', 'waiting', 'pc'] as const).map((f): Change => [`cpu.${f}`, (w) => (w.cpus[1]![f] += 1)]),
      ...(['isLazy', 'irqsOff', 'savedIrqsOff', 'online', 'preempted', 'mbPending'] as const).map((f): Change => [`cpu.${f}`, (w) => (w.cpus[1]![f] = !w.cpus[1]![f])]),
      ['one more continuation', (w) => w.cpus[1]!.cont.push({ k: 'barrier' })],
      ['a continuation on another mm', (w) => last(w.cpus[1]!.cont, drop(2, -2))],
      ['a continuation for another holder', (w) => last(w.cpus[1]!.cont, drop(1, -3))],
      ['one continuation less', (w) => w.cpus[1]!.cont.pop()],
      ['one more IPI', (w) => w.cpus[1]!.inbox.push(ipi(0, 1, 'h', 0))],
      ['an IPI from another CPU', (w) => last(w.cpus[1]!.inbox, ipi(2, 1, 'h', 0))],
      ['an IPI for another mm', (w) => last(w.cpus[1]!.inbox, ipi(0, 2, 'h', 0))],
      ['an IPI with another handler', (w) => last(w.cpus[1]!.inbox, ipi(0, 1, 'g', 0))],
      ['an IPI with another argument', (w) => last(w.cpus[1]!.inbox, ipi(0, 1, 'h', -1))],
      ['the IPI is a continuation', (w) => (w.cpus[1]!.inbox.pop(), w.cpus[1]!.cont.push({ k: 'ipiWait' }))],
      ...(['mm', 'activeMm', 'usersRef', 'useRef'] as const).map((f): Change => [`task.${f}`, (w) => (w.tasks[2]![f] += 1)]),
      ...(['users', 'count', 'tlbGen', 'usersHold', 'pathCount', 'pathUsers', 'ownerCount', 'handedOver', 'handedOverUsers'] as const).map((f): Change => [`mm.${f}`, (w) => (w.mms[1]![f] += 1)]),
      ['mm.life', (w) => (w.mms[1]!.life = w.mms[1]!.life === 'freed' ? 'live' : 'freed')],
      ['mm.cpumask', (w) => (w.mms[1]!.cpumask[1] ^= 1)],
      ['a fraction', (w) => (w.mms[1]!.count += 0.5)],
      ['another fraction', (w) => (w.mms[1]!.count += 0.25)],
    ];
    const keys = new StateKeys();
    const vectorOf = (w: World): string => {
      keys.encode(w);
      return Array.from(keys.buf.subarray(0, keys.len)).join(' ');
    };
    for (const w of reachable('exit-lazy', 3, 'hazard', 'x86', 50)) {
      w.cpus[1]!.cont.push(drop(1, -2));
      w.cpus[1]!.inbox.push(ipi(0, 1, 'h', 0));
      const strings = new Map([[stringKey(w), 'the base world']]);
      const vectors = new Map([[vectorOf(w), 'the base world']]);
      for (const [what, change] of changes) {
        const c = cloneWorld(w);
        change(c);
        const str = stringKey(c);
        assert.equal(strings.get(str), undefined, `reference: ${what}`);
        strings.set(str, what);
        const vector = vectorOf(c);
        assert.equal(vectors.get(vector), undefined, `${what}: the same key as ${vectors.get(vector)}`);
        vectors.set(vector, what);
      }
    }
  });

  test('the visited set answers as a Set of strings does', () => {
    const rng = new Prng(42);
    const set = new StateSet();
    const ref = new Map<string, number>();
    const key = new Int32Array(64);
    for (let i = 0; i < 20000; i++) {
      // Short keys over few values: many repeats, keys that are prefixes of others, the empty key.
      const len = rng.int(6);
      for (let j = 0; j < len; j++) key[j] = rng.int(4) - 1 + (rng.int(50) === 0 ? 0x7fffffff : 0);
      const text = Array.from(key.subarray(0, len)).join(',');
      const expected = ref.get(text) ?? -1;
      assert.equal(set.indexOf(key, len), expected, text);
      if (expected < 0) {
        assert.equal(set.add(key, len), ref.size);
        ref.set(text, ref.size);
        assert.equal(set.indexOf(key, len), ref.size - 1);
      }
      assert.equal(set.size, ref.size);
    }
    assert.ok(ref.size > 1000 && ref.size < 20000);
  });

  test('copyWorldInto() leaves what cloneWorld() would, whatever the world held before', () => {
    // Compare everything but what each world keeps for itself (the step epoch and the scratch
    // lists of one step) and the trace, compared by its steps.
    const own = new Set(['dirtyCpus', 'dirtyEpoch', 'epoch', 'dirtyMms', 'pendingCpu', 'pendingEv', 'trace']);
    const comparable = (w: World): Record<string, unknown> => Object.fromEntries(Object.entries(w).filter(([k]) => !own.has(k)));
    const rng = new Prng(7);
    for (const [scenario, cpus, policy, arch] of CASES) {
      const worlds = reachable(scenario, cpus, policy, arch, 600);
      const scratch = cloneWorld(worlds[0]!);
      for (let i = 0; i < 200; i++) {
        const src = worlds[rng.int(worlds.length)]!;
        copyWorldInto(scratch, src);
        const ref = cloneWorld(src);
        assert.deepEqual(comparable(scratch), comparable(ref), scenario);
        assert.deepEqual(scratch.trace.steps(scratch), ref.trace.steps(ref), scenario);
      }
    }
  });

  test('copyWorldInto() copies every field of every record', () => {
    // A field added to Cpu, Mm, Task, Line or Metrics and forgotten in copyWorldInto() would
    // carry one branch's value into the next: give every field of the source a value no world
    // has, and look for it in the copy.
    const [a, b] = reachable('exit-lazy', 2, 'refcount', 'x86', 2);
    const odd = (v: unknown): unknown => {
      if (typeof v === 'number') return Number.isNaN(v) ? 0.25 : v + 0.5;
      if (typeof v === 'boolean') return !v;
      if (typeof v === 'string') return `${v}?`;
      if (Array.isArray(v)) return [...v, { k: 'barrier' }];
      if (v instanceof Uint8Array) return v.map((x) => x + 7);
      return v;
    };
    const mutate = (rec: object): void => {
      for (const [k, v] of Object.entries(rec)) {
        if (v instanceof Uint8Array) v.set(odd(v) as Uint8Array);
        else if (k.endsWith('Line')) mutate(v as object);
        else (rec as Record<string, unknown>)[k] = odd(v);
      }
    };
    for (const c of b!.cpus) mutate(c);
    for (const mm of b!.mms) mutate(mm);
    for (const t of b!.tasks) mutate(t);
    mutate(b!.metrics);
    copyWorldInto(a!, b!);
    for (const [i, c] of b!.cpus.entries()) assert.deepEqual(a!.cpus[i], c);
    for (const [i, mm] of b!.mms.entries()) assert.deepEqual(a!.mms[i], mm);
    for (const [i, t] of b!.tasks.entries()) assert.deepEqual(a!.tasks[i], t);
    assert.deepEqual(a!.metrics, b!.metrics);
  });
});
