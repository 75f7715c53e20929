// The engine Worker (dist/simWorker.js): runs server/src/sim off the page's thread, so a slow
// exploration (seconds for exhaustive interleavings of some scenarios) never freezes the panel,
// and the page cancels a stale job by terminating this Worker. Answers part by part, cheapest first.
import { ARCH_NAMES, POLICY_NAMES, simulate, sweep, type SimulateRequest, type SweepResult } from '../../../server/src/sim/index';
import type { Step } from '../../../server/src/paths/step';
import type { EngineJob, FromWorker, MachineSpec, Timings } from './workerProtocol';

interface WorkerScope {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<EngineJob>) => void) | null;
}
const scope = self as unknown as WorkerScope;

function request(m: MachineSpec, steps: readonly Step[]): SimulateRequest {
  const req: SimulateRequest = { scenario: m.scenario, cpus: m.cpus, costs: m.costs, seed: m.seed };
  if (m.topology) req.topology = m.topology;
  if (steps.length > 0) req.path = { steps };
  return req;
}

function run(job: EngineJob): void {
  const timings: Timings = { tableMs: 0, timelineMs: 0, sweepMs: 0, exploreMs: 0 };
  const cellsToExplore: { policy: string; arch: string }[] = [];
  if (job.table) {
    const t = performance.now();
    const r = simulate({ ...request(job.table.machine, job.table.steps), explore: false });
    timings.tableMs = performance.now() - t;
    scope.postMessage({ type: 'cells', id: job.id, key: job.table.key, results: r.results, notes: r.notes, cpus: r.cpus });
    for (const c of r.results) if (c.verdict.safe) cellsToExplore.push({ policy: c.policy, arch: c.arch });
  }
  if (job.timeline) {
    const tj = job.timeline;
    const t = performance.now();
    const r = simulate({ ...request(tj.machine, tj.steps), policies: [tj.policy], archs: [tj.arch], explore: false, timeline: true });
    timings.timelineMs = performance.now() - t;
    const result = r.results[0];
    if (result) {
      // Rows the panel does not draw are not worth copying across threads.
      if (result.timeline) {
        const tl = result.timeline;
        result.timeline = { ...tl, segments: tl.segments.filter((s) => s.cpu < tj.rows), marks: tl.marks.filter((m) => m.cpu < tj.rows) };
      }
      scope.postMessage({ type: 'timeline', id: job.id, key: tj.key, result });
    }
  }
  if (job.sweep) {
    const m = job.sweep.machine;
    const steps = job.sweep.steps;
    const t = performance.now();
    // One architecture at a time: the charts fill in while the slower ones run.
    let merged: SweepResult | null = null;
    ARCH_NAMES.forEach((arch, i) => {
      const part = sweep({
        scenario: m.scenario,
        policies: POLICY_NAMES,
        archs: [arch],
        costs: m.costs,
        seed: m.seed,
        ...(m.topology ? { topology: m.topology } : {}),
        // The same path as the table's, so the curves are the cost of this path, not of the bare scenario.
        ...(steps.length > 0 ? { path: { steps } } : {}),
      });
      merged = merged === null ? part : { ...merged, series: [...merged.series, ...part.series], notes: [...new Set([...merged.notes, ...part.notes])] };
      scope.postMessage({ type: 'sweep', id: job.id, key: job.sweep!.key, result: merged, complete: i === ARCH_NAMES.length - 1 });
    });
    timings.sweepMs = performance.now() - t;
  }
  if (job.table) {
    const t = performance.now();
    for (const cell of cellsToExplore) {
      const r = simulate({ ...request(job.table.machine, job.table.steps), policies: [cell.policy], archs: [cell.arch] });
      const result = r.results[0];
      if (result) scope.postMessage({ type: 'explored', id: job.id, key: job.table.key, result });
    }
    timings.exploreMs = performance.now() - t;
  }
  scope.postMessage({ type: 'done', id: job.id, timings });
}

scope.onmessage = (e: MessageEvent<EngineJob>) => {
  try {
    run(e.data);
  } catch (err) {
    scope.postMessage({ type: 'error', id: e.data.id, message: err instanceof Error ? err.message : String(err) });
  }
};
