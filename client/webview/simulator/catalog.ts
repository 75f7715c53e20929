// What the controls offer, taken from the engine so a new policy, architecture or scenario shows
// up without touching the panel; plus the panel's defaults and the topologies it offers.
import { ARCH_NAMES, DEFAULT_COSTS, POLICY_NAMES, SCENARIOS, SCENARIO_NAMES, type Costs } from '../../../server/src/sim/index';

export const ALL = 'all';
export const POLICIES: readonly string[] = POLICY_NAMES;
export const ARCHS: readonly string[] = ARCH_NAMES;
export const SCENARIO_LIST: readonly { name: string; title: string; description: string; minCpus: number }[] = SCENARIO_NAMES.map((n) => {
  const s = SCENARIOS[n]!;
  return { name: s.name, title: s.title, description: s.description, minCpus: s.minCpus };
});

export const MIN_CPUS = 1;
export const MAX_CPUS = 1024;

/** The topologies offered; 'preset' keeps each architecture's own machine (costs.ts PRESETS). */
export const TOPOLOGIES: readonly { value: string; label: string; coresPerSocket: number; threadsPerCore: number }[] = [
  { value: 'preset', label: "each architecture's machine preset", coresPerSocket: 0, threadsPerCore: 0 },
  { value: '4096x1', label: 'one socket, no SMT', coresPerSocket: 4096, threadsPerCore: 1 },
  { value: '8x2', label: '8 cores per socket, SMT2', coresPerSocket: 8, threadsPerCore: 2 },
  { value: '50x2', label: '50 cores per socket, SMT2 (x86 server)', coresPerSocket: 50, threadsPerCore: 2 },
  { value: '100x1', label: '100 cores per socket, no SMT (arm64 server)', coresPerSocket: 100, threadsPerCore: 1 },
  { value: '12x8', label: '12 cores per socket, SMT8 (POWER8)', coresPerSocket: 12, threadsPerCore: 8 },
];

export type CostKey = keyof Costs;

/** The main cost parameters (ns). Empty means the preset's value, shown as the placeholder. */
export const COST_PARAMS: readonly { key: CostKey; label: string; max: number }[] = [
  { key: 'ipiLatencyNs', label: 'IPI latency', max: 1_000_000 },
  { key: 'ipiHandlerNs', label: 'IPI handler', max: 1_000_000 },
  { key: 'idleWakeNs', label: 'idle wake-up', max: 10_000_000 },
  { key: 'sameSocketTransferNs', label: 'line transfer, same socket', max: 100_000 },
  { key: 'crossSocketTransferNs', label: 'line transfer, cross socket', max: 100_000 },
  { key: 'broadcastFlushNs', label: 'broadcast TLBI', max: 1_000_000 },
  { key: 'contextSwitchNs', label: 'context switch', max: 10_000_000 },
];

export function defaultCost(key: CostKey): number {
  return DEFAULT_COSTS[key];
}

/**
 * The panel opens on the process-exit scenario, not the engine's default (context-switch): it is
 * where a path's lifetime bugs show ("800 loads vs 800 IPIs"), and its exhaustive exploration at
 * 4 CPUs takes ~0.1 s where context-switch's takes seconds.
 */
export const DEFAULT_SCENARIO = 'exit-lazy';
export const DEFAULT_CPUS = 4;

/** The seed of every run: results are reproducible, and the CLI's `lazymm simulate` agrees. */
export const SEED = 1;

/** Timeline rows drawn (CPU 0, which runs the path, and its neighbours). */
export const TIMELINE_ROWS = 16;
