// The simulator panel in headless Chromium: the page the extension serves (its HTML, its CSP, the
// built bundles, the engine in a Worker), driven through the hooks the end-to-end suite uses.
// Expected figures are worked out from the model (server/src/sim), as each comment says; every
// wait polls sim-status for "ready" rather than assuming how long the engine takes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DOUBLE_DROP_STEPS, pathMessage, SAFE_STEPS } from './fixtures';
import { cellText, chartRow, countMessages, openSimulator, pageState, post, posted, settleMessages, startHarness, violations, waitPosted, waitReady, waitViolation, type Harness } from './harness';

const POLICIES = ['refcount', 'shootdown', 'hazard', 'exit-flush'];
const ARCHS = ['x86', 'x86-pv', 'arm64', 'powerpc-radix'];

describe('simulator panel', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  test('renders the path, the verdict table, the timeline and the charts for a path from the extension', async () => {
    const page = await openSimulator(h);
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);

    assert.equal(await page.locator('#heading').textContent(), 'simulate walk_remote');
    const steps = page.locator('[data-testid="sim-steps"] [data-testid="sim-step"]');
    assert.equal(await steps.count(), 3);
    // One-based line numbers: the fixture's steps are on zero-based lines 40 to 42.
    assert.match((await steps.nth(1).textContent()) ?? '', /^42use.*get_user_pages_remote\(mm, addr/);

    // Default controls: every policy x architecture, exit-lazy at 4 CPUs.
    const cells = page.locator('[data-testid="verdict-table"] td[data-policy][data-arch]');
    assert.equal(await cells.count(), POLICIES.length * ARCHS.length);
    for (const text of await cells.allTextContents()) assert.match(text, /^(safe|violated)/);
    // Taking mm_users first is safe under refcount on every architecture (invariants test (f)).
    for (const arch of ARCHS) assert.match(await cellText(page, 'refcount', arch), /^safe/);
    // exit-flush holds nothing and relies on the exit flush IPIing lazy CPUs; arm64 and powerpc
    // flush with broadcast TLBIs that run no code on them, so the freed mm stays loaded: invariant 1.
    assert.match(await cellText(page, 'exit-flush', 'arm64'), /^violated: invariant 1/);

    assert.ok((await page.locator('[data-testid="timeline"] svg rect.seg').count()) > 0, 'the timeline has lanes');
    // exit-lazy has no throughput; exit latency, IPIs, policy IPIs, loads, transfers: five charts.
    const charts = page.locator('[data-testid="chart"]');
    assert.equal(await charts.count(), 5);
    assert.equal(await page.locator('[data-testid="chart"] canvas').count() >= 5, true, 'uPlot drew on canvas');
    // Hazard pointers: __mmdrop() load-acquires every CPU's slot, so N loads at N CPUs. The sweep
    // runs the path on a CPU of its own beside exit-lazy, so it starts at 2 CPUs.
    assert.deepEqual(await chartRow(page, 'loads', 'hazard/x86'), ['2', '4', '8', '16', '32', '64', '128', '256', '512', '–', '1,024']);
    // The "800 loads" figure is marked on that chart (its 800-CPU column is '–' above: the sweep has no such point).
    assert.match((await page.locator('[data-testid="chart"][data-metric="loads"] .chart-data').textContent()) ?? '', /800-CPU exit: hazard pointers cost about 800 loads/);
    assert.deepEqual(await violations(page), [], 'rendering breaks no CSP rule (uPlot, the Worker, the stylesheet)');
    await page.close();
  });

  test('changing policy, architecture and CPUs re-renders the table and the charts', async () => {
    const page = await openSimulator(h);
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);

    await page.selectOption('[data-testid="control-policy"]', 'refcount');
    await page.selectOption('[data-testid="control-arch"]', 'powerpc-radix');
    await waitReady(page);
    const cells = page.locator('[data-testid="verdict-table"] td[data-policy][data-arch]');
    assert.equal(await cells.count(), 1);
    // powerpc radix flushes with tlbie broadcasts, and refcount keeps lazy CPUs safe with
    // references: nothing is ever sent to another CPU.
    assert.match(await cellText(page, 'refcount', 'powerpc-radix'), /^safe.*IPIs 0 ·/);
    assert.equal(await page.locator('[data-testid="chart"][data-metric="ipis"]').getAttribute('data-series'), 'refcount/powerpc-radix');
    assert.deepEqual(new Set(await chartRow(page, 'ipis', 'refcount/powerpc-radix')), new Set(['0']));

    await page.selectOption('[data-testid="control-policy"]', 'shootdown');
    await waitReady(page);
    // Under shootdown the exit's fullmm flush IPIs mm_cpumask (exit_flush_lazy_tlbs): at 4 CPUs
    // CPU 1 exits while CPU 0 (the path's kworker, lazily on proc) and CPUs 2 and 3 (idle, lazily
    // on proc) are in the mask: 3 IPIs. The handlers trim the mask, so __mmdrop() shoots no more.
    assert.match(await cellText(page, 'shootdown', 'powerpc-radix'), /^safe.*IPIs 3 ·/);
    assert.equal(await page.locator('[data-testid="verdict-table"] td[data-policy="refcount"]').count(), 0);
    // The sweep, with the path on CPU 0 from 2 CPUs: as in the table, the exiting CPU IPIs the
    // other N-1, all lazily on the mm.
    assert.deepEqual(await chartRow(page, 'ipis', 'shootdown/powerpc-radix'), ['1', '3', '7', '15', '31', '63', '127', '255', '511', '1,023']);
    assert.equal(await page.locator('[data-testid="chart"][data-metric="ipis"]').getAttribute('data-marker-cpus'), '4');

    await page.fill('[data-testid="control-cpus"]', '8');
    await page.press('[data-testid="control-cpus"]', 'Enter');
    await waitReady(page);
    // Eight CPUs: seven others in the mask.
    assert.match(await cellText(page, 'shootdown', 'powerpc-radix'), /^safe.*IPIs 7 ·/);
    assert.equal(await page.locator('[data-testid="chart"][data-metric="ipis"]').getAttribute('data-marker-cpus'), '8');
    // The controls were saved for a restart.
    const saved = (await pageState(page)) as { controls: { policy: string; arch: string; cpus: number } };
    assert.deepEqual({ policy: saved.controls.policy, arch: saved.controls.arch, cpus: saved.controls.cpus }, { policy: 'shootdown', arch: 'powerpc-radix', cpus: 8 });
    await page.close();
  });

  test('the charts are of the path: another path, other curves', async () => {
    const page = await openSimulator(h);
    // Fewer cells to draw; the sweep still runs every policy and architecture.
    await page.selectOption('[data-testid="control-policy"]', 'shootdown');
    await page.selectOption('[data-testid="control-arch"]', 'powerpc-radix');
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);
    const caption = page.locator('[data-testid="charts-caption"]');
    assert.equal(await caption.textContent(), 'Curves for the path of walk_remote, run on CPU 0 in scenario exit-lazy, at 2 to 1,024 CPUs (fewer leave the path no CPU of its own).');
    // The path needs a CPU of its own: no 1-CPU column.
    assert.deepEqual(await page.locator('[data-testid="chart"][data-metric="ipis"] thead th').allTextContents(), ['CPUs', '2', '4', '8', '16', '32', '64', '128', '256', '512', '1024']);
    // mm_users pinned and let go before the exit: the exit flush IPIs the other N-1 CPUs, as without a path.
    const safeIpis = ['1', '3', '7', '15', '31', '63', '127', '255', '511', '1,023'];
    assert.deepEqual(await chartRow(page, 'ipis', 'shootdown/powerpc-radix'), safeIpis);
    assert.deepEqual(await chartRow(page, 'policyIpis', 'shootdown/powerpc-radix'), safeIpis.map(() => '0'));

    // Another path, same controls: the charts are recomputed for it.
    await countMessages(page);
    await post(page, pathMessage('put_twice', DOUBLE_DROP_STEPS, 'LMM002'));
    await settleMessages(page, 1);
    await waitReady(page);
    assert.equal(await caption.textContent(), 'Curves for the path of LMM002 in put_twice, run on CPU 0 in scenario exit-lazy, at 2 to 1,024 CPUs (fewer leave the path no CPU of its own).');
    // Its second mmdrop() gives back the caller's reference while proc still runs: mm_count hits
    // zero, and __mmdrop()'s cleanup_lazy_tlbs() shoots the other N-1 CPUs, all in mm_cpumask.
    // The exit that follows flushes them once more: 2(N-1) IPIs, half of them the policy's.
    assert.deepEqual(await chartRow(page, 'ipis', 'shootdown/powerpc-radix'), ['2', '6', '14', '30', '62', '126', '254', '510', '1,022', '2,046']);
    assert.deepEqual(await chartRow(page, 'policyIpis', 'shootdown/powerpc-radix'), safeIpis);
    assert.equal(await page.locator('#charts.stale').count(), 0, 'the charts are current');
    await page.close();
  });

  test('a path that drops its reference twice violates invariant 2 under every policy, at the second drop', async () => {
    const page = await openSimulator(h);
    await post(page, pathMessage('put_twice', DOUBLE_DROP_STEPS, 'LMM002'));
    await waitReady(page);
    // The path holds one mm_count reference (its grab); the second mmdrop() has none to give back,
    // whatever the lazy policy does with its own references.
    for (const policy of POLICIES) {
      for (const arch of ARCHS) assert.match(await cellText(page, policy, arch), /^violated: invariant 2 \(count-conserved\)/, `${policy}/${arch}`);
    }
    assert.match((await page.locator('[data-testid="violation"]').textContent()) ?? '', /invariant 2/);
    assert.match((await page.locator('.violation-message').textContent()) ?? '', /double drop/);
    // The failing step is marked in the path: the third one (zero-based line 42).
    assert.equal(await page.locator('[data-testid="sim-step"].failing').getAttribute('data-line'), '42');
    await page.close();
  });

  test('markup in source strings is shown as text, never run', async () => {
    const page = await openSimulator(h);
    const evil = '<img src=x onerror="window.__xss=1">';
    const s = DOUBLE_DROP_STEPS.map((st, i) => ({ ...st, message: i === 0 ? '<script>window.__xss=2</script>' : st.message, source: i === 1 ? evil : st.source }));
    await post(page, pathMessage(`f<b>${evil}</b>`, s, '<i>LMM002</i>'));
    await waitReady(page);
    assert.equal(await page.locator('#heading').textContent(), `simulate f<b>${evil}</b>`);
    assert.equal(await page.locator('[data-testid="sim-step"] .message').first().textContent(), '<script>window.__xss=2</script>');
    assert.equal(await page.locator('[data-testid="sim-step"] .source').nth(1).textContent(), evil);
    assert.equal(await page.locator('[data-testid="charts-caption"]').textContent(), `Curves for the path of <i>LMM002</i> in f<b>${evil}</b>, run on CPU 0 in scenario exit-lazy, at 2 to 1,024 CPUs (fewer leave the path no CPU of its own).`);
    assert.equal(await page.locator('main img, main script, header img, header b').count(), 0, 'no element was made from the text');
    assert.equal(await page.evaluate('window.__xss'), undefined);
    await page.close();
  });

  test('the CSP blocks an injected inline script', async () => {
    const page = await openSimulator(h);
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);
    await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      const i = document.createElement('img');
      i.setAttribute('src', 'x');
      i.setAttribute('onerror', 'window.__injected = true');
      document.body.append(i);
    })()`);
    // The violation event is asynchronous: wait for it, then check the script never ran.
    await waitViolation(page, 'script-src');
    assert.equal(await page.evaluate('window.__injected'), undefined);
    await page.close();
  });

  test('malformed messages from the extension are ignored', async () => {
    const page = await openSimulator(h);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);
    await countMessages(page);
    const good = pathMessage('EVIL', SAFE_STEPS).path as { steps: object[] };
    const bad: unknown[] = [
      null,
      'path',
      42,
      { type: 'findings', file: 'x', findings: [] },
      { type: 'path' },
      { type: 'path', path: { ...good, steps: 'grab' } },
      { type: 'path', path: { ...good, steps: [{ kind: 'format_disk', message: 'm', source: '', range: SAFE_STEPS[0]!.range }] } },
      { type: 'path', path: { ...good, steps: [{ ...SAFE_STEPS[0]!, range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } }] } },
      { type: 'path', path: { ...good, steps: [{ ...SAFE_STEPS[0]!, range: { start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } } }] } },
      { type: 'path', path: { ...good, functionName: { toString: 'EVIL' } } },
      { type: 'path', path: { ...good, functionName: 'x'.repeat(100_000) } },
      { type: 'path', path: { ...good, steps: new Array(5000).fill(SAFE_STEPS[0]) } },
      { type: 'path', path: good, arch: ['x86'] },
    ];
    for (const m of bad) await post(page, m);
    await settleMessages(page, bad.length);
    // The page handled each one (its listener runs before the counter) and kept the first path.
    const state = (await pageState(page)) as { path: { functionName: string } };
    assert.equal(state.path.functionName, 'walk_remote');
    await waitReady(page);
    assert.equal(await page.locator('#heading').textContent(), 'simulate walk_remote');
    assert.equal(await page.locator('[data-testid="sim-step"]').count(), 3);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('clicking a step posts a reveal of its line', async () => {
    const page = await openSimulator(h);
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);
    await page.locator('[data-testid="sim-step"]').nth(2).click();
    await waitPosted(page, 'reveal');
    // The third step starts at zero-based line 42, column 1 (fixtures.ts).
    assert.deepEqual((await posted(page)).filter((m) => (m as { type: string }).type === 'reveal'), [{ type: 'reveal', line: 42, character: 1 }]);
    await page.close();
  });

  test('restores the controls and the path from getState() after a restart', async () => {
    const saved = {
      v: 1,
      controls: { policy: 'shootdown', arch: 'powerpc-radix', cpus: 8, scenario: 'exit-lazy', topology: 'preset', costs: {} },
      path: (pathMessage('restored_fn', SAFE_STEPS).path as object),
      focus: null,
    };
    const page = await openSimulator(h, { state: saved });
    // No message from the extension: the page draws from its own state.
    await waitReady(page);
    assert.equal(await page.locator('#heading').textContent(), 'simulate restored_fn');
    assert.equal(await page.locator('[data-testid="control-policy"]').inputValue(), 'shootdown');
    assert.equal(await page.locator('[data-testid="control-arch"]').inputValue(), 'powerpc-radix');
    assert.equal(await page.locator('[data-testid="control-cpus"]').inputValue(), '8');
    // As in the controls test: at 8 CPUs the exit flush IPIs the 7 others.
    assert.match(await cellText(page, 'shootdown', 'powerpc-radix'), /^safe.*IPIs 7 ·/);
    await page.close();

    // A damaged state falls back field by field: CPUs clamped to 1024, an unknown policy to all.
    const damaged = await openSimulator(h, { state: { ...saved, controls: { ...saved.controls, policy: 'bogus', cpus: 99999, scenario: 42 } } });
    assert.equal(await damaged.locator('[data-testid="control-policy"]').inputValue(), 'all');
    assert.equal(await damaged.locator('[data-testid="control-cpus"]').inputValue(), '1024');
    assert.equal(await damaged.locator('[data-testid="control-scenario"]').inputValue(), 'exit-lazy');
    await damaged.close();
  });

  test('a scenario with throughput gets its chart, with the published POWER8 figures', async () => {
    const page = await openSimulator(h);
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);
    await page.selectOption('[data-testid="control-arch"]', 'powerpc-radix');
    await page.fill('[data-testid="control-cpus"]', '8');
    await page.press('[data-testid="control-cpus"]', 'Enter');
    await page.selectOption('[data-testid="control-scenario"]', 'context-switch');
    await waitReady(page);
    const chart = page.locator('[data-testid="chart"][data-metric="throughput"]');
    assert.equal(await chart.count(), 1);
    // Piggin's two figures, both on powerpc at 1536 CPUs: the x axis reaches past the sweep's 1024.
    const text = (await chart.locator('.chart-data').textContent()) ?? '';
    assert.match(text, /1 M context switches\/s with lazy refcounting/);
    assert.match(text, /118 M context switches\/s with lazy shootdown/);
    assert.match(text, /1536/);
    await page.close();
  });
});
