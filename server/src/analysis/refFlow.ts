// Path-sensitive reference tracking over a function's CFG: which mm references does each path hold,
// where were they taken, and which steps led to each return. Rules read the result; this file
// knows nothing of rules.
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from '../parse/lineIndex';
import type { Step, StepKind } from '../paths/step';
import { apiEffect, type RefCount } from './apiModel';
import type { Cfg } from './cfg';
import type { FunctionInfo } from './functions';

export interface HeldRef {
  /** Offset of the call that took the reference: identifies it across paths. */
  site: number;
  kind: RefCount;
  /** The expressions that name this mm on this path (`mm`, aliases). */
  names: string[];
  /** Taken by a call that may have returned NULL or an ERR_PTR, not yet checked. */
  maybeNull: boolean;
  acquired: Step;
}

export interface ExitObservation {
  /** The return statement, or the closing brace when control falls off the end. */
  node: Node;
  held: HeldRef[];
  trail: Step[];
}

export interface RefFlow {
  exits: ExitObservation[];
  /** The exploration hit its budget: some paths were not followed. */
  truncated: boolean;
}

interface PathState {
  held: HeldRef[];
  trail: Step[];
}

/** Node visits per function before we stop and say so: bounds time on pathological code. */
const VISIT_BUDGET = 50_000;

/** Expression text with whitespace, redundant parentheses and pointer casts removed. */
export function normalizeExpr(node: Node): string {
  let n: Node = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else break;
  }
  return n.text.replace(/\s+/g, '');
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  return n;
}

function calleeName(call: Node): string | undefined {
  const f = call.childForFieldName('function');
  return f?.type === 'identifier' ? f.text : undefined;
}

function callArg(call: Node, index: number): Node | undefined {
  return call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment')[index];
}

class FlowWalker {
  constructor(
    private readonly fn: FunctionInfo,
    private readonly lines: LineIndex,
    private readonly source: string,
  ) {}

  step(kind: StepKind, node: Node, message: string): Step {
    return { kind, range: this.lines.rangeOf(node.startIndex, node.endIndex), message };
  }

  /** Source text of a node for messages: one line, bounded. */
  show(node: Node): string {
    const t = this.source.slice(node.startIndex, node.endIndex).replace(/\s+/g, ' ').trim();
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  }

  /** Storing into something other than a local variable hands the reference over to its owner. */
  private isLocalName(expr: string): boolean {
    return this.fn.locals.has(expr);
  }

  private find(state: PathState, name: string, kind?: RefCount): number {
    return state.held.findIndex((r) => r.names.includes(name) && (kind === undefined || r.kind === kind));
  }

  private acquire(state: PathState, call: Node, kind: RefCount, target: string, maybeNull: boolean): void {
    if (target === '&init_mm') return; // init_mm is never freed
    const what = kind === 'count' ? 'mm_count' : 'mm_users';
    const acquired = this.step(kind === 'count' ? 'grab' : 'get', call, `${what} reference taken by ${this.show(call)}`);
    state.held = state.held.filter((r) => r.site !== call.startIndex);
    state.held.push({ site: call.startIndex, kind, names: [target], maybeNull, acquired });
    state.trail.push(acquired);
  }

  private handOver(state: PathState, index: number, where: Node, how: string): void {
    state.held.splice(index, 1);
    state.trail.push(this.step('handover', where, `reference handed over: ${how}`));
  }

  private assign(state: PathState, lhsNode: Node, lhs: string, rhsNode: Node): void {
    const rhs = unwrap(rhsNode);
    // Overwriting a name drops it from any reference it named (the reference itself stays held).
    for (const r of state.held) r.names = r.names.filter((n) => n !== lhs);
    if (rhs.type === 'call_expression') {
      const effect = apiEffect(calleeName(rhs) ?? '');
      if (effect?.returns) {
        if (this.isLocalName(lhs)) this.acquire(state, rhs, effect.returns, lhs, true);
        return; // stored straight into an object: its owner's reference
      }
    }
    const source = normalizeExpr(rhs);
    const index = this.find(state, source);
    if (index < 0) return;
    if (this.isLocalName(lhs)) state.held[index]!.names.push(lhs);
    else this.handOver(state, index, lhsNode, `stored in ${this.show(lhsNode)}`);
  }

  /** Applies the effects of an expression, in evaluation order (operands before the operation). */
  effects(state: PathState, node: Node): void {
    switch (node.type) {
      case 'function_definition':
      case 'compound_literal_expression':
        return;
      case 'assignment_expression': {
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        if (right) this.effects(state, right);
        if (left && right && node.childForFieldName('operator')?.text === '=') this.assign(state, left, normalizeExpr(left), right);
        return;
      }
      case 'init_declarator': {
        const value = node.childForFieldName('value');
        const name = node.childForFieldName('declarator');
        if (value) this.effects(state, value);
        const declared = name ? declaredIdentifier(name) : undefined;
        if (value && declared) this.assign(state, name!, declared, value);
        return;
      }
      case 'call_expression': {
        for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) this.effects(state, a);
        this.call(state, node);
        return;
      }
      default:
        for (const c of node.namedChildren) this.effects(state, c);
    }
  }

  private call(state: PathState, call: Node): void {
    const effect = apiEffect(calleeName(call) ?? '');
    const argNode = effect?.arg === undefined ? undefined : callArg(call, effect.arg);
    if (!effect || !argNode) return;
    const target = normalizeExpr(argNode);
    if (effect.acquires && !effect.onlyIfTrue) {
      // A reference taken on an object's field (ctx->mm) belongs to that object from the start.
      if (isObjectField(argNode)) return;
      this.acquire(state, call, effect.acquires, target, false);
    } else if (effect.releases) {
      const index = this.find(state, target, effect.releases);
      if (index >= 0) {
        state.held.splice(index, 1);
        state.trail.push(this.step(effect.releases === 'count' ? 'drop' : 'put', call, `reference released by ${this.show(call)}`));
      }
    }
  }

  /** Effects of a condition, then what its outcome tells us: success of mmget_not_zero, NULL checks. */
  branch(state: PathState, expr: Node, taken: boolean): void {
    const e = unwrap(expr);
    const effect = e.type === 'call_expression' ? apiEffect(calleeName(e) ?? '') : undefined;
    if (effect?.onlyIfTrue && effect.acquires) {
      for (const a of e.childForFieldName('arguments')?.namedChildren ?? []) this.effects(state, a);
      const arg = callArg(e, effect.arg ?? 0);
      if (taken && arg && !isObjectField(arg)) this.acquire(state, e, effect.acquires, normalizeExpr(arg), false);
    } else {
      this.effects(state, e);
    }
    const tested = nullTest(e);
    if (tested) {
      const index = this.find(state, tested.name);
      const ref = state.held[index];
      if (ref?.maybeNull) {
        const isNull = tested.trueMeansNull === taken;
        if (isNull) state.held.splice(index, 1);
        else ref.maybeNull = false;
      }
    }
    if (state.held.length > 0) state.trail.push(this.step('branch', e, `assuming '${this.show(e)}' is ${taken ? 'true' : 'false'}`));
  }

  returns(state: PathState, node: Node): void {
    const value = node.type === 'return_statement' ? node.namedChildren[0] : undefined;
    if (!value) return;
    this.effects(state, value);
    const index = this.find(state, normalizeExpr(value));
    if (index >= 0) this.handOver(state, index, value, 'returned to the caller');
  }
}

function declaredIdentifier(declarator: Node): string | undefined {
  let d: Node | null = declarator;
  while (d && d.type !== 'identifier') d = d.childForFieldName('declarator');
  return d?.text;
}

/** `ctx->mm`, `obj.mm`: a field of some object other than `current`. */
function isObjectField(node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'field_expression') return false;
  const base = n.childForFieldName('argument');
  return base?.text !== 'current';
}

/** Recognises `x`, `x == NULL`, `x != NULL`, `IS_ERR(x)`, `IS_ERR_OR_NULL(x)` (after `!` was unwrapped by the CFG). */
function nullTest(e: Node): { name: string; trueMeansNull: boolean } | undefined {
  if (e.type === 'identifier' || e.type === 'field_expression') return { name: normalizeExpr(e), trueMeansNull: false };
  if (e.type === 'assignment_expression') {
    const left = e.childForFieldName('left');
    return left ? { name: normalizeExpr(left), trueMeansNull: false } : undefined;
  }
  if (e.type === 'binary_expression') {
    const op = e.childForFieldName('operator')?.text;
    const left = e.childForFieldName('left');
    const right = e.childForFieldName('right');
    if (!left || !right || (op !== '==' && op !== '!=')) return undefined;
    const isNullLit = (n: Node) => n.type === 'null' || n.text === 'NULL' || n.text === '0';
    const subject = isNullLit(right) ? left : isNullLit(left) ? right : undefined;
    return subject ? { name: normalizeExpr(subject), trueMeansNull: op === '==' } : undefined;
  }
  if (e.type === 'call_expression') {
    const callee = calleeName(e);
    const arg = callArg(e, 0);
    if (arg && (callee === 'IS_ERR' || callee === 'IS_ERR_OR_NULL')) return { name: normalizeExpr(arg), trueMeansNull: true };
  }
  return undefined;
}

function signature(held: HeldRef[]): string {
  return held
    .map((r) => `${r.site}:${r.kind}:${r.maybeNull ? 1 : 0}:${r.names.join(',')}`)
    .sort()
    .join(';');
}

function copy(state: PathState): PathState {
  return { held: state.held.map((r) => ({ ...r, names: [...r.names] })), trail: [...state.trail] };
}

/** Breadth first, so the path kept for each (node, state) pair is a shortest one. */
export function exploreRefs(fn: FunctionInfo, cfg: Cfg, lines: LineIndex, source: string): RefFlow {
  const walker = new FlowWalker(fn, lines, source);
  const exits: ExitObservation[] = [];
  const seen = new Set<string>();
  const queue: Array<{ node: number; state: PathState }> = [{ node: cfg.entry, state: { held: [], trail: [] } }];
  let visits = 0;
  for (let head = 0; head < queue.length; head++) {
    if (++visits > VISIT_BUDGET) return { exits, truncated: true };
    const { node: id, state } = queue[head]!;
    const key = `${id}|${signature(state.held)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const node = cfg.nodes[id]!;
    const push = (to: number, s: PathState) => queue.push({ node: to, state: s });
    switch (node.kind) {
      case 'cond': {
        const whenTrue = copy(state);
        walker.branch(whenTrue, node.ast!, true);
        push(node.succ[0]!, whenTrue);
        const whenFalse = copy(state);
        walker.branch(whenFalse, node.ast!, false);
        push(node.succ[1]!, whenFalse);
        break;
      }
      case 'return': {
        const s = copy(state);
        walker.returns(s, node.ast!);
        const ends = node.ast!.type === 'return_statement' ? 'returns' : 'falls off the end of the function';
        s.trail.push(walker.step('exit', node.ast!, s.held.length ? `${ends} here with the reference still held` : `${ends} here`));
        exits.push({ node: node.ast!, held: s.held, trail: s.trail });
        break;
      }
      case 'goto': {
        const s = copy(state);
        const label = node.ast!.childForFieldName('label')?.text ?? '';
        if (s.held.length) s.trail.push(walker.step('jump', node.ast!, `jumps to '${label}'`));
        for (const to of node.succ) push(to, s);
        break;
      }
      case 'stmt':
      case 'switch': {
        const s = copy(state);
        if (node.ast) walker.effects(s, node.ast);
        for (const to of node.succ) push(to, copy(s));
        break;
      }
      default:
        for (const to of node.succ) push(to, state);
    }
  }
  return { exits, truncated: false };
}
