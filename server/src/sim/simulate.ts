// The engine's front door: a request (scenario, optional annotated path, machine, policies,
// architectures, costs, seed) becomes one result per policy x architecture, each with a verdict
// (safe, or the first violated invariant with its trace) and the costs. Bad input is normal
// input: unknown names and out-of-range numbers are reported in `notes`, never thrown.
import type { Step } from '../paths/step';
import { ARCH_NAMES, ARCHS, isArchName } from './archs';
import { ARCH_PRESET, PRESETS, resolveCosts, topologyFor, type Costs, type Preset, type Topology } from './costs';
import { exploreExhaustive, exploreRandom, type ExploreResult } from './explore';
import { INVARIANTS, type InvariantInfo, type Violation } from './invariants';
import { POLICIES, POLICY_NAMES } from './policies';
import { makeMachine, runTimed, type RunResult } from './run';
import { DEFAULT_SCENARIO, SCENARIOS } from './scenarios';
import { pathProgram } from './scenarios/path';
import type { BuildContext, PathProgram, ScenarioInstance, ScenarioParams, ScenarioSpec } from './scenarios/types';
import type { ArchName } from './state';
import type { Timeline } from './timeline';

/** The largest machine the engine accepts (the panel offers 1 to 1024; calibration uses 1536). */
export const MAX_CPUS = 4096;

export interface SimulateRequest {
  scenario?: string;
  /** An annotated path (a finding's or a function's steps), run on CPU 0 inside the scenario. */
  path?: { steps: readonly Step[]; task?: 'kthread' | 'user' } | null;
  cpus?: number;
  policies?: readonly string[];
  archs?: readonly string[];
  /** A machine family (costs.ts PRESETS); by default each architecture's own. */
  preset?: string;
  topology?: { coresPerSocket?: number; threadsPerCore?: number };
  costs?: Partial<Costs>;
  params?: ScenarioParams;
  seed?: number;
  /** Interleavings beyond the timed schedule; false for the timed schedule only. */
  explore?: false | { exhaustiveUpTo?: number; maxStates?: number; maxDepth?: number; schedules?: number };
  timeline?: boolean;
}

export interface Verdict {
  safe: boolean;
  violation: Violation | null;
  /** How far the check went: the timed schedule, then every interleaving or random ones. */
  checked: { mode: 'timed' | 'exhaustive' | 'random'; states: number; schedules: number; complete: boolean; infeasible: number };
}

export interface PolicyArchResult {
  policy: string;
  arch: ArchName;
  cpus: number;
  preset: string;
  verdict: Verdict;
  atomics: number;
  remoteTransfers: number;
  ipis: number;
  /** IPIs the policy sent beyond the architecture's TLB flushes. */
  policyIpis: number;
  loads: number;
  broadcastFlushes: number;
  hostFlushes: number;
  /** Mean __mmput() latency on the exiting CPU, and its CPU time machine-wide (ns). */
  exitLatencyNs: number | null;
  exitCpuNs: number | null;
  throughput: { value: number; unit: string } | null;
  /** The busiest shared cache line and how much of the run it was held (1: it is the bottleneck). */
  hottestLine: { line: string; utilization: number } | null;
  events: number;
  simulatedNs: number;
  timeline?: Timeline;
  notes: string[];
}

export interface SimulationResult {
  scenario: string;
  title: string;
  cpus: number;
  seed: number;
  results: PolicyArchResult[];
  invariants: readonly InvariantInfo[];
  notes: string[];
}

export interface Resolved {
  spec: ScenarioSpec;
  cpus: number;
  policies: string[];
  archs: ArchName[];
  seed: number;
  path: PathProgram | null;
  notes: string[];
}

/** Names checked, numbers clamped; what was wrong goes to notes. */
export function resolve(req: SimulateRequest): Resolved {
  const notes: string[] = [];
  const name = req.scenario ?? DEFAULT_SCENARIO;
  let spec = SCENARIOS[name];
  if (spec === undefined) {
    notes.push(`unknown scenario "${name}": using ${DEFAULT_SCENARIO}`);
    spec = SCENARIOS[DEFAULT_SCENARIO]!;
  }
  const path = req.path && req.path.steps.length > 0 ? pathProgram(req.path.steps, req.path.task ?? 'kthread') : null;
  const min = spec.minCpus + (path ? 1 : 0);
  let cpus = Math.floor(Number.isFinite(req.cpus) ? req.cpus! : 4);
  if (cpus < min || cpus > MAX_CPUS) {
    const clamped = Math.min(MAX_CPUS, Math.max(min, cpus));
    notes.push(`${cpus} CPUs is out of range for ${spec.name}${path ? ' with a path' : ''}: using ${clamped}`);
    cpus = clamped;
  }
  const policies = (req.policies ?? POLICY_NAMES).filter((p) => {
    if (POLICIES[p] !== undefined) return true;
    notes.push(`unknown policy "${p}" skipped`);
    return false;
  });
  const archs = (req.archs ?? ARCH_NAMES).filter((a): a is ArchName => {
    if (isArchName(a)) return true;
    notes.push(`unknown architecture "${a}" skipped`);
    return false;
  });
  const seed = Number.isFinite(req.seed) ? Math.floor(req.seed!) >>> 0 : 1;
  if (path) notes.push(...path.notes);
  return { spec, cpus, policies, archs, seed, path, notes };
}

export function presetFor(req: { preset?: string }, arch: ArchName, notes?: string[]): Preset {
  if (req.preset !== undefined) {
    const p = PRESETS[req.preset];
    if (p) return p;
    notes?.push(`unknown preset "${req.preset}": using ${ARCH_PRESET[arch]}`);
  }
  return PRESETS[ARCH_PRESET[arch]!]!;
}

export function topologyOf(cpus: number, preset: Preset, override: SimulateRequest['topology']): Topology {
  const cores = Math.max(1, Math.floor(override?.coresPerSocket ?? preset.coresPerSocket));
  const smt = Math.max(1, Math.floor(override?.threadsPerCore ?? preset.threadsPerCore));
  return topologyFor(cpus, cores, smt);
}

/**
 * Instances without a path, kept across requests: the panel re-runs the same scenario and machine
 * under another policy, architecture or seed, none of which changes the instance. Instances are
 * immutable once built (worlds copy what they change), so sharing them changes no result. A few
 * of the largest (1024 CPUs) are some hundred kilobytes each: the oldest goes first.
 */
const SHARED_MAX = 8;
const shared = new Map<string, ScenarioInstance>();

/** Scenario instances depend on the CPU count, the costs (work times) and the purpose: cache them. */
export class InstanceCache {
  private readonly cache = new Map<string, ScenarioInstance>();

  get(spec: ScenarioSpec, ctx: BuildContext): ScenarioInstance {
    const key = `${spec.name}/${ctx.cpus}/${ctx.purpose}/${JSON.stringify(ctx.costs)}/${JSON.stringify(ctx.params)}`;
    let inst = this.cache.get(key) ?? (ctx.path === null ? shared.get(key) : undefined);
    if (inst === undefined) {
      inst = spec.build(ctx);
      // An annotated path is built into its instance, and paths differ from request to request.
      if (ctx.path === null) {
        if (shared.size >= SHARED_MAX) shared.delete(shared.keys().next().value!);
        shared.set(key, inst);
      }
    }
    this.cache.set(key, inst);
    return inst;
  }
}

export function simulate(req: SimulateRequest): SimulationResult {
  const r = resolve(req);
  const instances = new InstanceCache();
  const results: PolicyArchResult[] = [];
  const exploreOpts = req.explore === false ? null : { exhaustiveUpTo: 4, maxStates: 20_000, maxDepth: 400, schedules: 8, ...(req.explore ?? {}) };
  for (const arch of r.archs) {
    const preset = presetFor(req, arch, r.notes);
    const costs = resolveCosts(preset, req.costs);
    const topology = topologyOf(r.cpus, preset, req.topology);
    const ctx = (purpose: 'timed' | 'explore'): BuildContext => ({ cpus: r.cpus, params: req.params ?? {}, costs, purpose, path: r.path });
    const timedInst = instances.get(r.spec, ctx('timed'));
    for (const policyName of r.policies) {
      const m = makeMachine(r.cpus, topology, ARCHS[arch], POLICIES[policyName]!, costs);
      const run = runTimed(m, timedInst, { seed: r.seed, timeline: req.timeline ?? false });
      let explored: ExploreResult | null = null;
      if (run.violation === null && exploreOpts !== null) {
        const inst = instances.get(r.spec, ctx('explore'));
        explored =
          r.cpus <= exploreOpts.exhaustiveUpTo
            ? exploreExhaustive(m, inst, { seed: r.seed, maxStates: exploreOpts.maxStates, maxDepth: exploreOpts.maxDepth })
            : exploreRandom(m, inst, { seed: r.seed, schedules: exploreOpts.schedules, maxSteps: 2_000_000 });
      }
      results.push(toResult(policyName, arch, r.cpus, preset.name, r.spec, run, explored));
    }
  }
  return { scenario: r.spec.name, title: r.spec.title, cpus: r.cpus, seed: r.seed, results, invariants: INVARIANTS, notes: r.notes };
}

function toResult(policy: string, arch: ArchName, cpus: number, preset: string, spec: ScenarioSpec, run: RunResult, explored: ExploreResult | null): PolicyArchResult {
  const violation = run.violation ?? explored?.violation ?? null;
  const notes: string[] = [];
  if (run.stuck) notes.push('the timed run ended with CPUs still waiting: the scenario deadlocked');
  if (run.infeasible !== null) notes.push(`the timed schedule does not follow the path: ${run.infeasible}`);
  if (explored && !explored.complete && explored.mode === 'exhaustive') notes.push('exploration hit its state or depth budget: not every interleaving was checked');
  if (explored && explored.infeasible > 0) notes.push(`${explored.infeasible} schedule${explored.infeasible === 1 ? '' : 's'} skipped where the path's mmget_not_zero() would fail`);
  const m = run.metrics;
  const result: PolicyArchResult = {
    policy,
    arch,
    cpus,
    preset,
    verdict: {
      safe: violation === null,
      violation,
      checked: explored
        ? { mode: explored.mode, states: explored.states, schedules: explored.schedules + 1, complete: explored.complete, infeasible: explored.infeasible }
        : { mode: 'timed', states: m.events, schedules: 1, complete: false, infeasible: run.infeasible ? 1 : 0 },
    },
    atomics: m.atomics,
    remoteTransfers: m.remoteTransfers,
    ipis: m.ipis,
    policyIpis: m.policyIpis,
    loads: m.loads,
    broadcastFlushes: m.broadcastFlushes,
    hostFlushes: m.hostFlushes,
    exitLatencyNs: run.exitLatencyNs,
    exitCpuNs: run.exitCpuNs,
    throughput: run.throughput !== null && spec.throughputUnit !== null ? { value: run.throughput, unit: spec.throughputUnit } : null,
    hottestLine: run.hottestLine,
    events: m.events,
    simulatedNs: run.simulatedNs,
    notes,
  };
  if (run.timeline) result.timeline = run.timeline;
  return result;
}
