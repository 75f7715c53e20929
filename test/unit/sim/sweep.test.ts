// The sweep of an annotated path: the charts of a finding's path are that path's costs, point for
// point what simulate() reports for the same machine, and CPU counts too small to give the path a
// CPU of its own are skipped with a note, as simulate() would refuse them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simulate, sweep, type SweepPoint, type SweepRequest, type SweepResult } from '../../../server/src/sim/index';
import { path } from './steps';

/** LMM001's shape: a kworker takes an mm_count reference and returns without dropping it. */
const LEAK = path(['grab', 'mm_count reference taken by mmgrab(mm)'], ['use', 'mm used here']);
/** Pins the mm with mm_users and flushes its TLB (tlb_finish_mmu()): a flush the scenario never sent. */
const FLUSH = path(['get', 'mm_users reference taken by mmget(mm)'], ['release', 'mmu_gather batch released by tlb_finish_mmu(&tlb)'], ['put', 'mm_users reference released by mmput(mm)']);

function point(s: SweepResult, policy: string, arch: string, cpus: number): SweepPoint {
  const p = s.series.find((x) => x.policy === policy && x.arch === arch)?.points.find((x) => x.cpus === cpus);
  assert.ok(p, `no point for ${policy}/${arch} at ${cpus} CPUs`);
  return p;
}

/** Every point of the sweep, with the path-less sweep's point for the same cell. */
function pairs(withPath: SweepResult, bare: SweepResult): { label: string; p: SweepPoint; b: SweepPoint }[] {
  const out: { label: string; p: SweepPoint; b: SweepPoint }[] = [];
  for (const s of withPath.series) {
    for (const p of s.points) out.push({ label: `${s.policy}/${s.arch} at ${p.cpus} CPUs`, p, b: point(bare, s.policy, s.arch, p.cpus) });
  }
  return out;
}

describe('simulator sweep of a path', () => {
  test('a leaked reference: more atomics than the bare scenario and invariant 2 at every CPU count', () => {
    const req: SweepRequest = { scenario: 'exit-lazy', cpuCounts: [2, 3, 8, 64] };
    const leak = sweep({ ...req, path: { steps: LEAK } });
    const bare = sweep(req);
    assert.deepEqual(leak.cpuCounts, [2, 3, 8, 64]);
    assert.equal(leak.series.length, 16);
    for (const { label, p, b } of pairs(leak, bare)) {
      // The path's mmgrab() is an atomic the scenario alone never does; nothing drops it, so the
      // mm is never freed and the end-of-run check finds mm_count one too high.
      assert.ok(p.atomics > b.atomics, `${label}: ${p.atomics} atomics with the path, ${b.atomics} without`);
      assert.equal(p.violated, 2, label);
      assert.notEqual(b.violated, 2, label);
    }
  });

  test('a TLB flush on the path adds IPIs where x86 flushes by IPI, and none where arm64 broadcasts', () => {
    const req: SweepRequest = { scenario: 'context-switch', archs: ['x86', 'arm64'], cpuCounts: [4, 16, 64] };
    const flush = sweep({ ...req, path: { steps: FLUSH } });
    const bare = sweep(req);
    for (const { label, p, b } of pairs(flush, bare)) {
      // x86 IPIs the CPUs of mm_cpumask, where context-switch's threads run; arm64 issues a
      // broadcast TLBI that interrupts no one, so only the policy's own IPIs remain.
      if (label.includes('/x86 ')) assert.ok(p.ipis > b.ipis, `${label}: ${p.ipis} IPIs with the path, ${b.ipis} without`);
      else assert.equal(p.ipis, b.ipis, label);
    }
  });

  test('each point is what simulate() reports for that machine, path and cell', () => {
    for (const [scenario, steps] of [['exit-lazy', LEAK], ['context-switch', FLUSH]] as const) {
      const cpuCounts = [2, 5, 32];
      const s = sweep({ scenario, cpuCounts, path: { steps }, seed: 7 });
      for (const cpus of cpuCounts) {
        const sim = simulate({ scenario, cpus, path: { steps }, seed: 7, explore: false });
        assert.equal(sim.cpus, cpus);
        assert.equal(sim.results.length, s.series.length);
        for (const r of sim.results) {
          const expected: SweepPoint = {
            cpus,
            atomics: r.atomics,
            remoteTransfers: r.remoteTransfers,
            ipis: r.ipis,
            policyIpis: r.policyIpis,
            loads: r.loads,
            exitLatencyNs: r.exitLatencyNs,
            exitCpuNs: r.exitCpuNs,
            throughput: r.throughput?.value ?? null,
            lineUtilization: r.hottestLine?.utilization ?? 0,
            violated: r.verdict.violation?.invariant ?? null,
            events: r.events,
          };
          assert.deepEqual(point(s, r.policy, r.arch, cpus), expected, `${scenario}: ${r.policy}/${r.arch} at ${cpus} CPUs`);
        }
      }
    }
  });

  test('CPU counts that leave the path no CPU of its own are skipped with a note, where simulate() would raise them', () => {
    // cpu-hotplug needs 2 CPUs; the path runs on a third.
    const s = sweep({ scenario: 'cpu-hotplug', cpuCounts: [1, 2, 3, 4], path: { steps: LEAK } });
    assert.deepEqual(s.cpuCounts, [3, 4]);
    for (const series of s.series) assert.deepEqual(series.points.map((p) => p.cpus), [3, 4]);
    assert.deepEqual(s.notes, ['1 CPUs skipped: cpu-hotplug with a path needs 3 to 4096', '2 CPUs skipped: cpu-hotplug with a path needs 3 to 4096']);
    // The same bound as simulate()'s: 2 CPUs with this path become 3 there.
    assert.equal(simulate({ scenario: 'cpu-hotplug', cpus: 2, path: { steps: LEAK }, explore: false }).cpus, 3);
    // Without a path, 2 CPUs are enough.
    assert.deepEqual(sweep({ scenario: 'cpu-hotplug', cpuCounts: [1, 2, 3, 4] }).cpuCounts, [2, 3, 4]);
  });

  test('no path, a null path and an empty one give the bare scenario', () => {
    const req: SweepRequest = { scenario: 'exit-lazy', cpuCounts: [1, 4, 16], archs: ['x86', 'arm64'] };
    const bare = sweep(req);
    assert.deepEqual(bare.cpuCounts, [1, 4, 16]);
    assert.deepEqual(sweep({ ...req, path: null }), bare);
    assert.deepEqual(sweep({ ...req, path: { steps: [] } }), bare);
  });
});
