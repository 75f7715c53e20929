// Chooses one branch of every `#if/#ifdef/#ifndef/#elif/#else/#endif` from a kernel configuration and
// blanks the others, with the conditional directive lines themselves. tree-sitter-c parses each
// branch of a conditional as if both were compiled, so a brace opened in `#ifdef` and another in
// `#else` leaves one unclosed and swallows the next function; with one branch left there is
// nothing to reconcile. `#define`/`#undef` in the chosen text are followed, so header guards and
// `#ifndef arch_foo / #define arch_foo` fallbacks read as cpp reads them.
import { predefinedMacros, type KernelConfig } from './config';
import { evaluateCondition, type MacroEnv } from './ifExpr';
import { directiveArgument, type Directive, type Lexed } from './lexer';
import type { TextBuffer } from './textBuffer';

/** Marks a function-like `#define`: defined, but with no replacement usable in `#if`. */
const FUNCTION_LIKE = Symbol('function-like');
/** Marks an `#undef`: hides the configuration's and the compiler's value too. */
const UNDEFINED = Symbol('undefined');

type Local = string | typeof FUNCTION_LIKE | typeof UNDEFINED;

class FileMacros implements MacroEnv {
  private readonly local = new Map<string, Local>();
  private readonly predefined: ReadonlyMap<string, string>;

  constructor(private readonly config: KernelConfig) {
    this.predefined = predefinedMacros(config);
  }

  define(name: string, value: Local): void {
    this.local.set(name, value);
  }

  objectLike(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, v] of this.local) if (typeof v === 'string') out.set(name, v);
    return out;
  }

  isDefined(name: string): boolean {
    const l = this.local.get(name);
    if (l !== undefined) return l !== UNDEFINED;
    return this.predefined.has(name) || this.config.enabled(name);
  }

  replacement(name: string): string | undefined {
    const l = this.local.get(name);
    if (l !== undefined) return typeof l === 'string' ? l : undefined;
    const p = this.predefined.get(name);
    if (p !== undefined) return p;
    if (!this.config.enabled(name)) return undefined;
    if (name.startsWith('CONFIG_') && name.endsWith('_MODULE')) return '1';
    const v = this.config.value(name);
    // autoconf.h: `=y` becomes 1; numbers stay numbers; strings stay strings (unreadable in #if).
    return v === 'y' ? '1' : v;
  }
}

interface Frame {
  /** The text around this conditional is compiled. */
  outer: boolean;
  /** Some branch of this conditional has been chosen already. */
  taken: boolean;
  /** The current branch is compiled. */
  active: boolean;
}

export interface ConditionalReport {
  /** Offsets of `#if`/`#elif` lines whose condition could not be read (their branch was taken). */
  undecided: number[];
  /** Object-like macros the chosen text of the file defines, name -> replacement, at the end of the file. */
  objectMacros: Map<string, string>;
  /** The macros as they stand at the end of the file, for evaluating `IS_ENABLED(...)` in code. */
  macros: MacroEnv;
  /** The text between directives that was blanked as not compiled, [start, end) in order. */
  inactive: Array<[number, number]>;
}

const CONDITIONALS = new Set(['if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif']);

/** `#define NAME(args) body` or `#define NAME body`. */
function readDefine(arg: string): { name: string; value: Local } | undefined {
  const m = /^([A-Za-z_]\w*)(\()?\s*([\s\S]*)$/.exec(arg);
  if (!m) return undefined;
  return { name: m[1]!, value: m[2] ? FUNCTION_LIKE : m[3]!.trim() };
}

function firstWord(arg: string): string {
  return /^[A-Za-z_]\w*/.exec(arg)?.[0] ?? '';
}

export function chooseBranches(text: string, lexed: Lexed, buf: TextBuffer, config: KernelConfig): ConditionalReport {
  const env = new FileMacros(config);
  const stack: Frame[] = [];
  const undecided: number[] = [];
  const inactive: Array<[number, number]> = [];
  const blankInactive = (end: number) => {
    buf.blank(regionStart, end);
    if (end > regionStart) inactive.push([regionStart, end]);
  };
  const active = () => stack.length === 0 || stack[stack.length - 1]!.active;
  /** Start of the text since the previous directive: blanked if that text is not compiled. */
  let regionStart = 0;

  const decide = (d: Directive, arg: string): boolean => {
    let v: boolean | undefined;
    if (d.name === 'ifdef' || d.name === 'elifdef') v = env.isDefined(firstWord(arg));
    else if (d.name === 'ifndef' || d.name === 'elifndef') v = !env.isDefined(firstWord(arg));
    else v = evaluateCondition(arg, env);
    if (v === undefined) {
      // Unreadable: take this branch, the one a reader of the source sees first.
      undecided.push(d.hash);
      return true;
    }
    return v;
  };

  for (const d of lexed.directives) {
    if (!CONDITIONALS.has(d.name)) {
      // Part of the surrounding text: blanked with it when that is not compiled, else followed.
      if (!active()) continue;
      if (d.name === 'define') {
        const def = readDefine(directiveArgument(text, lexed, d));
        if (def) env.define(def.name, def.value);
      } else if (d.name === 'undef') {
        const name = firstWord(directiveArgument(text, lexed, d));
        if (name) env.define(name, UNDEFINED);
      }
      continue;
    }
    if (!active()) blankInactive(d.hash);
    buf.blank(d.hash, d.end);
    regionStart = d.end;
    const top = stack[stack.length - 1];
    switch (d.name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const outer = active();
        const on = outer && decide(d, directiveArgument(text, lexed, d));
        stack.push({ outer, taken: on, active: on });
        break;
      }
      case 'elif':
      case 'elifdef':
      case 'elifndef':
        if (!top) break; // stray: nothing to continue
        top.active = top.outer && !top.taken && decide(d, directiveArgument(text, lexed, d));
        top.taken ||= top.active;
        break;
      case 'else':
        if (!top) break;
        top.active = top.outer && !top.taken;
        top.taken = true;
        break;
      case 'endif':
        stack.pop();
        break;
    }
  }
  // An unterminated conditional runs to the end of the file, as cpp would read it.
  if (!active()) blankInactive(text.length);
  return { undecided, objectMacros: env.objectLike(), macros: env, inactive };
}
