// The engine as a library: deterministic for a seed, pluggable (a fifth policy is one object, and
// invariant 5 judges it), tolerant of bad input, and pure (nothing from Node, the DOM or VS Code).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ARCHS } from '../../../server/src/sim/archs';
import { PRESETS, resolveCosts, topologyFor } from '../../../server/src/sim/costs';
import { exploreExhaustive } from '../../../server/src/sim/explore';
import { pathOp, PUBLISHED, simulate, sweep, DEFAULT_CPU_COUNTS, POLICIES } from '../../../server/src/sim/index';
import { barrier } from '../../../server/src/sim/ops';
import type { Policy } from '../../../server/src/sim/policies/types';
import { makeMachine, runTimed } from '../../../server/src/sim/run';
import { SCENARIOS } from '../../../server/src/sim/scenarios';
import { path as steps } from './steps';

const SIM_DIR = path.resolve(__dirname, '../../../server/src/sim');

describe('simulator engine', () => {
  test('the same request and seed give the same result, bit for bit', () => {
    const req = { scenario: 'exit-lazy', cpus: 3, path: { steps: steps(['use', 'active_mm read here']) }, seed: 7, timeline: true } as const;
    assert.deepEqual(simulate(req), simulate(req));
    // Large machines: seeded random schedules instead of every interleaving.
    const big = { scenario: 'io-uring-sqpoll', cpus: 12, seed: 3, policies: ['shootdown'], archs: ['arm64'] } as const;
    const a = simulate(big);
    assert.equal(a.results[0]!.verdict.checked.mode, 'random');
    assert.deepEqual(a, simulate(big));
    const s = { cpuCounts: [1, 4, 32, 256], seed: 11 };
    assert.deepEqual(sweep(s), sweep(s));
  });

  test('the seed drives the schedule: another seed, other timings', () => {
    const at = (seed: number): number => simulate({ scenario: 'context-switch', cpus: 16, seed, explore: false, policies: ['refcount'], archs: ['x86'] }).results[0]!.simulatedNs;
    assert.notEqual(at(1), at(2));
  });

  test('a fifth policy is one object; invariant 5 catches the membarrier barrier it forgot', () => {
    // Lazy users hold nothing and mmdrop_lazy_tlb() is a no-op: the kernel -> user switch back to
    // the same mm writes no CR3 on x86, so nothing orders rq->curr against user space.
    const noBarrier: Policy = {
      name: 'no-barrier',
      title: 'test policy: no lazy reference, no barrier',
      source: 'this test',
      reliesOnCpumask: false,
      countsLazy: false,
      reachesCandidates: false,
      lazyGrab: () => {},
      lazyDrop: () => {},
      usersGone: () => {},
      beforeFree: () => {},
    };
    const costs = resolveCosts(PRESETS['x86-server'], {});
    const inst = SCENARIOS['context-switch']!.build({ cpus: 2, params: {}, costs, purpose: 'timed', path: null });
    const run = (arch: 'x86' | 'arm64', policy: Policy) => runTimed(makeMachine(2, topologyFor(2, 50, 2), ARCHS[arch], policy, costs), inst, { seed: 1 });
    const v = run('x86', noBarrier).violation;
    assert.equal(v?.invariant, 5, v?.message);
    assert.match(v!.message, /finish_task_switch\(\) returns to user space/);
    // arm64's switch_to() is a barrier on every switch: no invariant 5 there (only the exit's
    // invariant 1, as for any policy that holds nothing on an architecture whose flush shoots no
    // one). And the same policy with the smp_mb() is fine on x86.
    assert.equal(run('arm64', noBarrier).violation?.invariant, 1);
    assert.equal(run('x86', { ...noBarrier, lazyDrop: (w, cpu) => barrier(w, cpu) }).violation, null);
    // The built-in policies are untouched by it.
    assert.deepEqual(Object.keys(POLICIES), ['refcount', 'shootdown', 'hazard', 'exit-flush']);
  });

  test('exhaustive exploration finds the shortest trace to a violation', () => {
    const costs = resolveCosts(PRESETS['x86-server'], {});
    const inst = SCENARIOS['exit-no-vmas']!.build({ cpus: 2, params: {}, costs, purpose: 'explore', path: null });
    const r = exploreExhaustive(makeMachine(2, topologyFor(2, 50, 2), ARCHS.x86, POLICIES['exit-flush']!, costs), inst, { seed: 1, maxStates: 1000, maxDepth: 100 });
    assert.equal(r.violation?.invariant, 1);
    // The prologue (CPU 1's thread exits and goes idle, lazily on proc), then the shortest way to
    // the free: nothing else happens in between, no flush IPI is ever sent.
    const mainPhase = r.violation!.trace.filter((s) => s.cpu === 0).map((s) => s.event);
    assert.deepEqual(mainPhase, ['exitMm', 'mmputFinal', 'exitMmap', 'mmdrop', 'mmdropFinal', 'mmFree']);
    assert.match(r.violation!.message, /^CPU \d still has proc loaded after it was freed/);
  });

  test('annotated-path steps map to simulator operations by kind and by the call they quote', () => {
    const cases: [Parameters<typeof steps>[0], string][] = [
      [['grab', 'mm_count reference taken by mmgrab(mm)'], 'grab'],
      [['grab', 'mm_count reference taken by mmgrab_lazy_tlb(mm)'], 'grabLazy'],
      [['drop', 'mm_count reference released by mmdrop_lazy_tlb(mm)'], 'dropLazy'],
      [['get', 'mm_users reference taken by mmget_not_zero(mm)'], 'getNotZero'],
      [['get', 'mm_users reference taken by mmget(mm)'], 'get'],
      [['put', 'mm_users reference released by mmput(mm)'], 'put'],
      [['acquire', 'kthread_use_mm() of the mm taken by kthread_use_mm(mm)'], 'kthreadUse'],
      [['release', 'mmu_gather batch released by tlb_finish_mmu(&tlb)'], 'flush'],
      [['handover', 'reference handed over: stored in ctx->mm'], 'handover'],
      [['switch', 'current->active_mm changes here'], 'setActiveMm'],
      [['switch', 'current->mm changes here'], 'setMm'],
      [['switch', 'switch_mm() is called with IRQs possibly on'], 'switchMm'],
      [['irq', 'IRQs disabled here'], 'irqOff'],
      [['irq', 'IRQs may be enabled again here'], 'irqOn'],
      [['use', 'active_mm read here'], 'useActive'],
      [['use', 'get_user_pages_remote() needs mm_users'], 'walk'],
      [['use', 'mm used here'], 'use'],
      [['branch', "assuming 'ret' is false"], 'note'],
    ];
    for (const [step, op] of cases) assert.equal(pathOp(steps(step)[0]!), op, step[1]);
  });

  test('bad input is reported, not thrown', () => {
    const r = simulate({ scenario: 'nope', cpus: -5, policies: ['refcount', 'bogus'], archs: ['x86', 'sparc'], explore: false });
    assert.equal(r.scenario, 'context-switch');
    assert.equal(r.cpus, 1);
    assert.deepEqual(r.results.map((x) => `${x.policy}/${x.arch}`), ['refcount/x86']);
    assert.equal(r.notes.length, 4, r.notes.join('\n'));
    const withPath = simulate({ scenario: 'cpu-hotplug', cpus: 1, path: { steps: steps(['use', 'mm used here']) }, explore: false });
    assert.equal(withPath.cpus, 3, 'a path takes a CPU of its own');
  });

  test('a sweep covers 1 to 1024 CPUs for every policy and architecture, with the published points', () => {
    const s = sweep({});
    assert.deepEqual(s.cpuCounts, [...DEFAULT_CPU_COUNTS]);
    assert.equal(s.series.length, 16);
    for (const series of s.series) {
      assert.equal(series.points.length, 11);
      for (const p of series.points) assert.ok(p.throughput! > 0 && p.events > 0);
    }
    assert.deepEqual(s.published.map((p) => p.id), PUBLISHED.filter((p) => p.scenario === 'context-switch').map((p) => p.id));
  });

  test('the per-CPU timeline shows lazy CPUs, references and IPIs', () => {
    const r = simulate({ scenario: 'exit-lazy', cpus: 4, archs: ['x86'], policies: ['refcount'], timeline: true, explore: false });
    const tl = r.results[0]!.timeline!;
    assert.equal(tl.cpus, 4);
    assert.ok(tl.segments.some((s) => s.lane === 'lazy' && s.mm === 'proc'));
    assert.ok(tl.marks.some((m) => m.kind === 'ipi'));
    assert.ok(tl.marks.some((m) => m.kind === 'grab' || m.kind === 'drop'));
    for (const s of tl.segments) assert.ok(s.to >= s.from);
  });

  test('the engine imports nothing outside server/src/sim but the Step types', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
      }
    };
    walk(SIM_DIR);
    for (const file of files) {
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
        const [, , typeOnly, spec] = m;
        const target = path.resolve(path.dirname(file), spec!);
        const inside = target.startsWith(SIM_DIR + path.sep);
        const stepTypes = target === path.resolve(SIM_DIR, '../paths/step') && typeOnly !== undefined;
        assert.ok(spec!.startsWith('.') && (inside || stepTypes), `${path.relative(SIM_DIR, file)} imports '${spec}'`);
      }
    }
    const tsconfig = JSON.parse(fs.readFileSync(path.join(SIM_DIR, 'tsconfig.json'), 'utf8')) as { compilerOptions: { lib: string[]; types: string[] } };
    assert.deepEqual(tsconfig.compilerOptions.types, []);
    assert.ok(!tsconfig.compilerOptions.lib.some((l) => /dom/i.test(l)));
  });
});
