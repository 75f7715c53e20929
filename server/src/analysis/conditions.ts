// What a condition tells the path explorer: its core test once `!`, parentheses and wrappers such
// as WARN_ON() are stripped, a NULL or IS_ERR test, a Kconfig test, an iterator macro's cursors.
import type { SyntaxNode } from './syntaxNode';
import type { KernelConfig } from '../parse/config';
import { callArgs, calleeName, normalizeExpr, unwrap } from './syntax';

/** Wrappers that return the truth of their argument: the test inside is what refines. */
const TRANSPARENT = new Set(['likely', 'unlikely', 'WARN_ON', 'WARN_ON_ONCE', 'WARN', 'WARN_ONCE']);

/** Strips `!`, parentheses and truth-preserving wrappers: `WARN_ON(!mm)` true means `mm` false. */
export function conditionCore(e: SyntaxNode, taken: boolean): { expr: SyntaxNode; taken: boolean } {
  let expr = unwrap(e);
  let t = taken;
  for (;;) {
    if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '!' && expr.childForFieldName('argument')) {
      expr = unwrap(expr.childForFieldName('argument')!);
      t = !t;
    } else if (expr.type === 'call_expression' && TRANSPARENT.has(calleeName(expr) ?? '') && callArgs(expr).length >= 1) {
      expr = unwrap(callArgs(expr)[0]!);
    } else {
      return { expr, taken: t };
    }
  }
}

/** The loop cursors of a rewritten iterator macro: its leading plain-identifier arguments. */
export function leadingIdentifiers(comma: SyntaxNode): string[] {
  const out: string[] = [];
  let n: SyntaxNode | null = comma;
  const operands: SyntaxNode[] = [];
  while (n && n.type === 'comma_expression') {
    const left = n.childForFieldName('left');
    if (left) operands.push(left);
    n = n.childForFieldName('right');
  }
  if (n) operands.push(n);
  for (const o of operands) {
    if (o.type !== 'identifier') break;
    out.push(o.text);
  }
  return out;
}

/** The value of `IS_ENABLED(CONFIG_X)` and friends under the configuration, or undefined for other tests. */
export function configTest(e: SyntaxNode, config: KernelConfig): boolean | undefined {
  if (e.type !== 'call_expression') return undefined;
  const macro = calleeName(e);
  const arg = callArgs(e)[0]?.text ?? '';
  if (!/^CONFIG_\w+$/.test(arg)) return undefined;
  const value = config.value(arg);
  switch (macro) {
    case 'IS_ENABLED':
    case 'IS_REACHABLE':
      return value === 'y' || value === 'm';
    case 'IS_BUILTIN':
      return value === 'y';
    case 'IS_MODULE':
      return value === 'm';
    default:
      return undefined;
  }
}

/** Recognises `x`, `x == NULL`, `x != NULL`, `IS_ERR(x)`, `IS_ERR_OR_NULL(x)` (after `!` was unwrapped by the CFG). */
export function nullTest(e: SyntaxNode): { name: string; trueMeansNull: boolean } | undefined {
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
    const isNullLit = (n: SyntaxNode) => n.type === 'null' || n.text === 'NULL' || n.text === '0';
    const subject = isNullLit(right) ? left : isNullLit(left) ? right : undefined;
    return subject ? { name: normalizeExpr(subject), trueMeansNull: op === '==' } : undefined;
  }
  if (e.type === 'call_expression') {
    const callee = calleeName(e);
    const arg = callArgs(e)[0];
    if (arg && (callee === 'IS_ERR' || callee === 'IS_ERR_OR_NULL')) return { name: normalizeExpr(arg), trueMeansNull: true };
  }
  return undefined;
}
