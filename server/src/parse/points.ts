// Offset -> tree-sitter Point (row, column in UTF-16 code units, as web-tree-sitter counts).
import type { Point } from 'web-tree-sitter';

export function pointAt(text: string, offset: number): Point {
  return pointsAt(text, [offset])[0]!;
}

/** The points of many offsets, in ascending order, in one pass over the text. */
export function pointsAt(text: string, offsets: readonly number[]): Point[] {
  const out: Point[] = [];
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  for (const offset of offsets) {
    for (let i = text.indexOf('\n', scanned); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
      scanned = i + 1;
    }
    out.push({ row, column: offset - lineStart });
  }
  return out;
}
