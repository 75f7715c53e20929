// Offset -> tree-sitter Point (row, column in UTF-16 code units, as web-tree-sitter counts).
import type { Point } from 'web-tree-sitter';

export function pointAt(text: string, offset: number): Point {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - lineStart };
}
