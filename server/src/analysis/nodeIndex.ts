// The nodes of a function body that the analysis and the rules ask for again and again (calls,
// assignments, returns, labels...), found in one walk per body and kept for the file's analysis.
// Each descendantsOfType() call is a tree walk in wasm plus a JS pass over every symbol of the
// grammar; a dozen of them per function were a tenth of a tree scan.
import type { SyntaxNode } from './syntaxNode';
import { firstAtOrAfter } from '../parse/firstAtOrAfter';

const INDEXED: readonly string[] = [
  'call_expression',
  'assignment_expression',
  'init_declarator',
  'return_statement',
  'labeled_statement',
  'goto_statement',
  'expression_statement',
  'declaration',
  'update_expression',
];
const INDEXED_SET: ReadonlySet<string> = new Set(INDEXED);

/**
 * An indexed node with what the queries read, read once (a tree-sitter Node's `type` and
 * `endIndex` are calls into wasm; syntaxNode.ts's memo keeps them too, but a lookup there costs more
 * than this plain record).
 */
interface Entry {
  node: SyntaxNode;
  type: string;
  start: number;
  end: number;
}

/** Keyed by the body's node object: FunctionInfo keeps one per function for the whole analysis. */
const indexOf = new WeakMap<SyntaxNode, Entry[]>();

/** The indexed nodes of `body` (itself included), in pre-order, so sorted by start offset. */
function indexed(body: SyntaxNode): Entry[] {
  let entries = indexOf.get(body);
  if (!entries) {
    entries = body.descendantsOfType(INDEXED as string[]).map((node) => ({ node, type: node.type, start: node.startIndex, end: node.endIndex }));
    indexOf.set(body, entries);
  }
  return entries;
}


/**
 * `within.descendantsOfType(types)` (within defaults to the body, and is included when it matches)
 * for a node inside `body`, answered from the body's index when every type is indexed.
 */
export function nodesOfType(body: SyntaxNode, types: string | readonly string[], within: SyntaxNode = body): SyntaxNode[] {
  const wanted = typeof types === 'string' ? [types] : types;
  if (!wanted.every((t) => INDEXED_SET.has(t))) return within.descendantsOfType(wanted as string[]);
  const entries = indexed(body);
  const out: SyntaxNode[] = [];
  const start = within.startIndex;
  const end = within.endIndex;
  for (let i = firstAtOrAfter(entries, start, (e) => e.start); i < entries.length; i++) {
    const e = entries[i]!;
    if (e.start >= end && e.end > e.start) break;
    if (e.end <= end && wanted.includes(e.type) && !(e.start === start && e.end === end && isAncestorSpan(e.node, within))) out.push(e.node);
  }
  return out;
}

/** An ancestor of `within` with exactly its span (a wrapper adding nothing) is not inside it. */
function isAncestorSpan(n: SyntaxNode, within: SyntaxNode): boolean {
  if (n.id === within.id) return false;
  for (let p = within.parent; p && p.startIndex === within.startIndex && p.endIndex === within.endIndex; p = p.parent) if (p.id === n.id) return true;
  return false;
}
