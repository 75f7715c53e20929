// "lazymm: Scan Workspace": asks the server to check every C file of the workspace, with a
// cancellable notification fed by the server's `$/progress` on a token the client creates. The
// built-in progress of the language client shows in the status bar without a cancel button, which
// a scan of a kernel tree needs.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { SCAN_WORKSPACE_COMMAND, type ScanSummary } from '../../server/src/lsp/extensionProtocol';

export const SCAN_COMMAND = 'lazymm.scanWorkspace';

export function registerWorkspaceScan(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand(SCAN_COMMAND, () => scan(client)));
}

async function scan(client: LanguageClient): Promise<ScanSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('lazymm: open a folder (a kernel tree) to scan it.');
    return undefined;
  }
  let summary: ScanSummary;
  try {
    summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'lazymm: scanning', cancellable: true },
      (progress, cancel) => request(client, progress, cancel),
    );
  } catch (e) {
    // Cancelled before the server saw the request: nothing ran, nothing to say.
    if (e instanceof vscode.CancellationError || (e as { code?: number }).code === -32800) return undefined;
    void vscode.window.showErrorMessage(`lazymm: the workspace scan failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  const found = `${summary.findings} lazy-mm hazard${summary.findings === 1 ? '' : 's'} in ${summary.files} files`;
  void vscode.window.showInformationMessage(summary.cancelled ? `lazymm: scan cancelled: ${found} so far.` : `lazymm: ${found}; see the Problems panel.`);
  return summary;
}

async function request(client: LanguageClient, progress: vscode.Progress<{ message?: string; increment?: number }>, cancel: vscode.CancellationToken): Promise<ScanSummary> {
  const token = randomUUID();
  let reported = 0;
  const listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
    if (value.kind === 'end') return;
    // VS Code wants increments; the server sends absolute percentages.
    const percentage = value.percentage ?? reported;
    progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
    reported = Math.max(reported, percentage);
  });
  try {
    // Cancelling the request ($/cancelRequest) stops the server between two files.
    return (await client.sendRequest(ExecuteCommandRequest.type, { command: SCAN_WORKSPACE_COMMAND, arguments: [], workDoneToken: token }, cancel)) as ScanSummary;
  } finally {
    listener.dispose();
  }
}
