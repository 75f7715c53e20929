// Hover on mm-lifetime names (mmgrab, mmput, active_mm, kthread_use_mm, ... every call of the API
// model): what it does to which count, what that keeps alive, and, inside an analysed function,
// what the analysis says the paths hold at that point.
import type { Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeName, type NameDoc } from '../analysis/apiDocs';
import type { FunctionReport } from '../engine';
import type { Position, Range } from '../paths/step';
import type { FeatureContext } from './feature';

export function registerHover(ctx: FeatureContext): void {
  ctx.capabilities.hoverProvider = true;
  ctx.connection.onHover(({ textDocument, position }): Hover | null => {
    const doc = ctx.documents.get(textDocument.uri);
    const word = doc && wordAt(doc, position);
    const about = word && describeName(word.text);
    if (!word || !about) return null;
    const parts = [describe(about)];
    // Only an analysis of this very text: positions in a stale one point at other code.
    const fn = ctx.analyses.current(textDocument.uri)?.result.functions.find((f) => !before(position, f.range.start) && !before(f.range.end, position));
    if (fn) parts.push(heldAt(fn, position));
    return { contents: { kind: 'markdown', value: parts.join('\n\n') }, range: word.range };
  });
}

function describe(d: NameDoc): string {
  const facts = [
    d.changes && `- Changes: ${escape(d.changes)}`,
    d.keepsAlive && `- Keeps alive: ${escape(d.keepsAlive)}`,
    d.pairedWith && `- Give it back with: \`${d.pairedWith}()\``,
  ].filter(Boolean);
  return [`\`${d.name}\` (lazymm): ${escape(d.summary)}.`, ...(facts.length ? [facts.join('\n')] : [])].join('\n\n');
}

/** What some path holds on entry to the nearest statement at or before the cursor. */
function heldAt(fn: FunctionReport, p: Position): string {
  let nearest: FunctionReport['heldAt'][number] | undefined;
  for (const h of fn.heldAt) if (!before(p, h.at) && (!nearest || before(nearest.at, h.at))) nearest = h;
  if (!nearest) return `**At this point** (in ${escape(fn.name)}()): no mm reference held here.`;
  const where = `**At this point** (on entry to line ${nearest.at.line + 1})`;
  if (nearest.held.length === 0) return `${where}: no mm reference held here.`;
  return `${where}, some path holds:\n\n${nearest.held.map((h) => `- ${escape(h)}`).join('\n')}`;
}

function wordAt(doc: TextDocument, p: Position): { text: string; range: Range } | undefined {
  const line = doc.getText({ start: { line: p.line, character: 0 }, end: { line: p.line + 1, character: 0 } });
  let start = p.character;
  let end = p.character;
  while (start > 0 && /\w/.test(line[start - 1]!)) start--;
  while (end < line.length && /\w/.test(line[end]!)) end++;
  if (start === end) return undefined;
  return { text: line.slice(start, end), range: { start: { line: p.line, character: start }, end: { line: p.line, character: end } } };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Source text and docs go into markdown: `__mmdrop` must not turn bold, `*mm` not italic. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, '\\$&');
}
