// Rewrites inside one macro's argument list, for the walk in kernelMacros.ts: each takes the text
// view and the offsets of the `(` and of the character after the `)`, edits in place (offsets never
// move) and says whether it did. kernelWords.ts explains why each is needed.
import { isCode, nextSignificant, topLevelCommas, type CodeView } from './codeScan';
import { STATEMENT_ARGUMENT_KEYWORDS } from './kernelWords';
import { CharKind, isIdentChar, isIdentStart } from './lexer';

const CODE = CharKind.Code;

const QUALIFIERS = new Set(['const', 'volatile', '__volatile__', 'restrict', '__restrict']);
const TAG_KEYWORDS = new Set(['struct', 'union', 'enum']);
const BUILTIN_TYPE_WORDS = new Set(['unsigned', 'signed', 'short', 'long', 'int', 'char', 'float', 'double', '_Bool', 'void']);
const statementKeywords = new Set(STATEMENT_ARGUMENT_KEYWORDS);

/** `DEFINE_PER_CPU(type, name)` -> `type name`: the name, `(`, the comma and `)` are blanked. */
export function typedDeclarator(v: CodeView, start: number, open: number, close: number): boolean {
  const commas = topLevelCommas(v, open, close);
  if (commas.length !== 1) return false;
  v.buf.blank(start, open + 1);
  v.buf.blank(commas[0]!, commas[0]! + 1);
  v.buf.blank(close - 1, close);
  return true;
}

/** `DECLARE_BITMAP(name, bits)` -> `DECLARE_BITMAP name[ bits]`. */
export function arrayDeclarator(v: CodeView, open: number, close: number): boolean {
  const commas = topLevelCommas(v, open, close);
  if (commas.length !== 1) return false;
  v.buf.blank(open, open + 1);
  v.buf.overwrite(commas[0]!, commas[0]! + 1, '[');
  v.buf.overwrite(close - 1, close, ']');
  return true;
}

/** `SYSCALL_DEFINE2(name, t1, a1, t2, a2)` -> `SYSCALL_DEFINE2 name( t1  a1, t2  a2)`. */
export function functionDefiner(v: CodeView, open: number, close: number): boolean {
  const commas = topLevelCommas(v, open, close);
  if (commas.length < 2 || commas.length % 2 !== 0) return false;
  v.buf.blank(open, open + 1);
  v.buf.overwrite(commas[0]!, commas[0]! + 1, '(');
  for (let k = 1; k < commas.length; k += 2) v.buf.blank(commas[k]!, commas[k]! + 1);
  return true;
}

/** `offsetof(struct s, a.b[3])` -> `offsetof(struct s, a       )`. */
export function offsetofMember(v: CodeView, open: number, close: number): void {
  const commas = topLevelCommas(v, open, close);
  if (commas.length !== 1) return;
  const member = v.buf.slice(commas[0]! + 1, close - 1);
  const field = /^\s*[A-Za-z_]\w*/.exec(member);
  if (field) v.buf.blank(commas[0]! + 1 + field[0].length, close - 1);
}

/** GNU case ranges, `case 1 ... 5:`: the `... 5` is blanked; the CFG needs only the label. */
export function caseRange(v: CodeView, afterCase: number): void {
  const stop = Math.min(v.buf.length, afterCase + 512);
  let dots = -1;
  let parens = 0;
  for (let i = afterCase; i < stop; i++) {
    if (!isCode(v, i)) continue;
    const c = v.buf.charCodeAt(i);
    if (c === 40) parens++;
    else if (c === 41) parens--;
    else if (c === 59 || c === 123 || c === 125) return; // ; { }: not a case label after all
    else if (c === 46 && dots < 0 && v.buf.slice(i, i + 3) === '...') dots = i;
    else if (c === 58 && parens === 0) {
      if (dots >= 0) v.buf.blank(dots, i);
      return;
    }
  }
}

/**
 * In a call's argument list: an argument that is only a type is reduced to one word, and an
 * argument that is a statement (`return ret`) is blanked with its comma.
 */
export function callArguments(v: CodeView, open: number, close: number): void {
  const bounds = [open, ...topLevelCommas(v, open, close), close - 1];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]! + 1;
    const to = bounds[k + 1]!;
    if (!statementArgument(v, from, to)) typeArgument(v, from, to);
    // The comma before the statement goes too; after it, when it is the first argument.
    else if (k > 0) v.buf.blank(bounds[k]!, to);
    else v.buf.blank(from, Math.min(to + 1, close - 1));
  }
}

function statementArgument(v: CodeView, start: number, end: number): boolean {
  const first = nextSignificant(v, start);
  if (first < 0 || first >= end || !isIdentStart(v.buf.charCodeAt(first))) return false;
  let k = first;
  while (k < end && isIdentChar(v.buf.charCodeAt(k))) k++;
  return statementKeywords.has(v.buf.slice(first, k));
}

/** `struct mm_struct` -> `mm_struct`, `unsigned long` -> `long`, `const struct foo *` -> `foo`. */
function typeArgument(v: CodeView, start: number, end: number): void {
  for (let i = start; i < end; i++) if (v.kind[i] !== CODE) return;
  const tokens: Array<{ text: string; at: number }> = [];
  const re = /[A-Za-z_]\w*|\S/g;
  const arg = v.buf.slice(start, end);
  for (let m = re.exec(arg); m; m = re.exec(arg)) tokens.push({ text: m[0], at: start + m.index });
  let stars = 0;
  while (stars < tokens.length && tokens[tokens.length - 1 - stars]!.text === '*') stars++;
  const core = tokens.slice(0, tokens.length - stars);
  if (core.length === 0 || !core.every((t) => /^[A-Za-z_]/.test(t.text))) return;
  const words = core.map((t) => t.text);
  const unqualified = words.filter((w) => !QUALIFIERS.has(w));
  const last = words[words.length - 1]!;
  // Already one word with nothing around it (`a`, `int`): an argument tree-sitter reads.
  if (core.length === 1 && stars === 0) return;
  const isTagged = unqualified.length === 2 && TAG_KEYWORDS.has(unqualified[0]!);
  const isBuiltin = unqualified.length >= 1 && unqualified.every((w) => BUILTIN_TYPE_WORDS.has(w));
  const isNamed = unqualified.length === 1;
  if (!(isTagged || isBuiltin || isNamed) || QUALIFIERS.has(last)) return;
  for (const t of tokens.slice(0, -1 - stars).concat(tokens.slice(tokens.length - stars))) v.buf.blank(t.at, t.at + t.text.length);
}
