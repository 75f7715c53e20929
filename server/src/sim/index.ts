// The simulator's public surface (docs/simulator.md): pure TypeScript, no Node and no VS Code, so
// the webview, the CLI and the tests run the same engine. Where things are:
//   state.ts, costs.ts        the machine, mm, task and CPU records; the cost table and presets
//   events.ts, kernel.ts      the event catalogue; what each event does (context_switch() & co.)
//   ops.ts, smp.ts            cache lines, reference counts and their ledger; cross-CPU calls
//   policies/, archs/         one module per lazy-TLB policy and per architecture
//   invariants.ts, trace.ts   the six invariants; the step trace a violation carries
//   sched.ts, world.ts        enabled actions and one step; a world from a scenario
//   worldPool.ts              the timed runs' records, reset and reused from run to run
//   run.ts, explore.ts        the timed (closed-loop) run; exhaustive and random interleavings
//   reduce.ts, cpuQueue.ts    partial-order reduction; the timed scheduler's queue
//   stateKey.ts, stateSet.ts  the explorer's state keys (int32 vectors) and its visited set
//   scenarios/, pathOps.ts    the canned scenarios, the annotated path's embedding and replay
//   prng.ts                   the seeded generator (and jitter table) behind every random choice
//   simulate.ts, sweep.ts     results per policy x architecture; cost against CPU count
//   timeline.ts, published.ts the per-CPU timeline; the published figures for the charts
export { ARCHS, ARCH_NAMES } from './archs';
export type { Arch } from './archs/types';
export { ARCH_PRESET, DEFAULT_COSTS, PRESETS, type Costs, type Preset, type Topology } from './costs';
export { EVENT_KERNEL, type Event, type EventKind } from './events';
export { INVARIANTS, type InvariantInfo, type Violation } from './invariants';
export { POLICIES, POLICY_NAMES } from './policies';
export type { Policy } from './policies/types';
export { PUBLISHED, type PublishedPoint } from './published';
export { DEFAULT_SCENARIO, SCENARIOS, SCENARIO_NAMES } from './scenarios';
export { pathOp, pathProgram } from './scenarios/path';
export type { ScenarioParams, ScenarioSpec } from './scenarios/types';
export { MAX_CPUS, simulate, type PolicyArchResult, type SimulateRequest, type SimulationResult, type Verdict } from './simulate';
export type { ArchName } from './state';
export { DEFAULT_CPU_COUNTS, sweep, type SweepPoint, type SweepRequest, type SweepResult, type SweepSeries } from './sweep';
export type { Timeline, TimelineMark, TimelineSegment } from './timeline';
export type { TraceStep } from './trace';
