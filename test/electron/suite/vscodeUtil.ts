// What the scenarios ask VS Code through its API: open a workspace file, wait for lazymm's
// diagnostics, find a code lens. Every wait polls with a deadline (test/e2e/support/poll.ts).
import * as vscode from 'vscode';
import { poll } from '../../e2e/support/poll';

export function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test instance has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(rel));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

export function lazymmDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lazymm');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

/** "LMM001@37": rule and 1-based line of each of lazymm's diagnostics of `uri`, once there are `count`. */
export async function diagnosticsOf(uri: vscode.Uri, count: number): Promise<string[]> {
  return poll(`${count} lazymm diagnostic(s) on ${uri.path}`, () => {
    const ds = lazymmDiagnostics(uri);
    return ds.length === count && ds.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`);
  });
}

export async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return poll(`code lenses of ${uri.path}`, async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    return l && l.length > 0 && l;
  });
}
