// Finds the function definitions of a translation unit and the names declared inside each.
import type { Node, Tree } from 'web-tree-sitter';

export interface FunctionInfo {
  name: string;
  node: Node;
  body: Node;
  /** Parameters and block-scope variables: assigning a reference to one of these is an alias, not a hand-over. */
  readonly locals: Set<string>;
}

/** The identifier a declarator finally names, through pointers, arrays and parentheses. */
export function declaredName(declarator: Node | null): string | undefined {
  let d = declarator;
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d.text;
    d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
  }
  return undefined;
}

function collectLocals(fn: Node): Set<string> {
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
  for (const node of tree.rootNode.descendantsOfType('function_definition')) {
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
