// Applies text edits (LSP TextEdit or a lazymm Fix's edits) to a string, as an editor would: every
// range refers to the original text, so they are applied from the end backwards.
import type { Position, Range } from '../server/src/paths/step';

function offsetOf(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) throw new Error(`line ${p.line} is past the end of the text`);
    offset = nl + 1;
  }
  return offset + p.character;
}

export function applyEdits(text: string, edits: ReadonlyArray<{ range: Range; newText: string }>): string {
  const spans = edits.map((e) => ({ start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end), newText: e.newText }));
  spans.sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.end > spans[i - 1]!.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}
