// "lazymm: Show Server Memory Usage": asks the server what its memory is made of (lazymm/memoryUsage)
// and shows it in a read-only Markdown document (its name ends in .md), refreshed each time the command runs (as
// rust-analyzer's "Memory Usage" and clangd's memory tree do).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { MEMORY_USAGE_REQUEST, type MemoryUsageParams, type MemoryUsageResult } from '../../server/src/lsp/extensionProtocol';
import { memoryReport } from '../../server/src/lsp/memoryReport';

export const SHOW_MEMORY_USAGE_COMMAND = 'lazymm.showMemoryUsage';
const SCHEME = 'lazymm-memory';
const URI = vscode.Uri.from({ scheme: SCHEME, path: '/lazymm memory usage.md' });

export function registerMemoryUsage(context: vscode.ExtensionContext, client: LanguageClient): void {
  let report = '';
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: () => report }),
    vscode.commands.registerCommand(SHOW_MEMORY_USAGE_COMMAND, async () => {
      if (!client.isRunning()) {
        void vscode.window.showInformationMessage('lazymm: the language server is not running.');
        return;
      }
      const params: MemoryUsageParams = { gc: true };
      report = memoryReport(await client.sendRequest<MemoryUsageResult>(MEMORY_USAGE_REQUEST, params), new Date());
      changed.fire(URI);
      const document = await vscode.workspace.openTextDocument(URI);
      await vscode.window.showTextDocument(document, { preview: true });
    }),
  );
}
