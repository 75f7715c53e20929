// The worker side of the pool: loads its own parser (wasm state is per thread), then answers
// one job at a time, so the main thread can hand out files as workers become free.
import { parentPort } from 'node:worker_threads';
import { CParser } from '../parse/parser';
import { analyzeFile } from './analyzeFile';
import type { ScanContext, ToWorker, WorkerMessage } from './protocol';
import { prepass } from './scanContext';

export async function runWorker(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runWorker() outside a worker thread');
  const send = (m: WorkerMessage) => port.postMessage(m);
  // The parser loads while the workers read their pre-pass slices; ready once both are here.
  let context: ScanContext | undefined;
  let parser: CParser | undefined;
  const readyWhenBoth = () => {
    if (context && parser) send({ type: 'ready' });
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'prepass') {
      send({ type: 'facts', ...prepass(m.files) });
    } else if (m.type === 'context') {
      context = m.context;
      readyWhenBoth();
    } else if (context && parser) {
      send({ type: 'done', index: m.index, outcome: analyzeFile(parser, m.file, context) });
    }
  });
  try {
    parser = await CParser.load();
  } catch (e) {
    send({ type: 'failed', reason: e instanceof Error ? e.message : String(e) });
    return;
  }
  readyWhenBoth();
}
