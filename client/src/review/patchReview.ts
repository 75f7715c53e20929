// "lazymm: Review Patch…": pick a patch or mbox file (reviewed against the workspace folder) or a
// git base (the working tree's changes since it), have the server review it, and show the result:
// the lazymm Review tree, the new findings marked in the editor, the counts in a notification, and
// "Copy Review Reply" for the draft reply in the kernel's mail conventions.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { REVIEW_PATCH_COMMAND, type ReviewPatchArgs, type ReviewPatchResult } from '../../../server/src/lsp/extensionProtocol';
import { registerRevisionDocuments, type ReviewBasis } from './reviewLocations';
import { ReviewMarks } from './reviewMarks';
import { findingsOf, ReviewTree } from './reviewTree';

export const REVIEW_COMMAND = 'lazymm.reviewPatch';
export const COPY_REPLY_COMMAND = 'lazymm.copyReviewReply';
export const CLEAR_REVIEW_COMMAND = 'lazymm.clearReview';
export const REVIEW_VIEW = 'lazymm.review';
/** Context key: a review is shown (the view and its commands appear). */
const SHOWN = 'lazymm.reviewShown';

type Choice = { label: string; description: string; pick: () => Promise<{ args: ReviewPatchArgs; basis: ReviewBasis; title: string } | undefined> };

export function registerPatchReview(context: vscode.ExtensionContext, client: LanguageClient): void {
  const tree = new ReviewTree();
  const marks = new ReviewMarks();
  let last: ReviewPatchResult | undefined;
  registerRevisionDocuments(context);

  const run = async (): Promise<void> => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const choices: Choice[] = [
      {
        label: '$(file) Patch or mbox file…',
        description: folder ? 'reviewed against the workspace folder' : 'reconstructed from its hunks (no folder open)',
        pick: async () => {
          const files = await vscode.window.showOpenDialog({
            canSelectMany: false,
            openLabel: 'Review',
            filters: { 'Patches and mailboxes': ['patch', 'diff', 'mbox', 'mbx', 'eml', 'txt'], 'All files': ['*'] },
            ...(folder ? { defaultUri: vscode.Uri.file(folder) } : {}),
          });
          const file = files?.[0]?.fsPath;
          return file ? { args: { patch: file, ...(folder ? { tree: folder } : {}) }, basis: { kind: 'patch', root: folder ?? null }, title: file } : undefined;
        },
      },
    ];
    if (folder) {
      choices.push({
        label: '$(git-compare) Working tree against a git base…',
        description: 'what your branch changes, committed or not',
        pick: async () => {
          const base = await vscode.window.showInputBox({ prompt: 'The revision the change starts from', value: 'origin/master', placeHolder: 'origin/master, HEAD~3, v6.12…', validateInput: (v) => (/^[^\s-][^\s]*$/.test(v) && !v.includes('..') ? undefined : 'one revision, e.g. origin/master') });
          return base ? { args: { base, workingTree: true, root: folder }, basis: { kind: 'git', root: folder, base }, title: `the working tree since ${base}` } : undefined;
        },
      });
    }
    const choice = await vscode.window.showQuickPick(choices, { title: 'lazymm: Review Patch', placeHolder: 'What to review' });
    const picked = await choice?.pick();
    if (!picked) return;
    let result: ReviewPatchResult;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `lazymm: reviewing ${picked.title}` }, () =>
        client.sendRequest(ExecuteCommandRequest.type, { command: REVIEW_PATCH_COMMAND, arguments: [picked.args] }) as Promise<ReviewPatchResult>,
      );
    } catch (e) {
      // The server answers a bad patch, range or file with its one-line reason.
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return;
    }
    last = result;
    const findings = findingsOf(result);
    tree.show(findings, picked.basis);
    marks.show(findings, picked.basis);
    await vscode.commands.executeCommand('setContext', SHOWN, true);
    // Expanded and in sight: a view that appears collapsed at the bottom of the Explorer is missed.
    await vscode.commands.executeCommand(`${REVIEW_VIEW}.focus`);
    const { new: added, fixed, preExisting } = result.counts;
    const summary = `lazymm: lazy-mm hazards: ${added} new, ${fixed} fixed, ${preExisting} pre-existing${result.basis === 'hunks' ? ' (no tree: files reconstructed from the hunks)' : ''}.`;
    const copy = 'Copy Review Reply';
    const answer = await vscode.window.showInformationMessage(summary, ...(replyOf(result) ? [copy] : []));
    if (answer === copy) await copyReply(last);
  };

  context.subscriptions.push(
    marks,
    vscode.window.registerTreeDataProvider(REVIEW_VIEW, tree),
    vscode.commands.registerCommand(REVIEW_COMMAND, run),
    vscode.commands.registerCommand(COPY_REPLY_COMMAND, () => copyReply(last)),
    vscode.commands.registerCommand(CLEAR_REVIEW_COMMAND, async () => {
      last = undefined;
      tree.show([], { kind: 'patch', root: null });
      marks.clear();
      await vscode.commands.executeCommand('setContext', SHOWN, false);
    }),
  );
}

/** The draft replies of a review, one mail per patch that needs one. */
function replyOf(result: ReviewPatchResult | undefined): string {
  return (result?.patches ?? []).flatMap((p) => (p.reply ? [p.reply] : [])).join('\n');
}

async function copyReply(result: ReviewPatchResult | undefined): Promise<void> {
  const reply = replyOf(result);
  if (!reply) {
    void vscode.window.showInformationMessage(result ? 'lazymm: the reviewed change introduces no hazard: there is no reply to draft.' : 'lazymm: review a patch first (lazymm: Review Patch…).');
    return;
  }
  await vscode.env.clipboard.writeText(reply);
  void vscode.window.showInformationMessage('lazymm: the review reply is on the clipboard.');
}
