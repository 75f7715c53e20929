// Keeps one document's last tree so the next parse is incremental (tree.edit + parse(text, oldTree)),
// as an editor needs. The edit is found by comparing the old and the new text: one changed span
// between their common prefix and suffix, which is what a keystroke or a paste produces.
import { Edit, type Tree } from 'web-tree-sitter';
import { pointAt } from './points';

export class IncrementalTree {
  private tree: Tree | undefined;
  private text: string | undefined;

  /** The previous tree, edited to match `text`; undefined the first time. Owned by this object. */
  /** The edit previousFor() found, as offsets: the clean-up reuses it rather than diffing again. */
  lastEdit: { start: number; oldEnd: number; newEnd: number } | undefined;

  previousFor(text: string): Tree | undefined {
    this.lastEdit = undefined;
    if (!this.tree || this.text === undefined) return undefined;
    const edit = diffEdit(this.text, text);
    this.lastEdit = { start: edit.startIndex, oldEnd: edit.oldEndIndex, newEnd: edit.newEndIndex };
    this.tree.edit(edit);
    this.text = text; // the edited tree now stands for `text`, even if the parse that follows fails
    return this.tree;
  }

  /** Keeps `tree` (parsed from `text`) for next time and frees the one before it. */
  keep(tree: Tree, text: string): void {
    if (this.tree && this.tree !== tree) this.tree.delete();
    this.tree = tree;
    this.text = text;
  }

  /** Frees the wasm memory of the kept tree; the document is closed. */
  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.text = undefined;
  }
}

/** Characters changedSpan compares at a time before going character by character. */
const DIFF_BLOCK = 1024;

/** The one changed span between `before` and `after`: their common prefix and suffix kept. */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(before.length, after.length);
  // Whole blocks first, compared by the engine (a keystroke in a 300 KB file leaves almost all of it
  // equal, and three diffs run per keystroke), then character by character inside the last block.
  let start = 0;
  while (start + DIFF_BLOCK <= max && before.slice(start, start + DIFF_BLOCK) === after.slice(start, start + DIFF_BLOCK)) start += DIFF_BLOCK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const tailMax = max - start;
  while (tail + DIFF_BLOCK <= tailMax && before.slice(before.length - tail - DIFF_BLOCK, before.length - tail) === after.slice(after.length - tail - DIFF_BLOCK, after.length - tail)) tail += DIFF_BLOCK;
  while (tail < tailMax && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

export function diffEdit(before: string, after: string): Edit {
  const { start, oldEnd, newEnd } = changedSpan(before, after);
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}
