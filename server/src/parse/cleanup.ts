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
import { localAttributeMacros, rewriteKernelMacros } from './kernelMacros';
import { evaluateCondition } from './ifExpr';
import { blankIrrelevantBodies } from './focus';
import { lexC } from './lexer';
import { TextBuffer } from './textBuffer';

export interface CleanResult {
  /** The cleaned text: same length and line breaks as the input. */
  text: string;
  /** The configuration the `#if` branches were chosen with. */
  config: KernelConfig;
  /** Offsets of `#if`/`#elif` lines whose condition could not be evaluated; their branch was taken. */
  undecided: number[];
}

export interface CleanOptions {
  /**
   * Function bodies this predicate rejects are blanked (see focus.ts): for a whole-file check that
   * only analyses some functions. Editors that need every body leave it out.
   */
  relevantBody?: (body: string) => boolean;
}

export function cleanKernelCDetailed(text: string, config: KernelConfig = DEFAULT_CONFIG, options: CleanOptions = {}): CleanResult {
  const lexed = lexC(text);
  const buf = new TextBuffer(text);
  const { undecided, objectMacros, macros } = chooseBranches(text, lexed, buf, config);
  rewriteKernelMacros(
    { buf, kind: lexed.kind, directives: lexed.directives, budget: scanBudget(text.length) },
    {
      localAttributes: localAttributeMacros(objectMacros),
      kconfig: (helper, symbol) => evaluateCondition(`${helper}(${symbol})`, macros),
    },
  );
  if (options.relevantBody) blankIrrelevantBodies(buf, lexed.kind, options.relevantBody);
  return { text: buf.toString(), config, undecided };
}

export function cleanKernelC(text: string, config: KernelConfig = DEFAULT_CONFIG, options: CleanOptions = {}): string {
  return cleanKernelCDetailed(text, config, options).text;
}
