// Cost against CPU count, for the charts: the timed run of one scenario for every policy x
// architecture at 1, 2, 4, ... 1024 CPUs, with the annotated path on CPU 0 when there is one (as
// simulate() runs it). Only the timed schedule is judged here (the verdict of a point says whether
// that schedule broke an invariant); full verdicts come from simulate().
import { ARCHS } from './archs';
import { resolveCosts, type Costs } from './costs';
import { POLICIES } from './policies';
import { PUBLISHED, type PublishedPoint } from './published';
import { makeMachine, runTimed } from './run';
import { InstanceCache, MAX_CPUS, presetFor, resolve, topologyOf, type SimulateRequest } from './simulate';
import type { ScenarioParams } from './scenarios/types';
import type { ArchName } from './state';

export const DEFAULT_CPU_COUNTS: readonly number[] = Object.freeze([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);

export interface SweepRequest {
  scenario?: string;
  /** An annotated path, run on CPU 0 inside the scenario at every CPU count (see simulate()). */
  path?: SimulateRequest['path'];
  policies?: readonly string[];
  archs?: readonly string[];
  cpuCounts?: readonly number[];
  preset?: string;
  topology?: { coresPerSocket?: number; threadsPerCore?: number };
  costs?: Partial<Costs>;
  params?: ScenarioParams;
  seed?: number;
}

export interface SweepPoint {
  cpus: number;
  atomics: number;
  remoteTransfers: number;
  ipis: number;
  policyIpis: number;
  loads: number;
  exitLatencyNs: number | null;
  exitCpuNs: number | null;
  throughput: number | null;
  /** Share of the run the busiest shared line was held: where it nears 1, the line bound bites. */
  lineUtilization: number;
  /** The timed schedule broke an invariant: its number, else null. */
  violated: number | null;
  events: number;
}

export interface SweepSeries {
  policy: string;
  arch: ArchName;
  points: SweepPoint[];
}

export interface SweepResult {
  scenario: string;
  cpuCounts: number[];
  throughputUnit: string | null;
  series: SweepSeries[];
  /** Published figures for this scenario, to mark on the charts. */
  published: PublishedPoint[];
  notes: string[];
}

export function sweep(req: SweepRequest): SweepResult {
  const base = resolve({ ...req, cpus: 1, explore: false });
  const notes = base.notes.filter((n) => !/CPUs is out of range/.test(n));
  // resolve() raised the 1 CPU asked for to the fewest it accepts: the scenario's minimum, plus
  // the CPU of its own a path runs on. Taking the bound from there keeps the two in step.
  const min = base.cpus;
  const counts: number[] = [];
  for (const n of req.cpuCounts ?? DEFAULT_CPU_COUNTS) {
    const c = Math.floor(n);
    if (c >= min && c <= MAX_CPUS) counts.push(c);
    else notes.push(`${n} CPUs skipped: ${base.spec.name}${base.path ? ' with a path' : ''} needs ${min} to ${MAX_CPUS}`);
  }
  const instances = new InstanceCache();
  const series: SweepSeries[] = [];
  for (const arch of base.archs) {
    const preset = presetFor(req, arch, notes);
    const costs = resolveCosts(preset, req.costs);
    for (const policy of base.policies) series.push({ policy, arch, points: [] });
    for (const cpus of counts) {
      const inst = instances.get(base.spec, { cpus, params: req.params ?? {}, costs, purpose: 'timed', path: base.path });
      const topology = topologyOf(cpus, preset, req.topology);
      for (const policy of base.policies) {
        const run = runTimed(makeMachine(cpus, topology, ARCHS[arch], POLICIES[policy]!, costs), inst, { seed: base.seed, traceSteps: 16 });
        const m = run.metrics;
        series.find((s) => s.policy === policy && s.arch === arch)!.points.push({
          cpus,
          atomics: m.atomics,
          remoteTransfers: m.remoteTransfers,
          ipis: m.ipis,
          policyIpis: m.policyIpis,
          loads: m.loads,
          exitLatencyNs: run.exitLatencyNs,
          exitCpuNs: run.exitCpuNs,
          throughput: run.throughput,
          lineUtilization: run.hottestLine?.utilization ?? 0,
          violated: run.violation?.invariant ?? null,
          events: m.events,
        });
      }
    }
  }
  return {
    scenario: base.spec.name,
    cpuCounts: counts,
    throughputUnit: base.spec.throughputUnit,
    series,
    published: PUBLISHED.filter((p) => p.scenario === base.spec.name),
    notes,
  };
}
