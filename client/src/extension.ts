// Activation: start the lazymm language server for C files and register the commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PathPanel } from './pathPanel';
import { registerReviewComment } from './reviewComment';
import { registerStatusBar } from './statusBar';
import { registerWorkspaceScan } from './workspaceScan';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'c' }],
  };
  client = new LanguageClient('lazymm', 'lazymm', serverOptions, clientOptions);
  context.subscriptions.push(
    // From the palette: the active editor's findings. From a code lens: the lens's document.
    vscode.commands.registerCommand('lazymm.showPaths', async (uri?: unknown) => {
      const document = typeof uri === 'string' ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'c') {
        void vscode.window.showInformationMessage('lazymm: open a C file to see the paths of its findings.');
        return;
      }
      PathPanel.show(context.extensionUri, document);
    }),
  );
  registerReviewComment(context);
  registerStatusBar(context, client);
  registerWorkspaceScan(context, client);
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
