// Hosts the webview that lists each lazymm finding of a document with the steps of its path.
// Clicking a step reveals its line. The simulator panel (issue #5) grows from this host.
import * as vscode from 'vscode';
import type { PanelFinding, FromPanel, ToPanel } from '../webview/protocol';

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(Math.random() * chars.length));
  return s;
}

function findingsOf(document: vscode.TextDocument): PanelFinding[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.source === 'lazymm')
    .map((d) => ({
      ruleId: typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''),
      message: d.message,
      line: d.range.start.line,
      steps: (d.relatedInformation ?? []).map((r) => ({ line: r.location.range.start.line, character: r.location.range.start.character, message: r.message, source: document.lineAt(r.location.range.start.line).text.trim() })),
    }));
}

/** Messages from the webview are data from an untrusted page: check their shape before acting. */
function isReveal(m: unknown): m is Extract<FromPanel, { type: 'reveal' }> {
  const r = m as { type?: unknown; line?: unknown; character?: unknown } | null;
  return !!r && r.type === 'reveal' && Number.isInteger(r.line) && Number.isInteger(r.character) && (r.line as number) >= 0 && (r.character as number) >= 0;
}

export class PathPanel {
  private static current: PathPanel | undefined;

  static show(extensionUri: vscode.Uri, document: vscode.TextDocument): void {
    if (PathPanel.current) {
      PathPanel.current.document = document;
      PathPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      PathPanel.current.update();
      return;
    }
    const panel = vscode.window.createWebviewPanel('lazymm.paths', 'lazymm: paths', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    PathPanel.current = new PathPanel(panel, extensionUri, document);
  }

  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private document: vscode.TextDocument,
  ) {
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'paths.js'));
    const n = nonce();
    panel.webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${panel.webview.cspSource} 'nonce-${n}'; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${n}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
.finding { margin-bottom: 1em; }
.finding h3 { font-size: 1em; margin: 0.2em 0; }
.rule { color: var(--vscode-descriptionForeground); margin-right: 0.5em; }
ol { margin: 0; padding-left: 1.5em; }
li { cursor: pointer; padding: 1px 0; }
li:hover { background: var(--vscode-list-hoverBackground); }
code { font-family: var(--vscode-editor-font-family); color: var(--vscode-textPreformat-foreground); }
</style>
<title>lazymm: paths</title></head>
<body><div id="root"></div><script nonce="${n}" src="${script.toString()}"></script></body></html>`;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isReveal(m)) void this.reveal(m.line, m.character);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === this.document.uri.toString())) this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const message: ToPanel = { type: 'findings', file: vscode.workspace.asRelativePath(this.document.uri), findings: findingsOf(this.document) };
    void this.panel.webview.postMessage(message);
  }

  private async reveal(line: number, character: number): Promise<void> {
    const editor = await vscode.window.showTextDocument(this.document, vscode.ViewColumn.One);
    const pos = new vscode.Position(Math.min(line, this.document.lineCount - 1), character);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private dispose(): void {
    PathPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
  }
}
