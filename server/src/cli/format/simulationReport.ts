// The CLI's view of a `lazymm simulate` run: where the path came from (when it came from source)
// and one engine result per CPU count. The text and JSON formats both render this.
import type { Range, Step } from '../../paths/step';
import type { SimulationResult } from '../../sim';

export interface SimulatedSource {
  /** The file as the user named it. */
  file: string;
  function: string;
  /** The function's definition (0-based, UTF-16 columns, as in LSP). */
  range: Range;
  /** The kernel configuration the analysis read #if branches with. */
  config: string;
  /** What the path runs as on CPU 0: a kernel thread lazily on the scenario's mm, or a user thread. */
  task: 'kthread' | 'user';
  /** The annotated path the simulator replayed, as the analysis reported it. */
  path: Step[];
}

export interface SimulationReport {
  source: SimulatedSource | null;
  /** One per --cpus count, in the order given. */
  simulations: SimulationResult[];
  /** What standard error's notes said: the analysis's, options ignored, the engine's (clamped counts). */
  notes: string[];
}

/** Verdicts that are not safe, over every simulation: what the exit status is decided on. */
export function unsafeCount(report: SimulationReport): number {
  let n = 0;
  for (const s of report.simulations) for (const r of s.results) if (!r.verdict.safe) n++;
  return n;
}
