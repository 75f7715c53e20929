// Starts and feeds the engine Worker. VS Code webviews load Workers only from blob: (or data:)
// URLs, so the script is fetched from the extension's resources and wrapped in a Blob. A new job
// while one runs terminates the Worker and starts a fresh one: the engine has no cancellation
// points, and a stale exploration can take seconds.
import type { EngineJob, FromWorker } from './workerProtocol';

export class EngineClient {
  private worker: Worker | null = null;
  private running: number | null = null;
  private readonly blobUrl: Promise<string>;

  constructor(
    scriptUrl: string,
    private readonly onMessage: (m: FromWorker) => void,
    private readonly onFailure: (message: string) => void,
  ) {
    this.blobUrl = fetch(scriptUrl)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.text();
      })
      .then((text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' })));
  }

  get busy(): boolean {
    return this.running !== null;
  }

  async run(job: EngineJob): Promise<void> {
    if (this.running !== null) this.stop();
    this.running = job.id;
    let url: string;
    try {
      url = await this.blobUrl;
    } catch (e) {
      this.running = null;
      this.onFailure(`the simulator engine could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (this.running !== job.id) return; // superseded while the script was loading
    if (this.worker === null) this.worker = this.start(url);
    this.worker.postMessage(job);
  }

  private start(url: string): Worker {
    const w = new Worker(url);
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.id !== this.running) return; // from a job that was superseded
      if (m.type === 'done' || m.type === 'error') this.running = null;
      this.onMessage(m);
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const id = this.running;
      this.stop();
      if (id !== null) this.onMessage({ type: 'error', id, message: e.message || 'the simulator engine failed' });
    };
    return w;
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
  }
}
