// Entry point of the dist/cli.js bundle; main.ts stays importable by tests without side effects.
// The same script is the analysis workers' entry (see pool.ts): workerData says which role.
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './main';
import { isWorkerData } from './protocol';
import { runWorker } from './worker';

if (!isMainThread && isWorkerData(workerData)) {
  void runWorker();
} else {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
