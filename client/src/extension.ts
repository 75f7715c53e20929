// Activation: start the lazymm language server for C files and register the commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PathPanel } from './pathPanel';

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
    vscode.commands.registerCommand('lazymm.showPaths', () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'c') {
        void vscode.window.showInformationMessage('lazymm: open a C file to see the paths of its findings.');
        return;
      }
      PathPanel.show(context.extensionUri, editor.document);
    }),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
