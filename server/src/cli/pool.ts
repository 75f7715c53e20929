// Analyses many files on several cores: a worker_threads pool, one parser per worker. First each
// worker reads a slice of the files for the shared context (the pre-pass) while its parser loads,
// which also tells the quiet files (analyzeFile.ts isQuiet: most of a kernel tree) from the rest;
// then the rest are handed out one at a time as workers become free, largest first (kernel files vary
// 100x in cost: a big file handed out last would leave the other core idle at the end). Outcomes
// are stored by index so the caller sees the input order whatever order they were analysed in.
// A worker over its per-file budget is terminated and replaced; the file is reported as skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { applyBudget, quietOutcome, type FileOutcome } from './analyzeFile';
import { WORKER_MARK, type ScanContext, type SharedFacts, type ToWorker, type WorkerData, type WorkerMessage } from './protocol';
import { contextOf, mergeFacts, type ContextOptions } from './scanContext';

export interface PoolOptions extends ContextOptions {
  jobs: number;
}

/** Each file's size in bytes; -1 when it cannot be read (it costs nothing). */
function sizesOf(files: readonly string[]): number[] {
  return files.map((f) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return -1;
    }
  });
}

/** Indices of the files, largest first (unreadable ones last). */
function largestFirst(size: readonly number[]): number[] {
  return size.map((_, i) => i).sort((a, b) => size[b]! - size[a]! || a - b);
}

/**
 * `n` consecutive slices of `files` of about the same number of bytes (reading and matching them is
 * the pre-pass's cost; equal counts left one worker waiting for the other's larger files), with
 * where each starts. Some are empty when there are fewer files than slices.
 */
function slices(files: readonly string[], size: readonly number[], n: number): Array<{ start: number; files: string[] }> {
  const bytes = (i: number) => Math.max(size[i]!, 0) + 1;
  let total = 0;
  for (let i = 0; i < files.length; i++) total += bytes(i);
  const out: Array<{ start: number; files: string[] }> = [];
  let start = 0;
  let done = 0;
  for (let k = 1; k <= n; k++) {
    // The slice ends where the running total comes nearest k/n of all bytes (the last takes the rest).
    let end = start;
    while (end < files.length && (k === n || done + bytes(end) / 2 <= (total * k) / n)) done += bytes(end++);
    out.push({ start, files: files.slice(start, end) });
    start = end;
  }
  return out;
}

/**
 * Starts one worker. The esbuild bundle (dist/cli.js) is its own worker entry. From source, run.ts
 * is, but `--import tsx` does not reach worker threads (privatenumber/tsx#354), so a two-line
 * CommonJS bootstrap registers tsx's require hook in the worker before loading it. Both dispatch
 * on the WORKER_MARK in workerData.
 */
function newWorker(): Worker {
  const workerData: WorkerData = { role: WORKER_MARK };
  if (!__filename.endsWith('.ts')) return new Worker(__filename, { workerData });
  // Held in a variable so esbuild does not try to bundle a path that only the source run uses.
  const tsxHook = 'tsx/cjs';
  const tsx = require.resolve(tsxHook);
  const entry = path.join(__dirname, 'run.ts');
  return new Worker(`require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(entry)});`, { eval: true, workerData });
}

/**
 * V8 options for the workers' isolates, set before the first starts (isolates made later read
 * them). Every worker optimises the same hot code for itself, and on 2 cores that compiling was a
 * third of a scan's CPU: optimising only code that stays hot 8x longer (--interrupt-budget; V8's
 * default is 67584) and inlining less into each optimised function
 * (--max-inlined-bytecode-size-cumulative; default 920) compile less. Measured on the bench's 492
 * candidate files of Linux 6.12 with --jobs 2, each step the mean of 6-8 runs interleaved with the
 * one before: 2.36 -> 2.22 s (inlining), 2.21 -> 1.96 s (budget; 4x gave 2.02 s, 16x was slower
 * again). The whole-tree scan and `lazymm simulate` in the same process are no slower.
 */
const WORKER_V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=150', '--interrupt-budget=540672'];

export function analyzeInPool(files: string[], opts: PoolOptions): Promise<FileOutcome[]> {
  for (const flag of WORKER_V8_FLAGS) v8.setFlagsFromString(flag);
  let context: ScanContext | undefined;
  const outcomes: Array<FileOutcome | undefined> = new Array(files.length);
  const size = sizesOf(files);
  const order = largestFirst(size);
  let next = 0;
  // The pre-pass: one slice per first worker; a single file has nobody else to share with.
  const workers = Math.min(opts.jobs, files.length);
  const parts = slices(files.length > 1 ? files : [], size, workers);
  const facts: Array<SharedFacts | undefined> = new Array(workers);
  const quiet: number[] = [];
  let factsPending = workers;
  let finished = 0;
  const live = new Set<Worker>();

  return new Promise<FileOutcome[]>((resolve, reject) => {
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of live) void w.terminate();
      reject(err);
    };
    const record = (index: number, outcome: FileOutcome) => {
      if (outcomes[index] !== undefined) return;
      outcomes[index] = outcome;
      if (++finished === files.length) {
        for (const w of live) void w.terminate();
        resolve(outcomes as FileOutcome[]);
      }
    };

    const start = (slice?: number) => {
      const worker = newWorker();
      live.add(worker);
      if (slice !== undefined) worker.postMessage({ type: 'prepass', files: parts[slice]!.files } satisfies ToWorker);
      if (context) worker.postMessage({ type: 'context', context } satisfies ToWorker);
      let current: { index: number; timer: NodeJS.Timeout | undefined } | undefined;
      let retired = false;
      // Stop using this worker; `replace` starts another if work is left.
      const retire = (replace: boolean) => {
        if (retired) return;
        retired = true;
        if (current?.timer) clearTimeout(current.timer);
        current = undefined;
        live.delete(worker);
        void worker.terminate();
        if (replace && !failed && next < files.length) start();
      };
      const dispatch = () => {
        // Quiet files have their outcome already.
        while (next < files.length && outcomes[order[next]!] !== undefined) next++;
        if (failed || next >= files.length) {
          retire(false);
          return;
        }
        const index = order[next++]!;
        const budgetS = context!.fileTimeoutS;
        const timer =
          budgetS > 0
            ? setTimeout(() => {
                // Stuck in the engine (wasm or JS alike): only terminating the thread stops it.
                record(index, { kind: 'timeout', seconds: budgetS });
                retire(true);
              }, budgetS * 1000)
            : undefined;
        current = { index, timer };
        worker.postMessage({ type: 'job', index, file: files[index]! } satisfies ToWorker);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (retired) return;
        if (m.type === 'facts') {
          if (slice === undefined || facts[slice] !== undefined) return;
          facts[slice] = m.facts;
          for (const i of m.quiet) quiet.push(parts[slice]!.start + i);
          if (--factsPending === 0) {
            // Every slice is in: the shared context, the same as one pass over all files.
            context = contextOf(mergeFacts(facts as SharedFacts[]), opts);
            for (const w of live) w.postMessage({ type: 'context', context } satisfies ToWorker);
            // After the context: if every file is quiet, recording the last one ends the scan.
            for (const i of quiet) record(i, quietOutcome());
          }
        } else if (m.type === 'ready') dispatch();
        else if (m.type === 'failed') fail(new Error(`analysis worker could not start: ${m.reason}`));
        else {
          if (current?.timer) clearTimeout(current.timer);
          current = undefined;
          record(m.index, applyBudget(m.outcome, context!.fileTimeoutS));
          dispatch();
        }
      });
      // An uncaught error or an exit we did not ask for (out of memory, a wasm abort): the file it
      // held is reported as crashed and a fresh worker takes over the rest. Dying before it ever
      // took a file (in its pre-pass, or loading its parser) means workers cannot start at all,
      // which retrying would not fix.
      const died = (reason: string) => {
        if (retired) return;
        if (current === undefined) {
          fail(new Error(`analysis worker could not start: ${reason}`));
          return;
        }
        record(current.index, { kind: 'crashed', reason: `analysis worker died: ${reason}` });
        retire(true);
      };
      worker.on('error', (e) => died(e.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
    };

    if (files.length === 0) {
      resolve([]);
      return;
    }
    for (let i = 0; i < workers; i++) start(i);
  });
}
