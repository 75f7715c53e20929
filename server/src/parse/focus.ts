// Blanks the bodies of top-level functions the analysis will not look at, before tree-sitter sees
// the text. A kernel file mentions the mm APIs in a handful of its functions; parsing the other
// bodies is most of the cost of a tree scan. Braces and line breaks stay, so every offset, line and
// column is unchanged and the functions themselves are still found (with empty bodies).
import { CharKind } from './lexer';
import type { TextBuffer } from './textBuffer';

const CODE = CharKind.Code;
const OPEN = 123; // {
const CLOSE = 125; // }
const RPAREN = 41;
const LPAREN = 40;

export interface Body {
  name: string;
  /** Offset of the `(` that opens the parameter list. */
  params: number;
  open: number;
  close: number;
}

function isIdent(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The previous code character before `i` that is not blank, or -1. */
function prevCode(buf: TextBuffer, kind: Uint8Array, i: number): number {
  for (let j = i - 1; j >= 0; j--) {
    if (kind[j] !== CODE) continue;
    const c = buf.charCodeAt(j);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return j;
  }
  return -1;
}

/** The function whose parameter list closes at `rparen`: the identifier before its `(`, and that `(`. */
function functionName(buf: TextBuffer, kind: Uint8Array, rparen: number): { name: string; params: number } | undefined {
  let depth = 0;
  for (let j = rparen; j >= 0; j--) {
    if (kind[j] !== CODE) continue;
    const c = buf.charCodeAt(j);
    if (c === RPAREN) depth++;
    else if (c === LPAREN && --depth === 0) {
      const end = prevCode(buf, kind, j) + 1;
      let start = end;
      while (start > 0 && isIdent(buf.charCodeAt(start - 1))) start--;
      return start < end ? { name: buf.slice(start, end), params: j } : undefined;
    }
  }
  return undefined;
}

/** Top-level `{ ... }` blocks that follow a `)`: function bodies (not initializers, not structs). */
export function functionBodies(buf: TextBuffer, kind: Uint8Array): Body[] {
  const out: Body[] = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < buf.length; i++) {
    if (kind[i] !== CODE) continue;
    const c = buf.charCodeAt(i);
    if (c === OPEN && depth++ === 0) open = i;
    else if (c === CLOSE && depth > 0 && --depth === 0) {
      const before = prevCode(buf, kind, open);
      if (before >= 0 && buf.charCodeAt(before) === RPAREN) {
        const f = functionName(buf, kind, before);
        if (f) out.push({ name: f.name, params: f.params, open, close: i });
      }
    }
  }
  return out;
}

/** Which bodies were kept and why: what the incremental clean-up (incrementalCleanup.ts) needs. */
export interface FocusReport {
  bodies: Body[];
  /** The body mentions the tracked APIs itself (`relevant` accepted it). */
  relevant: boolean[];
  /** Kept: relevant, or calls a relevant function. */
  keep: boolean[];
  /** Matches a call to a relevant function; undefined when there is none. */
  calls: RegExp | undefined;
}

/**
 * Keeps the bodies `relevant` accepts, and the bodies that call a kept function (their call sites
 * tell the analysis in which IRQ state it runs); blanks the rest.
 */
export function blankIrrelevantBodies(buf: TextBuffer, kind: Uint8Array, relevant: (body: string) => boolean): FocusReport {
  const bodies = functionBodies(buf, kind);
  const texts = bodies.map((b) => buf.slice(b.open + 1, b.close));
  const isRelevant = texts.map((t) => relevant(t));
  const keep = [...isRelevant];
  const keptNames = bodies.filter((_, i) => isRelevant[i]).map((b) => b.name);
  const calls = keptNames.length > 0 ? callsOf(keptNames) : undefined;
  if (calls) for (let i = 0; i < bodies.length; i++) if (!keep[i] && calls.test(texts[i]!)) keep[i] = true;
  for (let i = 0; i < bodies.length; i++) if (!keep[i]) buf.blank(bodies[i]!.open + 1, bodies[i]!.close);
  return { bodies, relevant: isRelevant, keep, calls };
}

function callsOf(names: string[]): RegExp {
  return new RegExp(`\\b(?:${names.join('|')})\\s*\\(`);
}
