// One timed (discrete-event) run: every CPU's next action starts when its clock (and the lines and
// IPIs it waits for) allow, the earliest first. This is the closed-loop model: CPUs loop through
// their programs; a contended line serialises the operations on it, so its throughput bound
// (1 / transfer time) shows up as CPUs waiting on line.freeAt. Also what makes a machine: the
// topology's socket/core map with the chosen policy, architecture and costs.
import type { Arch } from './archs/types';
import type { Costs, Topology } from './costs';
import { checkAll, type Violation } from './invariants';
import type { Policy } from './policies/types';
import { nextEvent } from './sched';
import type { ScenarioInstance } from './scenarios/types';
import type { Line, Machine, Metrics, World } from './state';
import type { Timeline } from './timeline';
import { createWorld, runToQuiet } from './world';
import { reusedRecords } from './worldPool';

export function makeMachine(cpus: number, topology: Topology, arch: Arch, policy: Policy, costs: Costs): Machine {
  const socketOf = new Int32Array(cpus);
  const coreOf = new Int32Array(cpus);
  const perSocket = topology.coresPerSocket * topology.threadsPerCore;
  for (let i = 0; i < cpus; i++) {
    socketOf[i] = Math.floor(i / perSocket);
    coreOf[i] = Math.floor(i / topology.threadsPerCore);
  }
  return { topology, cpus, arch, policy, costs, socketOf, coreOf };
}

export interface RunOptions {
  seed: number;
  timeline?: boolean;
  /** Steps a violation's trace keeps (the last ones). */
  traceSteps?: number;
  /** Safety net against a scenario that never ends. */
  maxSteps?: number;
}

export interface RunResult {
  violation: Violation | null;
  /** The schedule contradicted the annotated path (its mmget_not_zero() could not succeed). */
  infeasible: string | null;
  metrics: Metrics;
  /** When the last CPU finished (ns). */
  simulatedNs: number;
  /** Measured context switches per second, or completed exits per second; null if neither. */
  throughput: number | null;
  /** Mean latency of __mmput() (from the last mmput() to its return) and its machine-wide CPU time. */
  exitLatencyNs: number | null;
  exitCpuNs: number | null;
  /** Something was left waiting when nothing could run any more (a deadlock in the scenario). */
  stuck: boolean;
  /**
   * The busiest shared cache line and the share of the run it was held: near 1, the closed-loop
   * bound (1 / transfer time) is what limits throughput.
   */
  hottestLine: { line: string; utilization: number } | null;
  timeline?: Timeline;
}

export function runTimed(m: Machine, inst: ScenarioInstance, opts: RunOptions): RunResult {
  const w = createWorld(m, inst, { seed: opts.seed, timed: true, fullTrace: false, ringSize: opts.traceSteps ?? 512, timeline: opts.timeline ?? false }, reusedRecords(m, inst));
  runToQuiet(w, opts.maxSteps ?? 50_000_000);
  return finish(w, inst);
}

export function finish(w: World, inst: ScenarioInstance): RunResult {
  checkAll(w);
  let end = 0;
  let stuck = false;
  for (const c of w.cpus) {
    if (c.clock > end) end = c.clock;
    if (c.waiting > 0 || nextEvent(c) !== undefined || (c.online && !c.preempted && c.inbox.length > 0)) stuck = true;
  }
  const mt = w.metrics.exits > 0 ? w.metrics : null;
  const result: RunResult = {
    violation: w.violation,
    infeasible: w.infeasible,
    metrics: w.metrics,
    simulatedNs: end,
    throughput: throughput(w, inst, end),
    exitLatencyNs: mt ? mt.exitLatencyNs / mt.exits : null,
    exitCpuNs: mt ? mt.exitCpuNs / mt.exits : null,
    stuck,
    hottestLine: hottestLine(w, end),
  };
  if (w.tl !== null) result.timeline = w.tl.finish(end);
  return result;
}

/** Over the measured switches when the scenario has them (the exit after them is another phase). */
function hottestLine(w: World, end: number): RunResult['hottestLine'] {
  const measured = w.measuredSwitches > 0;
  const span = measured ? w.measuredUntil : end;
  const busyOf = (l: Line): number => (measured ? l.measuredBusy : l.busy);
  let best = 0;
  // A line's name is made only when it takes the lead: naming every CPU's hazard slot would
  // build a thousand strings per run for one answer.
  let name = '';
  for (const mm of w.mms) {
    if (busyOf(mm.countLine) > best) {
      best = busyOf(mm.countLine);
      name = `mm_count of ${mm.name}`;
    }
    if (busyOf(mm.usersLine) > best) {
      best = busyOf(mm.usersLine);
      name = `mm_users of ${mm.name}`;
    }
    if (busyOf(mm.maskLine) > best) {
      best = busyOf(mm.maskLine);
      name = `mm_cpumask of ${mm.name}`;
    }
  }
  for (const c of w.cpus) {
    if (busyOf(c.slotLine) > best) {
      best = busyOf(c.slotLine);
      name = `hazard slot of CPU ${c.id}`;
    }
  }
  return best === 0 || span <= 0 ? null : { line: name, utilization: Math.min(1, best / span) };
}

/**
 * The closed loop's rate: measured switches over the time until the last of them (every CPU
 * starts at 0). When a line saturates, that time is the serialised operations times their
 * transfer cost, which is the bound the model is about.
 */
function throughput(w: World, inst: ScenarioInstance, end: number): number | null {
  if (inst.throughput === 'exits') return end > 0 && w.metrics.exits > 0 ? (w.metrics.exits / end) * 1e9 : null;
  if (inst.throughput !== 'switches' || w.measuredSwitches === 0 || w.measuredUntil <= 0) return null;
  return (w.measuredSwitches / w.measuredUntil) * 1e9;
}
