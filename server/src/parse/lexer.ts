// A minimal C lexer for the clean-up passes: which characters are code, comment, string, or part of
// a preprocessor directive line, and where the directives are. It never fails: an unterminated
// string stops at the end of its line and an unterminated comment runs to the end of the file, as
// a compiler would read them.

/** What each character of the text is; a plain object (not an enum) so every transpiler agrees. */
export const CharKind = {
  Code: 0,
  Comment: 1,
  /** String or character literal, quotes included. */
  Literal: 2,
  /** Code on a preprocessor directive line (`#define ...`, continuation lines included). */
  Directive: 3,
} as const;

export interface Directive {
  /** Offset of the `#`. */
  hash: number;
  /** Offset of the line break that ends the logical line (after `\` continuations), or the text length. */
  end: number;
  /** `if`, `ifdef`, `define`, ...; empty for a null directive. */
  name: string;
  /** Offset just past the name: where the argument begins. */
  argStart: number;
}

export interface Lexed {
  kind: Uint8Array;
  directives: Directive[];
}

const LF = 10;
const CR = 13;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const HASH = 35;
const DQUOTE = 34;
const SQUOTE = 39;

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12;
}

/** Whether the line break at `nl` is escaped by a backslash (allowing `\` CR LF). */
function escapedBreak(text: string, nl: number): boolean {
  let i = nl - 1;
  if (text.charCodeAt(i) === CR) i--;
  return text.charCodeAt(i) === BACKSLASH;
}

/** The characters that can change what follows them, once past a line's leading blanks. */
const SPECIAL = /[/"'\n]/g;

export function lexC(text: string): Lexed {
  const n = text.length;
  const kind = new Uint8Array(n);
  const directives: Directive[] = [];
  let directive: Directive | undefined;
  let lineStart = true; // only blanks (or comments) so far on this line
  let i = 0;
  while (i < n) {
    if (!lineStart) {
      // Most of a line is plain code or directive text: jump to the next special character with
      // the regex engine instead of looking at each character here (this runs over every file).
      // test() rather than exec(): no match array for every line of every file.
      SPECIAL.lastIndex = i;
      const j = SPECIAL.test(text) ? SPECIAL.lastIndex - 1 : n;
      if (directive) kind.fill(CharKind.Directive, i, j);
      i = j;
      if (i >= n) break;
    }
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === SLASH && next === STAR) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      kind.fill(CharKind.Comment, i, end);
      i = end;
      continue;
    }
    if (c === SLASH && next === SLASH) {
      let end = i + 2;
      for (;;) {
        const nl = text.indexOf('\n', end);
        if (nl < 0) { end = n; break; }
        if (escapedBreak(text, nl)) { end = nl + 1; continue; }
        end = nl;
        break;
      }
      kind.fill(CharKind.Comment, i, end);
      i = end;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) { j += 2; continue; }
        if (d === c) { j++; break; }
        if (d === LF) break; // unterminated: the literal ends with its line
        j++;
      }
      j = Math.min(j, n);
      kind.fill(CharKind.Literal, i, j);
      lineStart = false;
      i = j;
      continue;
    }
    if (c === LF) {
      if (directive && !escapedBreak(text, i)) {
        directive.end = i;
        directive = undefined;
      }
      if (!directive) lineStart = true;
      else kind[i] = CharKind.Directive;
      i++;
      continue;
    }
    if (c === HASH && lineStart && !directive) {
      let j = i + 1;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
      let k = j;
      while (k < n && isIdentChar(text.charCodeAt(k))) k++;
      directive = { hash: i, end: n, name: text.slice(j, k), argStart: k };
      directives.push(directive);
    }
    if (directive) kind[i] = CharKind.Directive;
    if (!isBlank(c) && c !== CR) lineStart = false;
    i++;
  }
  return { kind, directives };
}

/**
 * A directive's argument as the preprocessor sees it: comments become a space, `\` line joins
 * disappear, literals stay. `#if defined(X) /* why *\/ && Y` gives `defined(X)   && Y`.
 */
export function directiveArgument(text: string, lexed: Lexed, d: Directive): string {
  let out = '';
  for (let i = d.argStart; i < d.end; i++) {
    const k = lexed.kind[i];
    const c = text.charCodeAt(i);
    if (k === CharKind.Comment) {
      if (lexed.kind[i - 1] !== CharKind.Comment || i === d.argStart) out += ' ';
      continue;
    }
    if (c === BACKSLASH && (text.charCodeAt(i + 1) === LF || (text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === LF))) continue;
    if (c === LF || c === CR) {
      out += ' ';
      continue;
    }
    out += text[i];
  }
  return out.trim();
}
