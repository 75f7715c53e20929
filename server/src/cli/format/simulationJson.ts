// `lazymm simulate --format json`: the engine's results as data, for scripts. The shape:
//
//   { tool: "lazymm", version, positionEncoding,
//     source: null | { file, function, range, config, task, path: Step[] },
//     unsafe: number,                 // verdicts that are not safe, over all simulations
//     simulations: SimulationResult[], // one per --cpus count, in the order given
//     notes: string[]                  // the notes standard error shows too
//   }
//
// A SimulationResult (server/src/sim/simulate.ts) is { scenario, title, cpus, seed, notes,
// invariants, results: PolicyArchResult[] }, each result { policy, arch, cpus, preset,
// verdict: { safe, violation, checked }, atomics, remoteTransfers, ipis, policyIpis, loads,
// broadcastFlushes, hostFlushes, exitLatencyNs, exitCpuNs, throughput, hottestLine, events,
// simulatedNs, notes }. A violation's `range` and its trace steps' `range` are positions in
// `source.file`. Keys are only ever added, so scripts may rely on the ones above.
import { VERSION } from '../../version';
import { unsafeCount, type SimulationReport } from './simulationReport';

export function formatSimulationJson(report: SimulationReport): string {
  const doc = {
    tool: 'lazymm',
    version: VERSION,
    positionEncoding: 'utf-16, 0-based lines and columns',
    source: report.source,
    unsafe: unsafeCount(report),
    simulations: report.simulations,
    notes: report.notes,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
