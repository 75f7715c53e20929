// Analyses many files on several cores: a worker_threads pool, one parser per worker, files
// handed out one at a time as workers become free (kernel files vary 100x in cost, so a static
// split would leave a core idle), outcomes stored by index so the caller sees the input order
// whatever order they were analysed in.
// A worker over its per-file budget is terminated and replaced; the file is reported as skipped.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { applyBudget, type FileOutcome } from './analyzeFile';
import { WORKER_MARK, type ScanContext, type ToWorker, type WorkerData, type WorkerMessage } from './protocol';

export interface PoolOptions {
  jobs: number;
  /** Built after the workers are started, so their parser loads overlap with it. */
  context: () => ScanContext;
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

export function analyzeInPool(files: string[], opts: PoolOptions): Promise<FileOutcome[]> {
  let context: ScanContext | undefined;
  const outcomes: Array<FileOutcome | undefined> = new Array(files.length);
  let next = 0;
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

    const start = () => {
      const worker = newWorker();
      live.add(worker);
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
        if (failed || next >= files.length) {
          retire(false);
          return;
        }
        const index = next++;
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
        if (m.type === 'ready') dispatch();
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
      // took a file means workers cannot start at all, which retrying would not fix.
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
    for (let i = 0; i < Math.min(opts.jobs, files.length); i++) start();
    // The workers boot in their threads meanwhile; they start work once the context arrives.
    try {
      context = opts.context();
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const w of live) w.postMessage({ type: 'context', context } satisfies ToWorker);
  });
}
