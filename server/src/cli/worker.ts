// The worker side of the pool: loads its own parser (wasm state is per thread), then answers
// one job at a time, so the main thread can hand out files as workers become free.
import { parentPort } from 'node:worker_threads';
import { CParser } from '../parse/parser';
import { analyzeFile } from './analyzeFile';
import type { JobMessage, WorkerData, WorkerMessage } from './protocol';

export async function runWorker(data: WorkerData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runWorker() outside a worker thread');
  const send = (m: WorkerMessage) => port.postMessage(m);
  let parser: CParser;
  try {
    parser = await CParser.load();
  } catch (e) {
    send({ type: 'failed', reason: e instanceof Error ? e.message : String(e) });
    return;
  }
  port.on('message', (job: JobMessage) => send({ type: 'done', index: job.index, outcome: analyzeFile(parser, job.file, data.context) }));
  send({ type: 'ready' });
}
