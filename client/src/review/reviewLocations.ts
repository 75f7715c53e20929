// Where a reviewed finding can be shown. Its ranges are in the text before the change (a fixed
// finding) or after it; which of the two is on disk depends on what was reviewed:
//   a patch file against the tree: the tree is the text before; the text after is nowhere;
//   git commits or the working tree: the text after is on disk (the working tree), and the text
//   before is the base revision, shown read-only through `git show` (the lazymm-rev: scheme).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

export type ReviewBasis = { kind: 'patch'; root: string | null } | { kind: 'git'; root: string; base: string };

export const REVISION_SCHEME = 'lazymm-rev';

export function locate(basis: ReviewBasis, file: string, image: 'before' | 'after'): vscode.Uri | undefined {
  if (basis.kind === 'patch') return image === 'before' && basis.root ? vscode.Uri.file(path.join(basis.root, file)) : undefined;
  if (image === 'after') return vscode.Uri.file(path.join(basis.root, file));
  return vscode.Uri.from({ scheme: REVISION_SCHEME, path: `/${file}`, query: new URLSearchParams({ root: basis.root, rev: basis.base }).toString() });
}

/** Serves `lazymm-rev:/path?root=R&rev=X` as the file at revision X of the repository at R. */
export function registerRevisionDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REVISION_SCHEME, {
      provideTextDocumentContent(uri: vscode.Uri): string {
        const q = new URLSearchParams(uri.query);
        const root = q.get('root');
        const rev = q.get('rev');
        if (!root || !rev) return '';
        // Arguments as a list, never a shell: the path and revision come from the review.
        const r = spawnSync('git', ['-C', root, 'show', `${rev}:${uri.path.slice(1)}`], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        return r.status === 0 ? r.stdout : `/* lazymm: ${uri.path.slice(1)} is not in ${rev}: ${(r.stderr || r.error?.message || '').trim()} */\n`;
      },
    }),
  );
}
