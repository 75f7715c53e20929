// Activation: start the lazymm language server for C files and register the commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV, SIMULATE_PATH_COMMAND } from '../../server/src/lsp/extensionProtocol';
import { registerMemoryUsage } from './memoryUsage';
import { PathPanel } from './pathPanel';
import { registerPatchReview } from './review/patchReview';
import { registerReviewComment } from './reviewComment';
import { restartPolicy } from './restartPolicy';
import { SIMULATOR_VIEW_TYPE, SimPanel } from './simPanel';
import { isSimulatePathArgs, simulateArgsAt, type LensLike } from './simPanelArgs';
import { registerStatusBar } from './statusBar';
import { registerWorkspaceScan } from './workspaceScan';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'c' }],
    errorHandler: restartPolicy(),
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
    // From a code lens: the lens's path. From the palette: the lens of the function at the cursor.
    vscode.commands.registerCommand(SIMULATE_PATH_COMMAND, async (arg?: unknown) => {
      const args = arg === undefined ? await pathAtCursor() : arg;
      if (args === undefined) return;
      if (!isSimulatePathArgs(args)) {
        void vscode.window.showInformationMessage('lazymm: Simulate This Path was given something that is not a path.');
        return;
      }
      await SimPanel.show(context.extensionUri, args);
    }),
    // After a restart VS Code restores the panel (activation event onWebviewPanel:lazymm.simulator).
    vscode.window.registerWebviewPanelSerializer(SIMULATOR_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => SimPanel.revive(panel, context.extensionUri, state),
    }),
  );
  registerReviewComment(context);
  registerPatchReview(context, client);
  registerStatusBar(context, client);
  registerWorkspaceScan(context, client);
  registerMemoryUsage(context, client);
  await client.start();
}

/** The "Simulate this path" lens of the function around the cursor, asked of VS Code's code lens providers. */
async function pathAtCursor(): Promise<unknown> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'c') {
    void vscode.window.showInformationMessage('lazymm: open a C file and put the cursor in a function to simulate its path.');
    return undefined;
  }
  const lenses = (await vscode.commands.executeCommand<LensLike[] | undefined>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
  const args = simulateArgsAt(lenses, editor.selection.active.line);
  if (args === undefined) {
    void vscode.window.showInformationMessage('lazymm: no function with an mm lifetime path at the cursor (the "Simulate this path" lens sits above functions that take, drop or use an mm).');
  }
  return args;
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
