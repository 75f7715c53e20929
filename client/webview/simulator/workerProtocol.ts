// What the panel asks of the engine Worker and what it answers. A job names only the parts the
// panel does not have yet (each under a key of its inputs); answers come part by part so the
// page can show the quick timed verdicts while exhaustive exploration and the sweep still run.
import type { PolicyArchResult, SweepResult } from '../../../server/src/sim/index';
import type { Step } from '../../../server/src/paths/step';

/** The machine and workload every part shares. */
export interface MachineSpec {
  scenario: string;
  cpus: number;
  topology: { coresPerSocket: number; threadsPerCore: number } | null;
  costs: Record<string, number>;
  seed: number;
}

export interface TableJob {
  key: string;
  machine: MachineSpec;
  steps: Step[];
}

export interface TimelineJob {
  key: string;
  machine: MachineSpec;
  steps: Step[];
  policy: string;
  arch: string;
  /** Only CPUs below this are sent back: the panel draws that many rows. */
  rows: number;
}

export interface SweepJob {
  key: string;
  machine: MachineSpec;
  /** The path the curves are for, on CPU 0 at every CPU count (empty: the bare scenario). */
  steps: Step[];
}

export interface EngineJob {
  id: number;
  table?: TableJob;
  timeline?: TimelineJob;
  sweep?: SweepJob;
}

export interface Timings {
  tableMs: number;
  timelineMs: number;
  sweepMs: number;
  exploreMs: number;
}

export type FromWorker =
  /** Every policy x arch cell from the timed schedule; `explored: false` until exploration is done. */
  | { type: 'cells'; id: number; key: string; results: PolicyArchResult[]; notes: string[]; cpus: number }
  /** One cell after exploring its interleavings (the final verdict). */
  | { type: 'explored'; id: number; key: string; result: PolicyArchResult }
  | { type: 'timeline'; id: number; key: string; result: PolicyArchResult }
  /** The sweep so far (architectures are added one at a time); `complete` on the last. */
  | { type: 'sweep'; id: number; key: string; result: SweepResult; complete: boolean }
  | { type: 'done'; id: number; timings: Timings }
  | { type: 'error'; id: number; message: string };
