// Applies a file's hunks to its text the way `patch` does: each hunk is looked for at its stated
// line shifted by the offset of the hunks before it, then ever further away, then with up to two
// lines of outer context ignored (fuzz). A hunk that matches nowhere is reported and left out; the
// others still apply. The result keeps, for every hunk line, its line in the old and new text, so a
// finding can be traced back to the patch lines that quote it. No Node imports.
import type { Hunk, LineKind } from './diff';

/** GNU patch's default: at most two context lines at each end may be ignored. */
const MAX_FUZZ = 2;

export interface HunkOutcome {
  /** 1-based, in the file's patch. */
  index: number;
  header: string;
  applied: boolean;
  /** Lines between where the hunk said it applies and where it did (0: exactly there). */
  offset?: number;
  /** Context lines ignored at each end to make it match. */
  fuzz?: number;
  /** Why it did not apply. */
  reason?: string;
}

/** A hunk line with where it sits in the text before (`pre`) and after (`post`), 0-based; absent when not there. */
export interface MappedLine {
  kind: LineKind;
  text: string;
  pre?: number;
  post?: number;
}

export interface HunkView {
  index: number;
  header: string;
  lines: MappedLine[];
}

/** Two texts of one file, before and after a change, and what changed between them. */
export interface FileImages {
  pre: string;
  post: string;
  /** 0-based lines of `pre` the change removed, and of `post` it added. */
  removed: Set<number>;
  added: Set<number>;
  /** Places in `pre` (`post`) where lines were only added (removed): a line index the change sits in front of. */
  preInsertions: Set<number>;
  postDeletions: Set<number>;
  views: HunkView[];
  hunks: HunkOutcome[];
}

export function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: false };
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines: lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)), finalNewline };
}

interface Placement {
  hunk: Hunk;
  index: number;
  /** The hunk's lines that were matched (fuzz drops some at the ends). */
  from: number;
  to: number;
  /** Where its first kept old line sits in the old text. */
  at: number;
}

function oldSide(lines: Hunk['lines']): string[] {
  return lines.filter((l) => l.kind !== '+').map((l) => l.text);
}

function matchesAt(text: string[], at: number, want: string[]): boolean {
  if (at < 0 || at + want.length > text.length) return false;
  for (let k = 0; k < want.length; k++) if (text[at + k] !== want[k]) return false;
  return true;
}

/** Nearest position to `expected`, not before `floor`, where `want` matches; -1 when nowhere. */
function search(text: string[], want: string[], expected: number, floor: number): number {
  const limit = Math.max(expected - floor, text.length - expected) + 1;
  for (let d = 0; d <= limit; d++) {
    if (expected + d >= floor && matchesAt(text, expected + d, want)) return expected + d;
    if (d > 0 && expected - d >= floor && matchesAt(text, expected - d, want)) return expected - d;
  }
  return -1;
}

function place(text: string[], hunk: Hunk, index: number, offset: number, floor: number): Placement | undefined {
  const lines = hunk.lines;
  let lead = 0;
  while (lead < lines.length && lines[lead]!.kind === ' ') lead++;
  let trail = 0;
  while (trail < lines.length - lead && lines[lines.length - 1 - trail]!.kind === ' ') trail++;
  // An empty old side inserts after line oldStart; otherwise oldStart is the first old line.
  const nominal = (hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1) + offset;
  for (let fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
    const dropLead = Math.min(fuzz, lead);
    const dropTrail = Math.min(fuzz, trail);
    if (fuzz > 0 && dropLead === 0 && dropTrail === 0) break;
    const from = dropLead;
    const to = lines.length - dropTrail;
    const want = oldSide(lines.slice(from, to));
    // A hunk with no old lines at all (a new file's) goes exactly where it says.
    const at = want.length === 0 ? Math.min(Math.max(nominal, floor), text.length) : search(text, want, nominal + dropLead, floor);
    if (at >= 0) return { hunk, index, from, to, at };
  }
  return undefined;
}

/** Applies `hunks` to `pre` in order. */
export function applyHunks(pre: string, hunks: readonly Hunk[]): FileImages {
  const { lines: text, finalNewline } = splitLines(pre);
  const outcomes: HunkOutcome[] = [];
  const placements: Placement[] = [];
  let offset = 0;
  let floor = 0;
  hunks.forEach((hunk, k) => {
    const p = place(text, hunk, k + 1, offset, floor);
    if (!p) {
      outcomes.push({ index: k + 1, header: hunk.header, applied: false, reason: 'its context and removed lines match nowhere in the file' });
      return;
    }
    const fuzz = Math.max(p.from, hunk.lines.length - p.to);
    const stated = (hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1) + p.from;
    const shift = p.at - stated;
    outcomes.push({ index: k + 1, header: hunk.header, applied: true, offset: shift, fuzz });
    offset = shift;
    floor = p.at + oldSide(hunk.lines.slice(p.from, p.to)).length;
    placements.push(p);
  });

  const out: string[] = [];
  const images: FileImages = { pre, post: '', removed: new Set(), added: new Set(), preInsertions: new Set(), postDeletions: new Set(), views: [], hunks: outcomes };
  let cursor = 0;
  let noNewline = !finalNewline;
  for (const p of placements) {
    while (cursor < p.at) out.push(text[cursor++]!);
    const view: HunkView = { index: p.index, header: p.hunk.header, lines: [] };
    p.hunk.lines.forEach((l, k) => {
      if (k < p.from || k >= p.to) {
        view.lines.push({ kind: l.kind, text: l.text });
        return;
      }
      if (l.kind === ' ') {
        view.lines.push({ kind: ' ', text: l.text, pre: cursor, post: out.length });
        out.push(text[cursor++]!);
      } else if (l.kind === '-') {
        images.removed.add(cursor);
        images.postDeletions.add(out.length);
        view.lines.push({ kind: '-', text: l.text, pre: cursor++ });
      } else {
        images.added.add(out.length);
        images.preInsertions.add(cursor);
        view.lines.push({ kind: '+', text: l.text, post: out.length });
        out.push(l.text);
      }
    });
    images.views.push(view);
    // The last hunk decides whether the new text ends with a newline, when it reaches the end.
    if (cursor === text.length) noNewline = p.hunk.newNoNewline;
  }
  while (cursor < text.length) out.push(text[cursor++]!);
  images.post = out.length === 0 ? '' : `${out.join('\n')}${noNewline ? '' : '\n'}`;
  return images;
}
