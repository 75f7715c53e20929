// Messages between the CLI's main thread and its analysis workers.
import type { WorkspaceSummary } from '../analysis/workspaceSummaries';
import type { FileOutcome } from './analyzeFile';

/** Marks a worker started by the pool, so the shared entry point (run.ts) knows what to be. */
export const WORKER_MARK = 'lazymm-check-worker';

/** What the files of one scan tell about each other, read by a regex pre-pass (scanContext.ts). */
export interface SharedFacts {
  /** Struct fields that some file of this scan drops (LMM013 looks across the whole scan). */
  droppedFields: string[];
  /** Exported helpers of the scan's files that release an argument or return a reference. */
  summaries: WorkspaceSummary[];
}

/** What every file of one scan shares; plain data, so it crosses into workers as is. */
export interface ScanContext extends SharedFacts {
  /** The per-file limit, from which the engine's own budget follows (analyzeFile.ts). */
  fileTimeoutS: number;
  /** A kernel .config given with --config: its text and the label findings carry. */
  config?: { text: string; label: string };
}

/** Workers start before the scan context is built (it reads every file): it arrives as a message. */
export interface WorkerData {
  role: typeof WORKER_MARK;
}

/**
 * Main -> worker: its slice of the pre-pass (every worker reads a share of the files while its
 * parser loads), then the scan's shared context, then one file at a time.
 */
export type ToWorker = { type: 'prepass'; files: string[] } | { type: 'context'; context: ScanContext } | { type: 'job'; index: number; file: string };

/**
 * Worker -> main: the facts of its pre-pass slice and which files of the slice (indices into it)
 * are quiet (analyzeFile.ts isQuiet: never handed out); ready once its parser is loaded and the context
 * is there; then one outcome per job; failed if it cannot start.
 */
export type WorkerMessage =
  | { type: 'facts'; facts: SharedFacts; quiet: number[] }
  | { type: 'ready' }
  | { type: 'failed'; reason: string }
  | { type: 'done'; index: number; outcome: FileOutcome };

export function isWorkerData(data: unknown): data is WorkerData {
  if (typeof data !== 'object' || data === null) return false;
  return (data as { role?: unknown }).role === WORKER_MARK;
}
