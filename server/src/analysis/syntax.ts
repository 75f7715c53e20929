// Small questions about C expressions that every part of the analysis asks.
import type { SyntaxNode } from './syntaxNode';

export function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else return n;
  }
}

/** Expression text with whitespace, redundant parentheses and pointer casts removed: how names are compared. */
export function normalizeExpr(node: SyntaxNode): string {
  const n = unwrap(node);
  // `a = b` used as a value is `a` afterwards.
  if (n.type === 'assignment_expression' && n.childForFieldName('left')) return normalizeExpr(n.childForFieldName('left')!);
  return n.text.replace(/\s+/g, '');
}

/** The target (through `*` declarators) and the value of `a = b` or of an initialised declarator. */
export function assignmentParts(node: SyntaxNode): { target: SyntaxNode | null; value: SyntaxNode | null } {
  const isAssign = node.type === 'assignment_expression';
  let target = isAssign ? node.childForFieldName('left') : node.childForFieldName('declarator');
  while (target && target.type === 'pointer_declarator') target = target.childForFieldName('declarator');
  return { target, value: isAssign ? node.childForFieldName('right') : node.childForFieldName('value') };
}

export function calleeName(call: SyntaxNode): string | undefined {
  const f = call.childForFieldName('function');
  return f?.type === 'identifier' ? f.text : undefined;
}

/** Each call's arguments, listed once: exploration asks for them on every path through the call. */
const argsOf = new WeakMap<SyntaxNode, SyntaxNode[]>();

export function callArgs(call: SyntaxNode): readonly SyntaxNode[] {
  let args = argsOf.get(call);
  if (!args) argsOf.set(call, (args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? []));
  return args;
}

/** `ctx->mm`, `obj.mm`: a field of some object other than the current task. */
export function isObjectField(node: SyntaxNode, currentNames: ReadonlySet<string>): boolean {
  const n = unwrap(node);
  if (n.type !== 'field_expression') return false;
  const base = n.childForFieldName('argument');
  return !base || !currentNames.has(base.text);
}

/** The field name of `x->f` / `x.f`, if the expression is one. */
export function fieldName(node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  return n.type === 'field_expression' ? n.childForFieldName('field')?.text : undefined;
}

/** Conditions whose outcome can be remembered: no calls, no assignments, no increments. */
export function isPureCondition(node: SyntaxNode): boolean {
  return node.descendantsOfType(['call_expression', 'assignment_expression', 'update_expression']).length === 0;
}

const WORD = /\w/;

/** Is `name` (an identifier or a field path) mentioned as a whole word in `text`? Hot: no regex built. */
export function mentions(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = at > 0 ? text[at - 1]! : '';
    const after = text[at + name.length] ?? '';
    if (!WORD.test(before) && !WORD.test(after)) return true;
  }
  return false;
}
