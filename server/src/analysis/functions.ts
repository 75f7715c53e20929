// Finds the function definitions of a translation unit and the names declared inside each.
import type { Tree } from 'web-tree-sitter';
import { NodeMemo, type SyntaxNode } from './syntaxNode';

export interface FunctionInfo {
  name: string;
  node: SyntaxNode;
  body: SyntaxNode;
  /** Parameters and block-scope variables: assigning a reference to one of these is an alias, not a hand-over. */
  readonly locals: Set<string>;
}

/** The identifier a declarator finally names, through pointers, arrays and parentheses. */
export function declaredName(declarator: SyntaxNode | null): string | undefined {
  let d = declarator;
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d.text;
    d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
  }
  return undefined;
}

function collectLocals(fn: SyntaxNode): Set<string> {
  const locals = new Set<string>();
  const declarator = fn.childForFieldName('declarator');
  const functionDeclarator = declarator?.type === 'function_declarator' ? declarator : declarator?.descendantsOfType('function_declarator')[0];
  for (const p of functionDeclarator?.childForFieldName('parameters')?.namedChildren ?? []) {
    const name = declaredName(p.childForFieldName('declarator'));
    if (name) locals.add(name);
  }
  for (const decl of fn.childForFieldName('body')?.descendantsOfType('declaration') ?? []) {
    for (const d of decl.childrenForFieldName('declarator')) {
      const name = declaredName(d);
      if (name) locals.add(name);
    }
  }
  return locals;
}

export function findFunctions(tree: Tree): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  // Everything the analysis and the rules reach from here goes through one memo (syntaxNode.ts).
  const memo = new NodeMemo();
  for (const node of memo.wrapAll(tree.rootNode.descendantsOfType('function_definition'))) {
    const body = node.childForFieldName('body');
    const name = declaredName(node.childForFieldName('declarator'));
    if (!body || !name) continue;
    // Computed on first use: most functions of a file are never explored, and this walks the body.
    let locals: Set<string> | undefined;
    out.push({
      name,
      node,
      body,
      get locals() {
        return (locals ??= collectLocals(node));
      },
    });
  }
  return out;
}
