// The state behind the client's status bar item: analysing while any open document (or a workspace
// scan) is being checked, idle with the number of hazards in the open documents, error while the
// last check of some document failed. Sent as `lazymm/status` on every change of state, not on
// every check, so a keystroke costs at most two small notifications.
import type { Connection } from 'vscode-languageserver/node';
import { STATUS_NOTIFICATION, type StatusParams } from './extensionProtocol';

export class AnalysisStatus {
  private readonly busy = new Set<string>();
  private readonly hazards = new Map<string, number>();
  private readonly errors = new Map<string, string>();
  private scan: string | undefined;
  private last = '';

  constructor(private readonly connection: Connection) {}

  /** A check of `uri` starts. */
  started(uri: string): void {
    this.busy.add(uri);
    this.send();
  }

  /** `count` diagnostics are about to be published for `uri`. */
  published(uri: string, count: number): void {
    this.busy.delete(uri);
    this.errors.delete(uri);
    this.hazards.set(uri, count);
    this.send();
  }

  /** The check of `uri` threw; the server logged it and keeps serving. */
  failed(uri: string, error: unknown): void {
    this.busy.delete(uri);
    this.errors.set(uri, error instanceof Error ? error.message : String(error));
    this.send();
  }

  /** `uri` was closed, or its stale check gave way to a newer one that was then closed. */
  closed(uri: string): void {
    this.busy.delete(uri);
    this.errors.delete(uri);
    this.hazards.delete(uri);
    this.send();
  }

  /** A workspace scan's progress ("12/300 files"), or undefined when it ends. */
  scanning(message: string | undefined): void {
    this.scan = message;
    this.send();
  }

  current(): StatusParams {
    let hazards = 0;
    for (const n of this.hazards.values()) hazards += n;
    if (this.busy.size > 0 || this.scan !== undefined) {
      const what = this.scan !== undefined ? `workspace scan: ${this.scan}` : `${this.busy.size} document${this.busy.size === 1 ? '' : 's'}`;
      return { state: 'analysing', hazards, message: `analysing ${what}` };
    }
    const [failure] = this.errors;
    if (failure) return { state: 'error', hazards, message: `analysis of ${failure[0]} failed: ${failure[1]} (see the output channel)` };
    return { state: 'idle', hazards };
  }

  private send(): void {
    const status = this.current();
    const key = JSON.stringify(status);
    if (key === this.last) return;
    this.last = key;
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }
}
