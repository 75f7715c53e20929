// Blanks everything at the top level of a file but the function definitions the analysis will look
// at, before tree-sitter sees the text. A kernel file mentions the mm APIs in a handful of its
// functions; parsing the rest (other functions, structs, tables, prototypes) is most of the cost
// of a tree scan, and the analysis reads none of it. Line breaks stay, so every offset, line and
// column of what is kept is unchanged.
import { CharKind } from './lexer';
import type { TextBuffer } from './textBuffer';

const CODE = CharKind.Code;
const DIRECTIVE = CharKind.Directive;
const SEMICOLON = 59;
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

/**
 * Top-level `{ ... }` blocks that follow a `)`: function bodies (not initializers, not structs).
 * `blocks` are the text's topLevelBlocks when the caller has them already.
 */
export function functionBodies(buf: TextBuffer, kind: Uint8Array, blocks = topLevelBlocks(buf, kind)): Body[] {
  const out: Body[] = [];
  for (const [open, close] of blocks) {
    const before = prevCode(buf, kind, open);
    if (before < 0 || buf.charCodeAt(before) !== RPAREN) continue;
    const f = functionName(buf, kind, before);
    if (f) out.push({ name: f.name, params: f.params, open, close });
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
 * The word-level pass, as focusOnRelevantBodies drives it (kernelMacros.ts rewriteKernelMacrosIn):
 * over [from, to), where `from` is the text's start or just after a top-level `}`.
 */
export type WordPass = (from: number, to: number) => void;

/** A global copy of each pattern, for blocksMatching's one pass over a whole text. */
const globalCopies = new WeakMap<RegExp, RegExp>();

/**
 * For each of `blocks` (top-level, in order), whether `pattern` matches inside it, (open, close):
 * what testing each block's text would say, in one pass over `text` with no block sliced out. A
 * match counts for the block that holds all of it; matches cannot hide one another across a brace,
 * as no pattern used here matches a brace but for one trailing character (`->mm =[^=]`), and the
 * pass jumps to a block's end once the block has a match.
 */
function blocksMatching(text: string, blocks: ReadonlyArray<readonly [number, number]>, pattern: RegExp): boolean[] {
  let re = globalCopies.get(pattern);
  if (!re) globalCopies.set(pattern, (re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)));
  const out = new Array<boolean>(blocks.length).fill(false);
  let b = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m && b < blocks.length; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    const start = m.index;
    while (b < blocks.length && blocks[b]![1] <= start) b++;
    const block = blocks[b];
    if (block && block[0] < start && start + m[0].length <= block[1]) {
      out[b] = true;
      re.lastIndex = block[1];
      b++;
    }
  }
  return out;
}

/**
 * Runs the word-level pass and then keeps the definitions whose bodies `relevant` matches, and
 * those whose bodies call such a function (their call sites tell the analysis in which IRQ state
 * it runs); blanks the rest.
 *
 * The word-level pass is most of the clean-up's time, and text that is blanked after it needs
 * none of it. So it runs only over the definitions that may be kept, each with the top-level text
 * before it back to the previous top-level block (its head: return type, attributes, a
 * SYSCALL_DEFINE): first those whose block the relevance test accepts before the pass, then those
 * whose block names a function kept so far. At a top-level `}` a walk of the whole text is at depth
 * 0 after a statement boundary, the state each of these walks starts in, so every kept definition
 * reads exactly as after a pass over everything (test/corpus/focus-6.12.test.ts checks it on every
 * candidate file of Linux 6.12). And the pass never creates an identifier (it blanks macros and
 * writes `while`, `if`, `0`, `1` and brackets): a block it did not make relevant stays irrelevant,
 * and a block that does not name a kept function cannot call one after the pass.
 */
export function focusOnRelevantBodies(buf: TextBuffer, kind: Uint8Array, relevant: RegExp, pass: WordPass): { focus: FocusReport; kept: Array<[number, number]> } {
  const blocks = topLevelBlocks(buf, kind);
  // Blocks the pass has not reached read as here: the name test below uses this text too.
  const before = buf.toString();
  const matches = blocksMatching(before, blocks, relevant);
  /** Walks the block at `i` with its head, once; only a block after a `)` can be a function body. */
  const walked = new Set<number>();
  const walk = (i: number) => {
    const [open, close] = blocks[i]!;
    const last = prevCode(buf, kind, open);
    if (walked.has(i) || last < 0 || buf.charCodeAt(last) !== RPAREN) return;
    walked.add(i);
    pass(i > 0 ? blocks[i - 1]![1] + 1 : 0, close + 1);
  };
  for (let i = 0; i < blocks.length; i++) if (matches[i]) walk(i);
  // The pass writes no brace: the blocks are where they were. A body the pass has not reached may
  // carry a head macro's name (`__releases`) for its own: it is neither relevant nor kept.
  const blockIndex = new Map(blocks.map(([open], i) => [open, i]));
  const isWalked = (b: Body) => walked.has(blockIndex.get(b.open)!);
  let bodies = functionBodies(buf, kind, blocks);
  const relevantOpens = new Set(bodies.filter((b) => isWalked(b) && relevant.test(buf.slice(b.open + 1, b.close))).map((b) => b.open));
  const keptNames = bodies.filter((b) => relevantOpens.has(b.open)).map((b) => b.name);
  const calls = keptNames.length > 0 ? callsOf(keptNames) : undefined;
  if (calls) {
    // Blocks not walked yet whose text names a kept function: their calls decide, after the pass.
    const named = new RegExp(`\\b(?:${keptNames.join('|')})\\b`);
    const unwalked = blocks.map((_, i) => i).filter((i) => !walked.has(i));
    const naming = blocksMatching(before, unwalked.map((i) => blocks[i]!), named);
    const revisit = unwalked.filter((_, k) => naming[k]);
    for (const i of revisit) walk(i);
    // The heads just walked may name their functions differently now.
    if (revisit.length > 0) bodies = functionBodies(buf, kind, blocks);
  }
  const isRelevant = bodies.map((b) => relevantOpens.has(b.open));
  const keep = bodies.map((b, i) => isRelevant[i]! || (calls !== undefined && isWalked(b) && calls.test(buf.slice(b.open + 1, b.close))));
  const kept: Array<[number, number]> = [];
  let from = 0;
  for (let i = 0; i < bodies.length; i++) {
    if (!keep[i]) continue;
    const start = definitionStart(buf, kind, bodies[i]!);
    buf.blank(from, start);
    from = bodies[i]!.close + 1;
    kept.push([start, from]);
  }
  buf.blank(from, buf.length);
  return { focus: { bodies, relevant: isRelevant, keep, calls }, kept };
}

/** Every top-level `{ ... }` block, [open, close]: bodies, initializers and struct definitions alike. */
function topLevelBlocks(buf: TextBuffer, kind: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < buf.length; i++) {
    if (kind[i] !== CODE) continue;
    const c = buf.charCodeAt(i);
    if (c === OPEN && depth++ === 0) open = i;
    else if (c === CLOSE && depth > 0 && --depth === 0) out.push([open, i]);
  }
  return out;
}

function callsOf(names: string[]): RegExp {
  return new RegExp(`\\b(?:${names.join('|')})\\s*\\(`);
}

/**
 * Where the definition of `b` starts: after the `;` or `}` that ends what comes before it, or after
 * a directive line (its return type, storage class and attributes may span several lines).
 */
function definitionStart(buf: TextBuffer, kind: Uint8Array, b: Body): number {
  for (let j = b.params - 1; j >= 0; j--) {
    if (kind[j] === DIRECTIVE) return j + 1;
    if (kind[j] !== CODE) continue;
    const c = buf.charCodeAt(j);
    if (c === SEMICOLON || c === CLOSE || c === OPEN) return j + 1;
  }
  return 0;
}
