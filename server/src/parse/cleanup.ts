// Kernel-C clean-up before parsing. tree-sitter-c reads standard C; the kernel is written in C plus
// macros that change what the text means: `#ifdef` branches, attribute words (`__init`,
// `__releases(x)`), iterator and guard macros, syscall definitions. We rewrite those in place so the
// cleaned text has exactly the original's length and line breaks: every offset, line and column of a
// node is the original's, and findings need no mapping back.
//
// Passes, in order (each in its own file):
//   1. lexer.ts        which characters are code, comments, literals, directive lines;
//   2. conditionals.ts one branch per `#if` chosen from the kernel configuration, the rest blanked;
//   3. kernelMacros.ts attribute words blanked, iterator/guard/definer macros rewritten,
//                      `IS_ENABLED(CONFIG_X)` in code replaced by 1 or 0 from the same configuration
//                      (the words themselves are listed in kernelWords.ts).
// Besides blanks, the only characters written are keywords over macro names (`while`, `if`), the
// 1/0 of Kconfig helpers, and the punctuation of the SYSCALL_DEFINE and DECLARE_BITMAP rewrites.
import { DEFAULT_CONFIG, type KernelConfig } from './config';
import { scanBudget } from './codeScan';
import { chooseBranches } from './conditionals';
import { localAttributeMacros, rewriteKernelMacros, rewriteKernelMacrosIn, type MacroContext } from './kernelMacros';
import { evaluateCondition } from './ifExpr';
import { focusOnRelevantBodies, type FocusReport } from './focus';
import { lexC } from './lexer';
import { TextBuffer } from './textBuffer';

export interface CleanResult {
  /** The cleaned text: same length and line breaks as the input. */
  text: string;
  /** The configuration the `#if` branches were chosen with. */
  config: KernelConfig;
  /** Offsets of `#if`/`#elif` lines whose condition could not be evaluated; their branch was taken. */
  undecided: number[];
  /** What the word-level pass knew of the file (its attribute macros, its Kconfig answers). */
  macroContext: MacroContext;
  /** The text blanked as not compiled under the configuration, [start, end) in order. */
  inactive: Array<[number, number]>;
  /** The function bodies and which were kept, when `relevantBody` was given. */
  focus?: FocusReport;
  /** With `focus`: the kept definitions, [start, end) in order; all the rest of the text is blank. */
  kept?: Array<[number, number]>;
  /** The word-level pass ran out of its scan budget (pathological text): some macros were left as they were. */
  budgetExhausted: boolean;
}

export interface CleanOptions {
  /**
   * Function bodies this pattern does not match are blanked (see focus.ts): for a whole-file check
   * that only analyses some functions. Editors that need every body leave it out.
   */
  relevantBody?: RegExp;
  /**
   * How the text differs from the one the old tree was parsed from, when the caller knows
   * (IncrementalTree.lastEdit): the incremental clean-up then need not find it again.
   */
  edit?: { start: number; oldEnd: number; newEnd: number };
}

export function cleanKernelCDetailed(text: string, config: KernelConfig = DEFAULT_CONFIG, options: CleanOptions = {}): CleanResult {
  const lexed = lexC(text);
  const buf = new TextBuffer(text);
  const { undecided, objectMacros, macros, inactive } = chooseBranches(text, lexed, buf, config);
  const macroContext: MacroContext = {
    localAttributes: localAttributeMacros(objectMacros),
    kconfig: (helper, symbol) => evaluateCondition(`${helper}(${symbol})`, macros),
  };
  const budget = scanBudget(text.length);
  const view = { buf, kind: lexed.kind, directives: lexed.directives, budget };
  let focused: { focus: FocusReport; kept: Array<[number, number]> } | undefined;
  if (options.relevantBody) {
    focused = focusOnRelevantBodies(buf, lexed.kind, options.relevantBody, (from, to) => rewriteKernelMacrosIn(view, macroContext, from, to));
  } else {
    rewriteKernelMacros(view, macroContext);
  }
  return { text: buf.toString(), config, undecided, inactive, macroContext, ...focused, budgetExhausted: budget.left <= 0 };
}

/**
 * The word-level pass alone over a function body `{ ... }` that holds no directive, with the
 * context its file's full clean-up found: what incrementalCleanup.ts re-runs after an edit inside it.
 */
export function cleanBody(body: string, macroContext: MacroContext): { text: string; kind: Uint8Array } {
  const lexed = lexC(body);
  const buf = new TextBuffer(body);
  rewriteKernelMacros({ buf, kind: lexed.kind, directives: lexed.directives, budget: scanBudget(body.length) }, macroContext);
  return { text: buf.toString(), kind: lexed.kind };
}

export function cleanKernelC(text: string, config: KernelConfig = DEFAULT_CONFIG, options: CleanOptions = {}): string {
  return cleanKernelCDetailed(text, config, options).text;
}
