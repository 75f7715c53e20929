// Control-flow graph of one function body: if/else, loops, switch, break/continue, goto and labels
// (kernel error unwinding), return, and && / || / ! / ?: short circuits in conditions.
//
// The body comes from the cleaned text (server/src/parse/cleanup.ts), so kernel iterators arrive
// as `while (pos, head, member) body` and `if (IS_ENABLED(CONFIG_X))` as `if (1 ...)` or `if (0 ...)`.
// Constant conditions are folded: `do { } while (0)` has no back edge, `while (1)` no exit but
// `break`, and a branch the configuration disables is unreachable.
import type { SyntaxNode } from './syntaxNode';

export type CfgNodeKind =
  | 'entry'
  | 'exit'
  | 'stmt' // an expression statement, declaration, or a for-loop's init/update expression
  | 'cond' // a condition: succ[0] is taken when `ast` is true, succ[1] when false
  | 'switch' // succ are the case entries (and the fall-past when there is no default)
  | 'return' // a return statement, or the body's closing brace when control falls off the end
  | 'goto'
  | 'join'; // no code: a label or a loop head

export interface CfgNode {
  id: number;
  kind: CfgNodeKind;
  /** The statement, condition or expression this node stands for. */
  ast?: SyntaxNode;
  /** A label's join: the labelled statement, where code every path through the label runs can go. */
  label?: SyntaxNode;
  succ: number[];
}

export interface Cfg {
  nodes: CfgNode[];
  entry: number;
  exit: number;
}

interface Targets {
  breakTo?: number;
  continueTo?: number;
}

/**
 * The value of a condition that is a constant: `0`, `1`, `true`, `false` (and the `1`/`0` the
 * clean-up writes for `IS_ENABLED(CONFIG_...)`); undefined for anything else.
 */
function constantTruth(expr: SyntaxNode): boolean | undefined {
  if (expr.type === 'true') return true;
  if (expr.type === 'false') return false;
  if (expr.type !== 'number_literal') return undefined;
  const m = /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.exec(expr.text);
  return m ? Number(m[1]) !== 0 : undefined;
}

const BRANCH_HINTS = new Set(['likely', 'unlikely']);

function branchHintArgument(expr: SyntaxNode): SyntaxNode | undefined {
  if (expr.type !== 'call_expression') return undefined;
  const fn = expr.childForFieldName('function');
  const args = expr.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  return fn?.type === 'identifier' && BRANCH_HINTS.has(fn.text) && args.length === 1 ? args[0] : undefined;
}

/** Statement types that are only wrappers around a list of statements. */
const BLOCKS = new Set(['compound_statement', 'translation_unit']);
const SKIPPED = new Set(['comment', '{', '}', ';', 'preproc_call', 'preproc_def', 'preproc_function_def', 'preproc_include']);

class Builder {
  readonly nodes: CfgNode[] = [];
  private readonly labels = new Map<string, number>();

  add(kind: CfgNodeKind, ast: SyntaxNode | undefined, succ: number[]): number {
    const id = this.nodes.length;
    this.nodes.push(ast ? { id, kind, ast, succ } : { id, kind, succ });
    return id;
  }

  private label(name: string): number {
    let id = this.labels.get(name);
    if (id === undefined) {
      id = this.add('join', undefined, []);
      this.labels.set(name, id);
    }
    return id;
  }

  /** Statements in order, built back to front so each knows its successor. */
  block(children: SyntaxNode[], next: number, t: Targets): number {
    let n = next;
    for (let i = children.length - 1; i >= 0; i--) n = this.stmt(children[i]!, n, t);
    return n;
  }

  cond(expr: SyntaxNode, onTrue: number, onFalse: number): number {
    if (expr.type === 'parenthesized_expression' && expr.namedChildCount === 1) {
      return this.cond(expr.namedChildren[0]!, onTrue, onFalse);
    }
    const constant = constantTruth(expr);
    if (constant !== undefined) return constant ? onTrue : onFalse;
    // `likely(x)` and `unlikely(x)` are branch hints: the condition is `x`, short circuits and all.
    const hinted = branchHintArgument(expr);
    if (hinted) return this.cond(hinted, onTrue, onFalse);
    if (expr.type === 'conditional_expression') {
      const test = expr.childForFieldName('condition');
      const then = expr.childForFieldName('consequence');
      const otherwise = expr.childForFieldName('alternative');
      if (test && then && otherwise) return this.cond(test, this.cond(then, onTrue, onFalse), this.cond(otherwise, onTrue, onFalse));
    }
    if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '!') {
      const arg = expr.childForFieldName('argument');
      if (arg) return this.cond(arg, onFalse, onTrue);
    }
    if (expr.type === 'binary_expression') {
      const op = expr.childForFieldName('operator')?.text;
      const left = expr.childForFieldName('left');
      const right = expr.childForFieldName('right');
      if (left && right && op === '&&') return this.cond(left, this.cond(right, onTrue, onFalse), onFalse);
      if (left && right && op === '||') return this.cond(left, onTrue, this.cond(right, onTrue, onFalse));
    }
    return this.add('cond', expr, [onTrue, onFalse]);
  }

  stmt(node: SyntaxNode, next: number, t: Targets): number {
    if (SKIPPED.has(node.type)) return next;
    if (BLOCKS.has(node.type)) return this.block(node.namedChildren, next, t);
    switch (node.type) {
      case 'if_statement': {
        const condition = node.childForFieldName('condition');
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        const onTrue = consequence ? this.stmt(consequence, next, t) : next;
        const onFalse = alternative ? this.block(alternative.namedChildren, next, t) : next;
        return condition ? this.cond(condition, onTrue, onFalse) : this.add('join', undefined, [onTrue, onFalse]);
      }
      case 'while_statement': {
        const head = this.add('join', undefined, []);
        const body = node.childForFieldName('body');
        const bodyEntry = body ? this.stmt(body, head, { breakTo: next, continueTo: head }) : head;
        const condition = node.childForFieldName('condition');
        this.nodes[head]!.succ = [condition ? this.cond(condition, bodyEntry, next) : bodyEntry];
        return head;
      }
      case 'do_statement': {
        const head = this.add('join', undefined, []);
        const condition = node.childForFieldName('condition');
        const test = condition ? this.cond(condition, head, next) : next;
        const body = node.childForFieldName('body');
        const bodyEntry = body ? this.stmt(body, test, { breakTo: next, continueTo: test }) : test;
        this.nodes[head]!.succ = [bodyEntry];
        return head;
      }
      case 'for_statement': {
        const head = this.add('join', undefined, []);
        const update = node.childForFieldName('update');
        const step = update ? this.add('stmt', update, [head]) : head;
        const body = node.childForFieldName('body');
        const bodyEntry = body ? this.stmt(body, step, { breakTo: next, continueTo: step }) : step;
        const condition = node.childForFieldName('condition');
        this.nodes[head]!.succ = [condition ? this.cond(condition, bodyEntry, next) : bodyEntry];
        const init = node.childForFieldName('initializer');
        return init ? this.add('stmt', init, [head]) : head;
      }
      case 'switch_statement': {
        const body = node.childForFieldName('body');
        const cases = body?.namedChildren.filter((c) => c.type === 'case_statement') ?? [];
        const entries: number[] = [];
        let fallthrough = next;
        let hasDefault = false;
        for (let i = cases.length - 1; i >= 0; i--) {
          const c = cases[i]!;
          const value = c.childForFieldName('value');
          if (!value) hasDefault = true;
          const statements = c.namedChildren.filter((s) => !value || s.id !== value.id);
          fallthrough = this.block(statements, fallthrough, { breakTo: next, continueTo: t.continueTo });
          entries.unshift(fallthrough);
        }
        if (!hasDefault) entries.push(next);
        return this.add('switch', node.childForFieldName('condition') ?? undefined, entries);
      }
      case 'break_statement':
        return t.breakTo ?? next;
      case 'continue_statement':
        return t.continueTo ?? next;
      case 'return_statement':
        return this.add('return', node, [EXIT]);
      case 'goto_statement': {
        // A label defined nowhere in the body (it was in a branch the configuration hides, or in a
        // macro) stays a join without successors: paths through it end there, unreported.
        const label = node.childForFieldName('label')?.text;
        return label ? this.add('goto', node, [this.label(label)]) : next;
      }
      case 'labeled_statement': {
        // The labelled item may be a declaration (`out: struct mm_struct *mm = ...;`, C23) or sit in a
        // nested block: labels are function-wide, so a goto from anywhere reaches it.
        const name = node.childForFieldName('label')?.text;
        const inner = node.namedChildren.filter((c) => c.type !== 'statement_identifier');
        const entry = this.block(inner, next, t);
        if (!name) return entry;
        const id = this.label(name);
        this.nodes[id]!.succ = [entry];
        this.nodes[id]!.label = node;
        return id;
      }
      case 'attributed_statement':
        return this.block(node.namedChildren.filter((c) => c.type !== 'attribute_declaration'), next, t);
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_else': {
        // Only on text that skipped the clean-up, which blanks every conditional but the branch its
        // configuration chooses: take the first branch, as a reader of the source would.
        const own = node.namedChildren.filter((c) => !['identifier', 'preproc_else', 'preproc_elif', 'preproc_elifdef'].includes(c.type) && c.id !== node.childForFieldName('condition')?.id);
        return this.block(own, next, t);
      }
      default:
        return this.add('stmt', node, [next]);
    }
  }
}

/** Placeholder successor for return statements; patched to the real exit id. */
const EXIT = -1;

export function buildCfg(body: SyntaxNode): Cfg {
  const b = new Builder();
  const exit = b.add('exit', undefined, []);
  // Falling off the end is a return at the closing brace, so every path ends at a 'return' node.
  const fallOff = b.add('return', body.lastChild ?? body, [exit]);
  const first = b.block(body.namedChildren, fallOff, {});
  const entry = b.add('entry', undefined, [first]);
  for (const n of b.nodes) n.succ = n.succ.map((s) => (s === EXIT ? exit : s));
  return { nodes: b.nodes, entry, exit };
}
