// Code actions: each finding's fixes (computed by the engine) as quick fixes of its diagnostic, and
// "Copy as review comment", which hands the client the finding as a mailing-list reply.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import { reviewComment } from '../paths/reviewComment';
import type { Position, Range } from '../paths/step';
import type { TextEdit } from '../rules/finding';
import type { Analysis } from './documents';
import type { FeatureContext } from './feature';

/** Client command (client/src/reviewComment.ts): puts its one string argument on the clipboard. */
export const COPY_REVIEW_COMMENT = 'lazymm.copyReviewComment';

export function registerCodeActions(ctx: FeatureContext): void {
  ctx.capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] };
  ctx.connection.onCodeAction((params) => {
    const analysis = ctx.analyses.current(params.textDocument.uri);
    const text = ctx.documents.get(params.textDocument.uri)?.getText();
    // A stale analysis has stale ranges: the next request, after validation, gets the actions.
    if (!analysis || text === undefined) return [];
    const documentChanges = ctx.client.workspace?.workspaceEdit?.documentChanges === true;
    return actionsFor(analysis, text, params, documentChanges).filter((a) => wanted(a, params.context.only));
  });
}

function actionsFor(analysis: Analysis, text: string, params: CodeActionParams, documentChanges: boolean): CodeAction[] {
  // Only findings the client shows as diagnostics here: a rule turned off in the settings offers nothing.
  const matched = analysis.result.findings.flatMap((finding) => {
    if (!intersects(finding.range, params.range)) return [];
    const diagnostics = params.context.diagnostics.filter((d) => d.code === finding.ruleId && sameRange(d.range, finding.range));
    return diagnostics.length > 0 ? [{ finding, diagnostics }] : [];
  });
  const fixes: CodeAction[] = [];
  const comments: CodeAction[] = [];
  const seen = new Set<string>();
  for (const { finding, diagnostics } of matched) {
    for (const fix of finding.fixes ?? []) {
      const key = `${fix.title}|${JSON.stringify(fix.edits)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        ...(fix.preferred ? { isPreferred: true } : {}),
        edit: workspaceEdit(analysis, fix.edits, documentChanges),
      });
    }
    const fn = analysis.result.functions.find((f) => f.name === finding.functionName && contains(f.range, finding.range.start));
    comments.push({
      title: matched.length > 1 ? `lazymm: Copy ${finding.ruleId} as review comment` : 'lazymm: Copy as review comment',
      kind: CodeActionKind.Empty,
      diagnostics,
      command: { title: 'Copy as review comment', command: COPY_REVIEW_COMMENT, arguments: [reviewComment(finding, text, fn?.range)] },
    });
  }
  return [...fixes, ...comments];
}

/** Versioned when the client can take it, so an edit never lands on text it was not made for. */
function workspaceEdit(analysis: Analysis, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) return { documentChanges: [{ textDocument: { uri: analysis.uri, version: analysis.version }, edits }] };
  return { changes: { [analysis.uri]: edits } };
}

/** `only: ['quickfix']` keeps the quick fixes; the review comment (empty kind) comes when no kind is asked for. */
function wanted(action: CodeAction, only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  const kind = action.kind ?? '';
  return only.some((o) => kind === o || (o !== '' && kind.startsWith(`${o}.`)));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

function intersects(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(d: Diagnostic['range'], r: Range): boolean {
  return d.start.line === r.start.line && d.start.character === r.start.character && d.end.line === r.end.line && d.end.character === r.end.character;
}
