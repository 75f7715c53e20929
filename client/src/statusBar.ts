// The status bar item: what the server is doing (analysing, N hazards, error), from its
// `lazymm/status` notifications and from the client's own state (a stopped server is an error
// too). A click opens the language client's output channel, where the server logs.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/extensionProtocol';

export const SHOW_OUTPUT_COMMAND = 'lazymm.showOutput';

export function registerStatusBar(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('lazymm.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'lazymm';
  item.command = SHOW_OUTPUT_COMMAND;
  show(item, { state: 'analysing', hazards: 0, message: 'starting the language server' });
  item.show();

  context.subscriptions.push(
    item,
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => client.outputChannel.show(true)),
    client.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => show(item, status)),
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) show(item, { state: 'error', hazards: 0, message: 'the language server stopped' });
      else if (e.newState === State.Starting) show(item, { state: 'analysing', hazards: 0, message: 'starting the language server' });
    }),
  );
}

function show(item: vscode.StatusBarItem, status: StatusParams): void {
  const n = status.hazards;
  const hazards = `${n} lazy-mm hazard${n === 1 ? '' : 's'} in open files`;
  switch (status.state) {
    case 'analysing':
      item.text = '$(sync~spin) lazymm';
      item.backgroundColor = undefined;
      break;
    case 'idle':
      item.text = n === 0 ? '$(check) lazymm' : `$(warning) lazymm: ${n}`;
      item.backgroundColor = undefined;
      break;
    case 'error':
      item.text = '$(error) lazymm';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      break;
  }
  item.tooltip = [`lazymm: ${status.message ?? status.state}`, hazards, 'Click to show the lazymm output.'].join('\n');
}
