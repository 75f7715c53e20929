// Section: the policy simulator, bundled by esbuild as it ships (tsx would halve its speed):
// a full sweep of 1..1024 CPUs for every policy x architecture on the default scenario, and the
// engine's simulated events per second at 1024 CPUs. Issue #5's goals: the sweep fast enough to
// follow a slider (under 100 ms) and at least 10 M events/s. The rounds repeat one request, so
// after the warm-up they reuse its scenario instance (simulate.ts keeps a few, as the panel's
// re-runs do): what is timed is the worlds and their runs, not building the scenario (about
// 0.13 ms of a 1024-CPU request).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Sim from '../server/src/sim';
import { median, round, type SectionOutput } from './section';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, '.cache', 'bench', 'sim.cjs');
const ROUNDS = 5;

function loadBundled(): typeof Sim {
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  esbuild.buildSync({ entryPoints: [path.join(ROOT, 'server/src/sim/index.ts')], bundle: true, platform: 'neutral', format: 'cjs', target: 'es2022', outfile: BUNDLE, logLevel: 'error' });
  return require(BUNDLE) as typeof Sim;
}

export function simulatorSection(): SectionOutput {
  const sim = loadBundled();
  sim.sweep({}); // warm-up: JIT and caches before anything is timed
  const sweepMs: number[] = [];
  let points = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const r = sim.sweep({});
    sweepMs.push(performance.now() - t);
    points = r.series.reduce((n, s) => n + s.points.length, 0);
  }
  const rates: Record<string, number> = {};
  for (const policy of sim.POLICY_NAMES) {
    const run = () => sim.simulate({ cpus: 1024, policies: [policy], archs: ['x86'], explore: false });
    run(); // warm-up, as above
    const perRound: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const r = run();
      const ms = performance.now() - t;
      perRound.push(r.results.reduce((n, x) => n + x.events, 0) / (ms / 1000) / 1e6);
    }
    rates[policy] = round(median(perRound), 2);
  }
  const sweep = median(sweepMs);
  const slowest = Math.min(...Object.values(rates));
  const result = { sweepMs: round(sweep, 1), sweepPoints: points, millionEventsPerSecAt1024Cpus: rates, goals: { sweepMsMax: 100, millionEventsPerSecMin: 10 } };
  const rows = [
    ['simulator (bundled engine)', `full sweep 1..1024 CPUs, all policies x archs: ${sweep.toFixed(0)} ms (${points} points)`, `events/s at 1024 CPUs: ${Object.entries(rates).map(([p, r]) => `${p} ${r}M`).join(', ')}`, `goals: sweep < 100 ms, >= 10M events/s (slowest ${slowest}M)`],
  ];
  return { rows, result };
}
