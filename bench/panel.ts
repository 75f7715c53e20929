// Section: the simulator panel in headless Chromium (the page the extension serves, its engine in
// a Worker): how long the panel takes from a control change to sim-status "ready" (new results
// drawn), over 20 changes each of the CPU count (the Worker re-runs the table and the timeline:
// timed runs and exploration of every policy x architecture) and of the policy filter (results
// are cached: drawing only); next to the engine's own full sweep time in the same page, as the
// Worker reports it. Paint is not included: "ready" is set when the DOM and canvases are drawn.
// Skipped, with the reason, without Chromium or a build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { pathMessage, SAFE_STEPS } from '../test/webview/fixtures';
import { CHROMIUM, openSimulator, post, startHarness, waitReady } from '../test/webview/harness';
import { median, round, type SectionOutput } from './section';

const CHANGES = 20;
const SWEEPS = 5;

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/** Sets a control the way a user does (value, then 'change') and times it to "ready" in the page's clock. */
async function timeChange(page: Page, testid: string, value: string): Promise<number> {
  await page.evaluate(`(() => {
    const status = document.querySelector('[data-testid="sim-status"]');
    window.__readyAt = 0;
    window.__obs?.disconnect();
    window.__obs = new MutationObserver(() => { if (status.textContent === 'ready' && window.__readyAt === 0) window.__readyAt = performance.now(); });
    window.__obs.observe(status, { childList: true, characterData: true, subtree: true });
    const input = document.querySelector('[data-testid="${testid}"]');
    input.value = ${JSON.stringify(value)};
    window.__t0 = performance.now();
    input.dispatchEvent(new Event('change', { bubbles: true }));
  })()`);
  await waitReady(page);
  return (await page.evaluate('window.__readyAt - window.__t0')) as number;
}

async function timings(page: Page): Promise<{ sweepMs: number; tableMs: number; exploreMs: number; timelineMs: number }> {
  return JSON.parse((await page.locator('[data-testid="sim-status"]').getAttribute('data-timings')) ?? '{}') as { sweepMs: number; tableMs: number; exploreMs: number; timelineMs: number };
}

export async function panelSection(): Promise<SectionOutput> {
  const dist = path.resolve(__dirname, '../dist/simulator.js');
  const reason = !fs.existsSync(CHROMIUM) ? `${CHROMIUM} not found (install Debian's chromium)` : !fs.existsSync(dist) ? 'dist/simulator.js missing (run the build first)' : null;
  if (reason !== null) return { rows: [['simulator panel (headless Chromium)', `skipped: ${reason}`]], result: { skipped: reason } };

  const h = await startHarness();
  try {
    const page = await openSimulator(h);
    await post(page, pathMessage('walk_remote', SAFE_STEPS));
    await waitReady(page);
    // Warm-up: the Worker's JIT and the charts' first layout.
    await timeChange(page, 'control-cpus', '16');
    await timeChange(page, 'control-cpus', '8');

    const cpuMs: number[] = [];
    const engineMs: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      cpuMs.push(await timeChange(page, 'control-cpus', i % 2 === 0 ? '16' : '8'));
      const t = await timings(page);
      engineMs.push(t.tableMs + t.timelineMs + t.exploreMs);
    }
    const policyMs: number[] = [];
    for (let i = 0; i < CHANGES; i++) policyMs.push(await timeChange(page, 'control-policy', i % 2 === 0 ? 'refcount' : 'all'));

    // The engine's full sweep (every policy x architecture, 1..1024 CPUs) of the default scenario,
    // as bench/simulator.ts times it in Node: here inside the panel's Worker.
    const sweepMs: number[] = [];
    for (let i = 0; i < SWEEPS; i++) {
      await timeChange(page, 'control-scenario', 'context-switch');
      sweepMs.push((await timings(page)).sweepMs);
      await timeChange(page, 'control-scenario', 'exit-lazy');
    }
    await page.close();

    const result = {
      changes: CHANGES,
      afterCpuChangeMs: { median: round(median(cpuMs), 1), p95: round(p95(cpuMs), 1), engineMedian: round(median(engineMs), 1) },
      afterPolicyChangeMs: { median: round(median(policyMs), 1), p95: round(p95(policyMs), 1) },
      engineSweepMsInPage: round(median(sweepMs), 1),
      goal: { rerenderMsMax: 100 },
    };
    const rows = [
      [
        'simulator panel (headless Chromium)',
        `CPU change -> ready: median ${result.afterCpuChangeMs.median} ms, p95 ${result.afterCpuChangeMs.p95} ms (engine ${result.afterCpuChangeMs.engineMedian} ms of it)`,
        `policy change -> ready: median ${result.afterPolicyChangeMs.median} ms, p95 ${result.afterPolicyChangeMs.p95} ms`,
        `engine sweep in the page's Worker: ${result.engineSweepMsInPage} ms`,
      ],
    ];
    return { rows, result };
  } finally {
    await h.close();
  }
}
