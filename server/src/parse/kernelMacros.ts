// The word-level clean-up: one left-to-right walk over the code that blanks attribute macros and
// rewrites iterator, guard, per-CPU and syscall-definition macros in place (kernelWords.ts says
// which words and why). The walk knows the brace depth and the previous token, which is enough to
// tell a statement start inside a function from a declaration or a `#define`.
import * as rewrite from './argumentRewrites';
import * as scan from './codeScan';
import { firstAtOrAfter } from './firstAtOrAfter';
import type { CodeView } from './codeScan';
import * as words from './kernelWords';
import * as lex from './lexer';
import type { Directive } from './lexer';

// Module-level copies of what the per-character loop uses: imported bindings may be read through
// getters when running from source, and this walk touches every character of every file.
const matchParen = scan.matchParen;
const nextSignificant = scan.nextSignificant;
const topLevelCommas = scan.topLevelCommas;
const isIdentChar = lex.isIdentChar;
const isIdentStart = lex.isIdentStart;
const CODE = lex.CharKind.Code;
const COMMENT = lex.CharKind.Comment;
const LITERAL = lex.CharKind.Literal;
const DIRECTIVE = lex.CharKind.Directive;

// The word lists, read once (see the note above on imported bindings).
const attributeWords: ReadonlySet<string> = new Set(words.ATTRIBUTE_WORDS);
const annotationCalls = new Set(words.ANNOTATION_CALLS);
const storageClasses = new Set(words.STORAGE_CLASSES);
const typedDeclarators = new Set(words.TYPED_DECLARATORS);
const arrayDeclarators = new Set(words.ARRAY_DECLARATORS);
const kconfigHelpers = new Set(words.KCONFIG_HELPERS);
const runOnceScopes = new Set(words.RUN_ONCE_SCOPES);
const asmWords = new Set(words.ASM_WORDS);
const asmQualifiers = new Set(words.ASM_QUALIFIERS);
const typeTaking = new Set(words.TYPE_TAKING_KEYWORDS);
const localAttributeVocabulary = new Set([...words.ATTRIBUTE_WORDS, ...words.LOCAL_ATTRIBUTE_WORDS]);
const {
  CONDITIONAL_GUARD,
  CONDITIONAL_GUARD_SUFFIXES,
  DEFINITION_MACRO,
  FUNCTION_DEFINERS,
  ITERATOR_PATTERN,
  OFFSETOF,
  TOP_LEVEL_STATEMENTS,
  UNCONDITIONAL_GUARD,
} = words;

/** Answers `IS_ENABLED(CONFIG_X)` and friends from the configuration; undefined when it cannot. */
export type KconfigTest = (helper: string, symbol: string) => boolean | undefined;

export interface MacroContext {
  /** The file's own attribute macros (see localAttributeMacros). */
  localAttributes: ReadonlySet<string>;
  kconfig: KconfigTest;
}

/** Characters after which a new statement may begin. */
const STATEMENT_BOUNDARY = new Set([';', '{', '}', ')', ':']);
/** Keywords after which a new statement may begin. */
const STATEMENT_KEYWORDS = new Set(['else', 'do']);

/** The previous kept token: a punctuation character or a word. */
interface Prev {
  char: string;
  word: string;
  /** The token is the `}` that closes the body of a `do`: `do { } for_each_vma(vmi, vma);` is a do-while. */
  closesDo?: boolean;
}

function atStatementStart(prev: Prev): boolean {
  return prev.char === '' || (prev.word === '' && STATEMENT_BOUNDARY.has(prev.char)) || STATEMENT_KEYWORDS.has(prev.word);
}

/** What may follow an iterator's `(...)` when it heads a loop: the first character of a statement. */
function startsStatement(c: number): boolean {
  return isIdentStart(c) || c === 123 /* { */ || c === 40 /* ( */ || c === 42 /* * */ || c === 43 /* + */ || c === 45 /* - */ || c === 33 /* ! */;
}

/** Names worth looking for an argument list after; most calls are none of ours. */
function isCallMacro(name: string): boolean {
  return (
    annotationCalls.has(name) ||
    TOP_LEVEL_STATEMENTS.test(name) ||
    typedDeclarators.has(name) ||
    arrayDeclarators.has(name) ||
    kconfigHelpers.has(name) ||
    FUNCTION_DEFINERS.test(name) ||
    runOnceScopes.has(name) ||
    name === CONDITIONAL_GUARD ||
    name === OFFSETOF ||
    ITERATOR_PATTERN.test(name)
  );
}

/**
 * The file's own attribute macros: object-like defines whose replacement is empty or only attribute
 * words (`#define STATIC_NOPV static`, `#define __fastpath_inline __always_inline`).
 */
export function localAttributeMacros(objectMacros: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [name, replacement] of objectMacros) {
    const parts = replacement.replace(/\b__attribute__\s*\(\(.*\)\)/g, ' ').trim().split(/\s+/).filter(Boolean);
    if (parts.every((w) => localAttributeVocabulary.has(w))) out.add(name);
  }
  return out;
}

class Walker {
  private depth = 0;
  private directiveIndex = 0;
  private prev: Prev = { char: '', word: '' };
  /** For each open brace: whether it opened the body of a `do`. */
  private readonly braces: boolean[] = [];

  private readonly extraAttributes: ReadonlySet<string>;

  constructor(
    private readonly v: CodeView,
    private readonly context: MacroContext,
  ) {
    this.extraAttributes = context.localAttributes;
  }

  /** The directive starting at `i`, if any: directives are met in order, so a cursor suffices. */
  private directiveAt(i: number): Directive | undefined {
    const ds = this.v.directives;
    while (this.directiveIndex < ds.length && ds[this.directiveIndex]!.hash < i) this.directiveIndex++;
    const d = ds[this.directiveIndex];
    return d?.hash === i ? d : undefined;
  }

  private text(start: number, end: number): string {
    return this.v.buf.slice(start, end);
  }

  /** The `(` right after a macro name (blanks and comments allowed between), or -1. */
  private openParenAfter(end: number): number {
    const p = nextSignificant(this.v, end);
    return p >= 0 && this.v.buf.charCodeAt(p) === 40 ? p : -1;
  }

  /**
   * Walks [from, to), which starts at the top level (the text's start, or just after a top-level
   * `}`): where a walk of the whole text would be in the same state.
   */
  run(from = 0, to = this.v.buf.length): void {
    const { buf, kind } = this.v;
    // The directive cursor starts at the first directive of the range (a text has thousands).
    this.directiveIndex = firstAtOrAfter(this.v.directives, from, (d) => d.hash);
    let i = from;
    while (i < to) {
      const k = kind[i];
      if (k !== CODE) {
        const d = k === DIRECTIVE ? this.directiveAt(i) : undefined;
        if (d && this.depth > 0) {
          // `#define`/`#include` inside a body or an initializer: tree-sitter accepts directives only
          // between statements and declarations. Nothing in the analysis reads them there.
          buf.blank(d.hash, d.end);
          i = d.end;
          continue;
        }
        i++;
        continue;
      }
      const c = buf.charCodeAt(i);
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < buf.length && isIdentChar(buf.charCodeAt(j))) j++;
        i = this.word(i, j);
        continue;
      }
      if (c >= 48 && c <= 57) {
        // A number (1UL, 0x1f, 1.5e3): one token, never a word.
        let j = i + 1;
        while (j < buf.length && (isIdentChar(buf.charCodeAt(j)) || buf.charCodeAt(j) === 46)) j++;
        this.prev = { char: '0', word: '' };
        i = j;
        continue;
      }
      if (c === 40 && this.depth > 0 && this.prev.word !== '' && !typeTaking.has(this.prev.word)) {
        // A call inside a body or initializer: its type and statement arguments.
        const close = matchParen(this.v, i);
        if (close >= 0) rewrite.callArguments(this.v, i, close);
      }
      let closesDo = false;
      if (c === 123) {
        this.braces.push(this.prev.word === 'do');
        this.depth++;
      } else if (c === 125) {
        closesDo = this.braces.pop() ?? false;
        this.depth = Math.max(0, this.depth - 1);
      }
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) this.prev = { char: String.fromCharCode(c), word: '', closesDo };
      i++;
    }
  }

  /** Handles the identifier [start, end); returns where the walk goes on. */
  private word(start: number, end: number): number {
    const name = this.text(start, end);
    const { buf } = this.v;
    if (attributeWords.has(name) || this.extraAttributes.has(name)) {
      buf.blank(start, end);
      return end;
    }
    if (storageClasses.has(name) && this.beforeDefinitionMacro(end)) {
      buf.blank(start, end);
      return end;
    }
    if (name === 'case' && this.depth > 0) rewrite.caseRange(this.v, end);
    if (asmWords.has(name)) return this.asm(start, end);
    if (isCallMacro(name)) {
      const open = this.openParenAfter(end);
      const close = open >= 0 ? matchParen(this.v, open) : -1;
      const next = close >= 0 ? this.rewriteCall(name, start, end, open, close) : undefined;
      if (next !== undefined) return next;
    }
    this.prev = { char: name[name.length - 1]!, word: name };
    return end;
  }

  /** A macro name followed by a balanced `(...)`; undefined when it is none of ours. */
  private rewriteCall(name: string, start: number, end: number, open: number, close: number): number | undefined {
    const { buf } = this.v;
    if (annotationCalls.has(name)) {
      buf.blank(start, close);
      return close;
    }
    if (name === OFFSETOF) {
      rewrite.offsetofMember(this.v, open, close);
      return undefined; // the walk goes on through the arguments as usual
    }
    if (kconfigHelpers.has(name)) return this.kconfigHelper(name, start, open, close);
    if (this.depth === 0 && TOP_LEVEL_STATEMENTS.test(name) && atStatementStart(this.prev)) {
      const semi = nextSignificant(this.v, close);
      buf.blank(start, semi >= 0 && buf.charCodeAt(semi) === 59 ? semi + 1 : close);
      return close;
    }
    // Declarations: the walk continues inside, where the type and name are ordinary words now.
    if (typedDeclarators.has(name)) return rewrite.typedDeclarator(this.v, start, open, close) ? open + 1 : undefined;
    if (arrayDeclarators.has(name) && rewrite.arrayDeclarator(this.v, open, close)) {
      this.prev = { char: name[name.length - 1]!, word: name };
      return open + 1;
    }
    if (this.depth === 0 && FUNCTION_DEFINERS.test(name) && rewrite.functionDefiner(this.v, open, close)) {
      this.prev = { char: name[name.length - 1]!, word: name };
      return open + 1;
    }
    if (this.depth === 0 || !atStatementStart(this.prev)) return undefined;
    if (runOnceScopes.has(name) || name === CONDITIONAL_GUARD) return this.guard(name, start, end, open, close);
    if (ITERATOR_PATTERN.test(name)) return this.iterator(start, end, close);
    return undefined;
  }

  /** Whether the next word is an all-capitals definition macro followed by `(`: `static DEFINE_MUTEX(m);`. */
  private beforeDefinitionMacro(end: number): boolean {
    let p = nextSignificant(this.v, end);
    for (;;) {
      if (p < 0 || !isIdentStart(this.v.buf.charCodeAt(p))) return false;
      let k = p;
      while (isIdentChar(this.v.buf.charCodeAt(k))) k++;
      const word = this.text(p, k);
      if (attributeWords.has(word) || this.extraAttributes.has(word)) {
        p = nextSignificant(this.v, k);
        continue;
      }
      return DEFINITION_MACRO.test(word) && !typedDeclarators.has(word) && this.openParenAfter(k) >= 0;
    }
  }

  /** `asm volatile(...)`: blanked whole, except `asm goto("...")` whose labels are jump targets. */
  private asm(start: number, end: number): number {
    const before = this.prev;
    let j = end;
    let p = nextSignificant(this.v, j);
    let isGoto = false;
    while (p >= 0 && isIdentStart(this.v.buf.charCodeAt(p))) {
      let k = p;
      while (isIdentChar(this.v.buf.charCodeAt(k))) k++;
      const word = this.text(p, k);
      if (!asmQualifiers.has(word)) break;
      isGoto ||= word === 'goto';
      j = k;
      p = nextSignificant(this.v, j);
    }
    this.prev = { char: 'm', word: 'asm' };
    if (p < 0 || this.v.buf.charCodeAt(p) !== 40) return end;
    const close = matchParen(this.v, p);
    if (close < 0) return end;
    if (isGoto) {
      let first = p + 1;
      while (first < close && (this.v.kind[first] === COMMENT || /\s/.test(this.v.buf.slice(first, first + 1)))) first++;
      if (this.v.kind[first] === LITERAL) return end;
    }
    this.v.buf.blank(start, close);
    this.prev = before; // the blanked statement's `;` follows
    return close;
  }

  /** `IS_ENABLED(CONFIG_X)` -> `1` or `0` and blanks. */
  private kconfigHelper(name: string, start: number, open: number, close: number): number | undefined {
    const symbol = this.text(open + 1, close - 1).trim();
    if (!/^CONFIG_\w+$/.test(symbol)) return undefined;
    const value = this.context.kconfig(name, symbol);
    if (value === undefined || !this.v.buf.overwrite(start, close, value ? '1' : '0')) return undefined;
    this.prev = { char: '0', word: '' };
    return close;
  }

  private guard(name: string, start: number, end: number, open: number, close: number): number | undefined {
    const commas = topLevelCommas(this.v, open, close);
    const lockClass = this.text(open + 1, commas[0] ?? close - 1).trim();
    const conditional = name === CONDITIONAL_GUARD || (name === UNCONDITIONAL_GUARD && CONDITIONAL_GUARD_SUFFIXES.some((s) => lockClass.endsWith(s)));
    const { buf } = this.v;
    if (!conditional) {
      // The body becomes a plain block that runs once; the statement boundary before stays `prev`.
      buf.blank(start, close);
      return close;
    }
    buf.overwrite(start, end, 'if');
    if (name === CONDITIONAL_GUARD && commas.length >= 1) {
      // Drop the failure statement (`return -EINTR`): not an expression, so not part of a condition.
      buf.blank(commas[0]!, commas[1] ?? close - 1);
    }
    this.prev = { char: 'f', word: 'if' };
    return end;
  }

  private iterator(start: number, end: number, close: number): number | undefined {
    const after = nextSignificant(this.v, close);
    const c = after < 0 ? 0 : this.v.buf.charCodeAt(after);
    // A loop head before a statement, or the `while (...)` of a do-while: `do { } for_each_vma(...);`.
    if (!startsStatement(c) && !(c === 59 /* ; */ && this.prev.closesDo)) return undefined;
    if (!this.v.buf.overwrite(start, end, 'while')) return undefined;
    this.prev = { char: 'e', word: 'while' };
    return end;
  }
}

/** The word-level pass over the whole text. */
export function rewriteKernelMacros(view: CodeView, context: MacroContext): void {
  new Walker(view, context).run(0, view.buf.length);
}

/**
 * The word-level pass over [from, to) alone, from the top level: `from` is 0 or just after a
 * top-level `}`, where a walk of the whole text is at depth 0 with a statement boundary behind it.
 */
export function rewriteKernelMacrosIn(view: CodeView, context: MacroContext, from: number, to: number): void {
  new Walker(view, context).run(from, to);
}
