// Small readers over the clean-up buffer that look only at code: comments, literals and directive
// lines are skipped, so a `)` in a string or a comment never closes a parenthesis.
import { CharKind, type Directive } from './lexer';
import type { TextBuffer } from './textBuffer';

// Copied into module constants: reading them through the import in a per-character loop costs.
const CODE = CharKind.Code;

/** How far a macro's argument list may run: bounds the work on unbalanced, half-typed text. */
const MAX_ARGUMENT_SPAN = 8192;

export interface CodeView {
  buf: TextBuffer;
  kind: Uint8Array;
  /** The directive lines of the text, in order (some may be blanked already). */
  directives: readonly Directive[];
  /**
   * Characters the look-ahead readers may still scan. Every macro argument list is scanned from
   * its `(`, so deeply nested or unbalanced generated text could cost length x span; when the budget
   * runs out the readers report "not found" and the clean-up leaves the rest as it is.
   */
  budget: { left: number };
}

/** A budget proportional to the text: ample for real files, linear for pathological ones. */
export function scanBudget(length: number): { left: number } {
  return { left: 32 * length + 100_000 };
}

export function isCode(v: CodeView, i: number): boolean {
  return v.kind[i] === CODE;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** The next code character at or after `from` that is not a blank, or -1. */
export function nextSignificant(v: CodeView, from: number): number {
  const stop = Math.min(v.buf.length, from + v.budget.left);
  for (let i = from; i < stop; i++) {
    v.budget.left--;
    if (isCode(v, i) && !isSpace(v.buf.charCodeAt(i))) return i;
  }
  return -1;
}

/** Index just past the `)` that closes the `(` at `open`, or -1 when unbalanced within reach. */
export function matchParen(v: CodeView, open: number): number {
  let depth = 0;
  const stop = Math.min(v.buf.length, open + MAX_ARGUMENT_SPAN, open + v.budget.left);
  for (let i = open; i < stop; i++) {
    v.budget.left--;
    if (!isCode(v, i)) continue;
    const c = v.buf.charCodeAt(i);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */ && --depth === 0) return i + 1;
    else if (c === 59 /* ; */ && depth === 1) {
      // A statement end inside an argument list: this is not an argument list we understand.
      return -1;
    }
  }
  return -1;
}

/** Offsets of the commas that separate the arguments of the group `(` at `open` ... `)` before `close`. */
export function topLevelCommas(v: CodeView, open: number, close: number): number[] {
  const commas: number[] = [];
  let depth = 0;
  for (let i = open + 1; i < close - 1; i++) {
    if (!isCode(v, i)) continue;
    const c = v.buf.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++; // ( [ {
    else if (c === 41 || c === 93 || c === 125) depth--; // ) ] }
    else if (c === 44 /* , */ && depth === 0) commas.push(i);
  }
  return commas;
}
