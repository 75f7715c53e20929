// The invariants catch what docs/simulator.md says they must, and stay quiet where the policy is
// sound: each hole of a non-refcounting policy shows up as the invariant it breaks, with the step
// trace and, for steps of an annotated path, their source lines; the same scenarios are clean
// under refcount on every architecture.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ARCH_NAMES, simulate, type PolicyArchResult, type SimulateRequest } from '../../../server/src/sim/index';
import { lineOf, path } from './steps';

function results(req: SimulateRequest): Map<string, PolicyArchResult> {
  const out = new Map<string, PolicyArchResult>();
  for (const r of simulate(req).results) out.set(`${r.policy}/${r.arch}`, r);
  return out;
}

function get(map: Map<string, PolicyArchResult>, key: string): PolicyArchResult {
  const r = map.get(key);
  assert.ok(r, `no result for ${key}`);
  return r;
}

function assertCleanUnderRefcount(map: Map<string, PolicyArchResult>): void {
  for (const arch of ARCH_NAMES) {
    const r = get(map, `refcount/${arch}`);
    assert.equal(r.verdict.violation, null, `refcount/${arch}: ${r.verdict.violation?.message}`);
    assert.equal(r.verdict.safe, true);
  }
}

function violated(map: Map<string, PolicyArchResult>, key: string, invariant: number): NonNullable<PolicyArchResult['verdict']['violation']> {
  const v = get(map, key).verdict.violation;
  assert.ok(v, `${key} should break invariant ${invariant}`);
  assert.equal(v.invariant, invariant, `${key}: ${v.message}`);
  assert.ok(v.trace.length > 0, 'a violation carries the steps that led to it');
  assert.equal(v.trace[v.trace.length - 1]!.seq, v.seq, 'the trace ends with the failing step');
  return v;
}

describe('simulator invariants', () => {
  test('(a) shootdown frees the mm while a CPU is lazy on it and missing from mm_cpumask', () => {
    // A kernel thread, lazily on the exiting process's mm, trims its own cpumask bit.
    const steps = path(['irq', 'IRQs disabled here'], ['use', 'cpumask_clear_cpu(smp_processor_id(), mm_cpumask(mm)) called here'], ['irq', 'IRQs may be enabled again here']);
    const map = results({ scenario: 'exit-lazy', cpus: 3, path: { steps } });
    for (const arch of ['powerpc-radix', 'x86']) {
      const v = violated(map, `shootdown/${arch}`, 3);
      assert.match(v.message, /CPU 0 still has it loaded lazily but is not in the mm_cpumask\(\)/);
      const clear = v.trace.find((s) => s.pathStep === 1);
      assert.ok(clear, 'the path step that cleared the bit is in the trace');
      assert.equal(clear.range?.start.line, lineOf(1));
    }
    // Without a cpumask the shootdown IPIs every CPU, and the lazy CPU is reached anyway.
    assert.equal(get(map, 'shootdown/arm64').verdict.safe, true);
    assertCleanUnderRefcount(map);
  });

  test('(b) exit-flush: an exit with no VMAs skips the flush that should have shot the lazy CPUs', () => {
    const map = results({ scenario: 'exit-no-vmas', cpus: 3 });
    const v = violated(map, 'exit-flush/x86', 1);
    assert.match(v.message, /still has proc loaded after it was freed/);
    assert.ok(v.trace.some((s) => s.event === 'exitMmap'));
    assert.ok(!v.trace.some((s) => s.event === 'ipi'), 'no flush IPI went out');
    // The same exit with VMAs is safe on x86: the exit flush does the shootdown.
    assert.equal(get(results({ scenario: 'exit-lazy', cpus: 3, archs: ['x86'] }), 'exit-flush/x86').verdict.safe, true);
    assertCleanUnderRefcount(map);
  });

  test('(c) exit-flush on x86-pv: a preempted lazy vCPU is flushed by the host, not switched away', () => {
    const map = results({ scenario: 'pv-preempted', cpus: 3 });
    const v = violated(map, 'exit-flush/x86-pv', 1);
    assert.match(v.message, /^CPU 2 still has proc loaded/, 'CPU 2 is the preempted one');
    assert.ok(get(map, 'exit-flush/x86-pv').hostFlushes > 0);
    // Bare-metal x86 IPIs the vCPU and waits for it to run: safe, and slow.
    const bare = get(map, 'exit-flush/x86');
    assert.equal(bare.verdict.safe, true);
    assert.ok(bare.exitLatencyNs! > 1_000_000, 'the exit waited for the preempted vCPU');
    assertCleanUnderRefcount(map);
  });

  test('(d) the dangling active_mm of seed 003: read after the free under shootdown and exit-flush', () => {
    const steps = path(['use', 'active_mm read here']);
    const map = results({ scenario: 'exit-lazy', cpus: 3, path: { steps } });
    for (const key of ['shootdown/x86', 'exit-flush/x86']) {
      const v = violated(map, key, 1);
      assert.match(v.message, /reading current->active_mm .* after __mmdrop\(\) freed it/);
      assert.equal(v.range?.start.line, lineOf(0), 'the violation points at the line that reads active_mm');
      assert.ok(v.trace.some((s) => s.event === 'mmFree'), 'the free is in the trace');
      assert.equal(get(map, key).verdict.checked.mode, 'exhaustive');
    }
    // powerpc's exit flush moves a lazy kernel thread's active_mm to init_mm before the free.
    assert.equal(get(map, 'shootdown/powerpc-radix').verdict.safe, true);
    // Hazard pointers keep the mm until the lazy CPU lets go.
    assert.equal(get(map, 'hazard/x86').verdict.safe, true);
    assertCleanUnderRefcount(map);
  });

  test('(e) a double drop breaks count conservation under every policy, at the second drop', () => {
    const steps = path(['grab', 'mm_count reference taken by mmgrab(mm)'], ['drop', 'mm_count reference released by mmdrop(mm)'], ['drop', 'released again here']);
    const map = results({ scenario: 'exit-lazy', cpus: 3, path: { steps } });
    for (const r of map.values()) {
      const v = r.verdict.violation;
      assert.ok(v, `${r.policy}/${r.arch}`);
      assert.equal(v.invariant, 2);
      assert.match(v.message, /double drop/);
      assert.equal(v.range?.start.line, lineOf(2));
    }
  });

  test('a path that releases a reference its caller gave it is not a double drop', () => {
    const steps = path(['drop', 'mm_count reference released by mmdrop(ctx->mm)']);
    const map = results({ scenario: 'exit-lazy', cpus: 3, path: { steps }, policies: ['refcount'] });
    for (const r of map.values()) assert.equal(r.verdict.safe, true, r.verdict.violation?.message);
  });

  test('a reference taken and not given back is a leak at the return', () => {
    const steps = path(['grab', 'mm_count reference taken by mmgrab(mm)'], ['exit', 'returns here with the reference still held']);
    const map = results({ scenario: 'exit-lazy', cpus: 2, path: { steps }, policies: ['refcount'], archs: ['x86'] });
    assert.match(violated(map, 'refcount/x86', 2).message, /still holding 1 mm_count reference/);
  });

  test('invariant 4: active_mm written with IRQs on, not with IRQs off', () => {
    const bad = results({ scenario: 'exit-lazy', cpus: 2, path: { steps: path(['switch', 'current->active_mm changes here']) }, policies: ['refcount'], archs: ['x86'] });
    assert.match(violated(bad, 'refcount/x86', 4).message, /with IRQs on/);
    const good = results({
      scenario: 'exit-lazy',
      cpus: 2,
      path: { steps: path(['irq', 'IRQs disabled here'], ['switch', 'current->active_mm changes here'], ['irq', 'IRQs may be enabled again here']) },
      policies: ['refcount'],
      archs: ['x86'],
    });
    assert.equal(get(good, 'refcount/x86').verdict.safe, true, get(good, 'refcount/x86').verdict.violation?.message);
  });

  test('invariant 6: page tables walked on mm_count alone race with exit_mmap(); mmget_not_zero() first is safe', () => {
    const onlyCount = path(['grab', 'mm_count reference taken by mmgrab(mm)'], ['use', 'get_user_pages_remote() needs mm_users'], ['drop', 'mm_count reference released by mmdrop(mm)']);
    const map = results({ scenario: 'exit-lazy', cpus: 3, path: { steps: onlyCount } });
    assert.match(violated(map, 'refcount/x86', 6).message, /after its mm_users reached 0/);
    const withUsers = path(
      ['get', 'mm_users reference taken by mmget_not_zero(mm)'],
      ['use', 'get_user_pages_remote() needs mm_users'],
      ['put', 'mm_users reference released by mmput(mm)'],
    );
    const safe = results({ scenario: 'exit-lazy', cpus: 3, path: { steps: withUsers }, policies: ['refcount'] });
    for (const r of safe.values()) {
      assert.equal(r.verdict.safe, true, `${r.arch}: ${r.verdict.violation?.message}`);
      assert.ok(r.verdict.checked.infeasible > 0, 'schedules where mmget_not_zero() fails are set aside, not reported');
    }
  });

  test('CPU hotplug while lazy and io_uring SQPOLL are safe under refcount and hazard pointers', () => {
    for (const scenario of ['cpu-hotplug', 'io-uring-sqpoll']) {
      const map = results({ scenario, cpus: 3, policies: ['refcount', 'hazard'] });
      for (const r of map.values()) assert.equal(r.verdict.safe, true, `${scenario} ${r.policy}/${r.arch}: ${r.verdict.violation?.message}`);
    }
  });

  test('a path that takes mm_users before walking is safe wherever the policy is sound', () => {
    // Found by exploration once: an exit flush's sender must wait for its IPIs before __mmput()
    // drops the users' reference, or __mmdrop() frees the mm under a CPU the flush has not reached.
    const steps = path(
      ['get', 'mm_users reference taken by mmget_not_zero(mm)'],
      ['use', 'get_user_pages_remote() needs mm_users'],
      ['put', 'mm_users reference released by mmput(mm)'],
    );
    for (const scenario of ['exit-lazy', 'cpu-hotplug', 'io-uring-sqpoll', 'pv-preempted']) {
      const map = results({ scenario, cpus: 3, path: { steps }, policies: ['refcount', 'shootdown', 'hazard'] });
      for (const r of map.values()) assert.equal(r.verdict.safe, true, `${scenario} ${r.policy}/${r.arch}: ${r.verdict.violation?.message}`);
    }
  });

  test('exhaustive exploration covers every interleaving of a small machine', () => {
    const map = results({ scenario: 'exit-lazy', cpus: 3, path: { steps: path(['use', 'active_mm read here']) }, policies: ['refcount'] });
    for (const r of map.values()) {
      assert.equal(r.verdict.checked.mode, 'exhaustive');
      assert.equal(r.verdict.checked.complete, true);
    }
  });
});
