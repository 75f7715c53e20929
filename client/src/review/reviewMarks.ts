// Marks the lines of the findings a reviewed change introduces in the editors that show the text
// after it (the working tree, for a git review): a tinted line and "new in this change" after it.
import * as vscode from 'vscode';
import type { ReviewedFinding } from './reviewTree';
import { locate, type ReviewBasis } from './reviewLocations';

export class ReviewMarks implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
  });
  /** The new findings by the file they are in (uri string). */
  private byUri = new Map<string, ReviewedFinding[]>();
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.window.onDidChangeVisibleTextEditors(() => this.paint());
  }

  show(findings: readonly ReviewedFinding[], basis: ReviewBasis): void {
    this.byUri = new Map();
    for (const f of findings) {
      if (f.data.state !== 'new') continue;
      const uri = locate(basis, f.file, f.data.image);
      if (!uri || uri.scheme !== 'file') continue;
      const key = uri.toString();
      this.byUri.set(key, [...(this.byUri.get(key) ?? []), f]);
    }
    this.paint();
  }

  clear(): void {
    this.byUri = new Map();
    this.paint();
  }

  private paint(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const findings = this.byUri.get(editor.document.uri.toString()) ?? [];
      editor.setDecorations(
        this.decoration,
        findings.map((f) => {
          const r = f.data.finding.range;
          const hover = new vscode.MarkdownString();
          hover.appendText(`lazymm review: new in this change (${f.data.finding.ruleId})\n\n${f.data.finding.message}`);
          return {
            range: new vscode.Range(r.start.line, 0, r.start.line, 0),
            hoverMessage: hover,
            renderOptions: { after: { contentText: `new in this change: ${f.data.finding.ruleId}` } },
          };
        }),
      );
    }
  }

  dispose(): void {
    this.listener.dispose();
    this.decoration.dispose();
  }
}
