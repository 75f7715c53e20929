// Hosts the simulator panel (view type lazymm.simulator): one panel, which "Simulate this path"
// (the code lens or the command) fills with a function's annotated path. The page runs the engine
// itself; the extension only sends the path with each step's source line and reveals lines the
// page asks for. The page keeps its state with setState(), so after a restart VS Code restores it
// through the serializer registered in extension.ts, and revive() gives it its HTML back.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SimulatePathArgs } from '../../server/src/lsp/extensionProtocol';
import type { SimPath, ToSimulator } from '../webview/protocol';
import { restoredPath, simPanelTitle } from './simPanelArgs';
import { simPanelHtml } from './simPanelHtml';

export const SIMULATOR_VIEW_TYPE = 'lazymm.simulator';

/** Messages from the page are data from an untrusted page: check their shape before acting. */
function isReveal(m: unknown): m is { type: 'reveal'; line: number; character: number } {
  const r = m as { type?: unknown; line?: unknown; character?: unknown } | null;
  return !!r && r.type === 'reveal' && Number.isSafeInteger(r.line) && Number.isSafeInteger(r.character) && (r.line as number) >= 0 && (r.character as number) >= 0;
}

function isReady(m: unknown): boolean {
  return !!m && (m as { type?: unknown }).type === 'ready';
}

/** The path as the page shows it: each step with the text of its line. */
async function toSimPath(args: SimulatePathArgs): Promise<SimPath> {
  const uri = vscode.Uri.parse(args.uri);
  let document: vscode.TextDocument | undefined;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    document = undefined; // a deleted file still has a path worth simulating, without its lines
  }
  const lineText = (line: number) => (document && line < document.lineCount ? document.lineAt(line).text.trim() : '');
  return {
    uri: args.uri,
    file: vscode.workspace.asRelativePath(uri),
    functionName: args.functionName,
    ...(args.ruleId !== undefined ? { ruleId: args.ruleId } : {}),
    steps: args.steps.map((s) => ({ kind: s.kind, message: s.message, range: s.range, source: lineText(s.range.start.line) })),
  };
}

export class SimPanel {
  private static current: SimPanel | undefined;

  static async show(extensionUri: vscode.Uri, args: SimulatePathArgs): Promise<void> {
    const path = await toSimPath(args);
    const arch = vscode.workspace.getConfiguration('lazymm').get<string>('architecture');
    const message: ToSimulator = { type: 'path', path, ...(typeof arch === 'string' ? { arch } : {}) };
    let panel = SimPanel.current;
    if (panel === undefined) {
      const webviewPanel = vscode.window.createWebviewPanel(SIMULATOR_VIEW_TYPE, simPanelTitle(args.functionName), vscode.ViewColumn.Beside, SimPanel.options(extensionUri));
      panel = new SimPanel(webviewPanel, extensionUri, null);
    } else {
      panel.panel.reveal(vscode.ViewColumn.Beside);
    }
    panel.send(message);
  }

  /** VS Code restores a panel of ours after a restart: give it its page back; the page has its state. */
  static revive(webviewPanel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown): void {
    webviewPanel.webview.options = SimPanel.options(extensionUri);
    SimPanel.current?.panel.dispose();
    new SimPanel(webviewPanel, extensionUri, restoredPath(state));
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
  }

  private readonly disposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | null;
  /** Posted once the page says it listens ('ready'); a page that is loading would miss it. */
  private pending: ToSimulator | null = null;
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    restored: { uri: string; functionName: string } | null,
  ) {
    SimPanel.current = this;
    this.uri = restored ? vscode.Uri.parse(restored.uri) : null;
    panel.title = simPanelTitle(restored?.functionName ?? null);
    const dist = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
    panel.webview.html = simPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: dist('simulator.js'),
      styleUri: dist('simulator.css'),
      workerUri: dist('simWorker.js'),
      ...(restored ? { functionName: restored.functionName } : {}),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isReady(m)) {
          this.ready = true;
          this.flush();
        } else if (isReveal(m)) void this.reveal(m.line, m.character);
      }),
    );
  }

  private send(message: ToSimulator): void {
    this.uri = vscode.Uri.parse(message.path.uri);
    this.panel.title = simPanelTitle(message.path.functionName);
    this.pending = message;
    this.flush();
  }

  private flush(): void {
    if (!this.ready || this.pending === null) return;
    void this.panel.webview.postMessage(this.pending);
    this.pending = null;
  }

  private async reveal(line: number, character: number): Promise<void> {
    if (this.uri === null) return;
    const document = await vscode.workspace.openTextDocument(this.uri);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const pos = document.validatePosition(new vscode.Position(line, character));
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private dispose(): void {
    if (SimPanel.current === this) SimPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
  }
}
