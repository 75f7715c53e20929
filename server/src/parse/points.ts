// Offset -> tree-sitter Point (row, column in UTF-16 code units, as web-tree-sitter counts).
import type { Point } from 'web-tree-sitter';

export function pointAt(text: string, offset: number): Point {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - lineStart };
}

/** pointAt for many offsets, in ascending order, in one pass over the text. */
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
