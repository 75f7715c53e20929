// Evaluates the condition of `#if`/`#elif` the way cpp does, over the macros we know: `defined`,
// the Kconfig helpers (IS_ENABLED, IS_BUILTIN, IS_MODULE, IS_REACHABLE), integer arithmetic,
// comparisons, logic and `?:`. An identifier nobody defines is 0, as in cpp. Anything we cannot
// read (a function-like macro such as `__has_attribute(x)` or `KERNEL_VERSION(6,1,0)`, a string,
// a syntax error) gives `undefined` and the caller decides.

export interface MacroEnv {
  /** Whether `name` is a defined macro (for `defined` and `#ifdef`). */
  isDefined(name: string): boolean;
  /** The replacement text of an object-like macro; undefined when not defined or function-like. */
  replacement(name: string): string | undefined;
}

type Token = { t: 'num'; v: bigint } | { t: 'id'; v: string } | { t: 'op'; v: string };

class Unreadable extends Error {}

/** The escapes a character constant in `#if` may plausibly use. */
const CHAR_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, '0': 0 };

const OPERATORS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '!', '~', '+', '-', '*', '/', '%', '<', '>', '&', '^', '|', '?', ':', '(', ')', ','];

function tokenize(expr: string): Token[] {
  if (expr.length > MAX_EXPRESSION_CHARS) throw new Unreadable('condition too long');
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const rest = expr.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)(?![\w.])/.exec(rest);
    if (num) {
      out.push({ t: 'num', v: BigInt(/^0[0-7]+$/.test(num[1]!) ? `0o${num[1]!.slice(1)}` : num[1]!) });
      i += num[0].length;
      continue;
    }
    const chr = /^'(\\?)(.)'/.exec(rest);
    if (chr) {
      const escaped = chr[1] === '\\';
      const c = chr[2]!;
      out.push({ t: 'num', v: BigInt(escaped ? (CHAR_ESCAPES[c] ?? c.charCodeAt(0)) : c.charCodeAt(0)) });
      i += chr[0].length;
      continue;
    }
    const id = /^[A-Za-z_]\w*/.exec(rest);
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new Unreadable(`unexpected ${rest[0]}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** How deep object-like macros may expand into each other before we call it a loop. */
const MAX_EXPANSION = 16;
/** Longer conditions or expansions are generated text, not configuration logic: unreadable. */
const MAX_EXPRESSION_CHARS = 4096;
const MAX_TOKENS = 4096;

/** The Kconfig helpers of include/linux/kconfig.h, answered from the macro environment. */
function kconfigHelper(name: string, symbol: string, env: MacroEnv): boolean | undefined {
  const builtin = () => env.isDefined(symbol) && env.replacement(symbol)?.trim() === '1';
  const module = () => env.isDefined(`${symbol}_MODULE`);
  switch (name) {
    case 'IS_BUILTIN':
      return builtin();
    case 'IS_MODULE':
      return module();
    case 'IS_ENABLED':
      return builtin() || module();
    case 'IS_REACHABLE':
      return builtin() || (module() && env.isDefined('MODULE'));
    default:
      return undefined;
  }
}

/** Macro expansion at token level: `defined`, the Kconfig helpers, then object-like macros. */
function expand(tokens: Token[], env: MacroEnv, depth: number, active: ReadonlySet<string>): Token[] {
  if (depth > MAX_EXPANSION) throw new Unreadable('expansion too deep');
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (out.length > MAX_TOKENS) throw new Unreadable('expansion too long');
    const tok = tokens[i]!;
    if (tok.t !== 'id') {
      out.push(tok);
      continue;
    }
    const next = tokens[i + 1];
    if (tok.v === 'defined') {
      let name: Token | undefined;
      if (next?.t === 'op' && next.v === '(') {
        name = tokens[i + 2];
        const close = tokens[i + 3];
        if (close?.t !== 'op' || close.v !== ')') throw new Unreadable('defined(');
        i += 3;
      } else {
        name = next;
        i += 1;
      }
      if (name?.t !== 'id') throw new Unreadable('defined without a name');
      out.push({ t: 'num', v: env.isDefined(name.v) ? 1n : 0n });
      continue;
    }
    if (next?.t === 'op' && next.v === '(') {
      const arg = tokens[i + 2];
      const close = tokens[i + 3];
      const helper = arg?.t === 'id' && close?.t === 'op' && close.v === ')' ? kconfigHelper(tok.v, arg.v, env) : undefined;
      if (helper === undefined) throw new Unreadable(`function-like macro ${tok.v}`);
      out.push({ t: 'num', v: helper ? 1n : 0n });
      i += 3;
      continue;
    }
    const body = active.has(tok.v) ? undefined : env.replacement(tok.v);
    if (body === undefined) {
      // cpp: an identifier left after expansion is 0. A defined function-like macro used bare is too.
      out.push({ t: 'num', v: 0n });
      continue;
    }
    const inner = expand(tokenize(body), env, depth + 1, new Set([...active, tok.v]));
    if (inner.length === 0) throw new Unreadable(`${tok.v} expands to nothing`);
    out.push({ t: 'op', v: '(' }, ...inner, { t: 'op', v: ')' });
  }
  return out;
}

/** Binary operators by precedence, loosest first (C's table, without assignment and comma). */
const LEVELS: ReadonlyArray<readonly string[]> = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

function truth(b: boolean): bigint {
  return b ? 1n : 0n;
}

function apply(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '||': return truth(a !== 0n || b !== 0n);
    case '&&': return truth(a !== 0n && b !== 0n);
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return truth(a === b);
    case '!=': return truth(a !== b);
    case '<': return truth(a < b);
    case '>': return truth(a > b);
    case '<=': return truth(a <= b);
    case '>=': return truth(a >= b);
    case '<<': return BigInt.asIntN(64, a << b);
    case '>>': return a >> b;
    case '+': return BigInt.asIntN(64, a + b);
    case '-': return BigInt.asIntN(64, a - b);
    case '*': return BigInt.asIntN(64, a * b);
    case '/':
      if (b === 0n) throw new Unreadable('division by zero');
      return a / b;
    case '%':
      if (b === 0n) throw new Unreadable('division by zero');
      return a % b;
    default:
      throw new Unreadable(op);
  }
}

class ExprParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): bigint {
    const v = this.ternary();
    if (this.pos !== this.tokens.length) throw new Unreadable('trailing tokens');
    return v;
  }

  private peekOp(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.t === 'op' ? t.v : undefined;
  }

  private expectOp(op: string): void {
    if (this.peekOp() !== op) throw new Unreadable(`expected ${op}`);
    this.pos++;
  }

  private ternary(): bigint {
    const c = this.binary(0);
    if (this.peekOp() !== '?') return c;
    this.pos++;
    const a = this.ternary();
    this.expectOp(':');
    const b = this.ternary();
    return c !== 0n ? a : b;
  }

  private binary(level: number): bigint {
    if (level >= LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (let op = this.peekOp(); op && LEVELS[level]!.includes(op); op = this.peekOp()) {
      this.pos++;
      left = apply(op, left, this.binary(level + 1));
    }
    return left;
  }

  private unary(): bigint {
    const op = this.peekOp();
    if (op === '!' || op === '~' || op === '-' || op === '+') {
      this.pos++;
      const v = this.unary();
      if (op === '!') return truth(v === 0n);
      if (op === '~') return ~v;
      return op === '-' ? -v : v;
    }
    if (op === '(') {
      this.pos++;
      const v = this.ternary();
      this.expectOp(')');
      return v;
    }
    const t = this.tokens[this.pos];
    if (t?.t !== 'num') throw new Unreadable('expected a number');
    this.pos++;
    return t.v;
  }
}

/** The truth of a `#if` condition, or undefined when it cannot be read. */
export function evaluateCondition(expr: string, env: MacroEnv): boolean | undefined {
  try {
    const tokens = expand(tokenize(expr), env, 0, new Set());
    if (tokens.length === 0) return undefined;
    return new ExprParser(tokens).parseAll() !== 0n;
  } catch (e) {
    if (e instanceof Unreadable) return undefined;
    throw e;
  }
}
