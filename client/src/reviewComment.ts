// "lazymm: Copy as review comment": the server's code action computes the text (a lore-style reply,
// server/src/paths/reviewComment.ts); here it only goes onto the clipboard.
import * as vscode from 'vscode';

export function registerReviewComment(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('lazymm.copyReviewComment', async (text?: unknown) => {
      // Hidden from the palette: without the code action's argument there is nothing to copy.
      if (typeof text !== 'string') return;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage('lazymm: review comment copied to the clipboard', 3000);
    }),
  );
}
