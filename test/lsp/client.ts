// A plain LSP client for the language-server tests: spawns the built server (dist/server.js) over
// stdio, plays the editor's part (answers workspace/configuration with the test's settings, lists
// workspace folders, accepts registrations and progress tokens) and records what the server sends,
// so a test can wait for "the first message from now on that satisfies ...".
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  WorkspaceFoldersRequest,
  type ClientCapabilities,
  type InitializeResult,
  type ProgressToken,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV, type StatusParams } from '../../server/src/lsp/extensionProtocol';
import { SERVER } from '../helpers';

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface ClientOptions {
  /** Workspace folders (file-system paths); none by default. */
  folders?: string[];
  /** The `lazymm` section answered to workspace/configuration; undefined answers null. */
  settings?: unknown;
  /** Declares what VS Code declares: configuration pull, workspace folders, dynamic registration, progress. */
  editorLike?: boolean;
  /** Node options for the server besides SERVER_EXEC_ARGV (e.g. --expose-gc). */
  execArgv?: string[];
}

/** What VS Code's language client declares, for the parts the server looks at. */
const EDITOR_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
  window: { workDoneProgress: true, showMessage: {} },
};

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly progress = new Map<ProgressToken, ProgressValue[]>();
  readonly registrations: string[] = [];
  /** The sections of every workspace/configuration request, in order. */
  readonly configurationRequests: string[] = [];
  /** The `lazymm` settings the next workspace/configuration request is answered with. */
  settings: unknown;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly server: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly initialize: InitializeResult,
  ) {}

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const server = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...(options.execArgv ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    // Handlers go on before `listen`, so the client is complete before the server can ask anything.
    let self: TestClient | undefined;
    const pending: Array<(c: TestClient) => void> = [];
    const later = (f: (c: TestClient) => void): void => {
      if (self) f(self);
      else pending.push(f);
    };
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => later((c) => c.record(c.published, p)));
    connection.onNotification(ShowMessageNotification.type, (p) => later((c) => c.record(c.messages, p)));
    connection.onNotification('lazymm/status', (p: StatusParams) => later((c) => c.record(c.statuses, p)));
    connection.onRequest(ConfigurationRequest.type, (params) => {
      later((c) => c.record(c.configurationRequests, params.items.map((i) => i.section ?? '').join(',')));
      return params.items.map((item) => (item.section === 'lazymm' ? (self?.settings ?? options.settings ?? null) : null));
    });
    connection.onRequest(WorkspaceFoldersRequest.type, () => (options.folders ?? []).map((f) => ({ uri: pathToFileURL(f).href, name: f })));
    connection.onRequest(RegistrationRequest.type, (params) => {
      later((c) => {
        for (const r of params.registrations) c.record(c.registrations, r.method);
      });
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      later((c) => c.watchProgress(params.token));
    });
    connection.listen();

    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: options.editorLike === false ? {} : EDITOR_CAPABILITIES,
      workspaceFolders: (options.folders ?? []).map((f) => ({ uri: pathToFileURL(f).href, name: f })),
    });
    self = new TestClient(server, connection, init);
    self.settings = options.settings;
    for (const f of pending.splice(0)) f(self);
    await connection.sendNotification(InitializedNotification.type, {});
    // An editor answers the server's first settings pull before the user opens anything; the
    // server handles that answer before any later message, so tests start from settled settings.
    const client = self;
    if (options.editorLike !== false) await client.waitFor('the first settings pull', () => (client.configurationRequests.length > 0 ? true : undefined));
    return client;
  }

  async stop(): Promise<void> {
    if (this.server.exitCode !== null) return;
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
    await new Promise((r) => this.server.once('exit', r));
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'c', version, text } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Puts new settings in force the way VS Code does: a null notification, then the server pulls. */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Records `$/progress` on `token` (one the test handed to the server, or one it asked to create). */
  watchProgress(token: ProgressToken): ProgressValue[] {
    let values = this.progress.get(token);
    if (!values) {
      const list: ProgressValue[] = [];
      values = list;
      this.progress.set(token, list);
      this.connection.onProgress(WorkDoneProgress.type, token, (v) => this.record(list, v));
    }
    return values;
  }

  /** A mark in the record: `waitFor` from a mark ignores what arrived before it. */
  mark(): { published: number; messages: number; statuses: number } {
    return { published: this.published.length, messages: this.messages.length, statuses: this.statuses.length };
  }

  /** Resolves with the first non-undefined value of `look`, re-evaluated as messages arrive. */
  waitFor<T>(what: string, look: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = look();
        if (v === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** The first diagnostics for `uri` published after `from` (a mark) that satisfy `test`. */
  diagnostics(uri: string, from = 0, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri}`, () => this.published.slice(from).find((p) => p.uri === uri && test(p)));
  }

  private record<T>(list: T[], value: T): void {
    list.push(value);
    for (const w of [...this.waiters]) w();
  }
}
