// The quick fix of LMM001: release the leaked reference where only paths that hold it pass, never
// where a path without it passes too (that would trade the leak for a double drop or mmput(NULL)).
// The explorer tells which places every path reaches holding the reference (FunctionFlow.mustHold*).
// The first place that fits wins:
//   1. right before the return, when every path reaching that return holds the reference;
//   2. right after an error label whose code runs straight to the return, when every path through
//      the label holds it (`out_put:` followed by `out: return rc;`);
//   3. otherwise each leaking path on its own: before its last goto when the label's code is shared
//      with paths that do not hold it; when it falls into the error labels, right above them; when
//      it leaves an if block, right after that block's last statement.
import type { SyntaxNode } from '../analysis/syntaxNode';
import type { Held } from '../analysis/pathState';
import type { LineIndex } from '../parse/lineIndex';
import type { Position } from '../paths/step';
import type { Fix, TextEdit } from './finding';
import { indentAt, insertAt, insertBeforeClosingBrace, insertStatementAfter, insertStatementBefore, startsLine } from './fixEdits';
import type { Leak } from './leaks';
import { pathFrom, type FunctionFacts } from './rule';
import { nodesOfType } from '../analysis/nodeIndex';

/** The call that gives back exactly what was taken: the lazy-TLB reference has its own helper. */
function releaseOf(held: Held): string {
  if (held.kind === 'users') return 'mmput';
  return /taken by mmgrab_lazy_tlb\(/.test(held.acquired.message) ? 'mmdrop_lazy_tlb' : 'mmdrop';
}

/** A place to put the release: before a statement, after one, or on the line above a label. */
type Anchor = { how: 'before' | 'after' | 'above'; node: SyntaxNode; where: string };

/** The release for a leak, or undefined where the fix is not mechanical. */
export function leakFix(facts: FunctionFacts, { exit, held }: Leak): Fix | undefined {
  // Not checked for NULL on this path yet: mmput(NULL) oopses, and where the check goes is a choice.
  if (held.maybeNull || (held.kind !== 'count' && held.kind !== 'users')) return undefined;
  // Paths the explorer did not follow could reach the same places without the reference.
  if (facts.flow.truncated) return undefined;
  // A plain local reads best; an alias such as ctx->mm is still the same reference.
  const name = held.names.find((n) => /^\w+$/.test(n)) ?? held.names[0];
  if (!name) return undefined;
  const call = `${releaseOf(held)}(${name})`;
  const code = `${call};`;
  const { source, lines } = facts.file;
  const ret = exit.node;
  const site = held.site;
  const { mustHold, mustHoldAfter, mustHoldFallingInto } = facts.flow;
  const holds = (map: Map<number, Set<number>>, offset: number) => map.get(offset)?.has(site) === true;
  // The release must come after the last use: `return use(mm);` needs a temporary, not a mechanical edit.
  const pattern = new RegExp(held.names.map((n) => `(?<![\\w>.])${escape(n)}(?!\\w)`).join('|'));
  const usedIn = (start: number, end: number) => pattern.test(source.slice(start, end));
  const straightToReturn = (from: number) => straight(source.slice(from, ret.startIndex)) && !usedIn(from, ret.endIndex);
  const fix = (anchors: Anchor[], where: string): Fix | undefined => {
    const edits: TextEdit[] = [];
    for (const a of anchors) {
      const e = edit(source, lines, a, code);
      if (!e) return undefined;
      edits.push(...e);
    }
    return edits.length > 0 ? { title: `Add ${call} ${where}`, edits, preferred: true } : undefined;
  };

  // 1. Right before the return (or the closing brace the function falls off).
  if (holds(mustHold, ret.startIndex)) {
    if (ret.type !== 'return_statement') return fix([{ how: 'before', node: ret, where: '' }], 'at the end of the function');
    return usedIn(ret.startIndex, ret.endIndex) ? undefined : fix([{ how: 'before', node: ret, where: '' }], 'before the return');
  }

  // 2. After the nearest error label that only holders reach, whose code runs straight to the return.
  const labels = nodesOfType(facts.fn.body, 'labeled_statement');
  const before = labels.filter((l) => l.startIndex < ret.startIndex).sort((a, b) => b.startIndex - a.startIndex);
  for (const label of before) {
    const body = labelBody(label);
    if (body && holds(mustHold, label.startIndex) && straightToReturn(body.startIndex)) {
      return fix([{ how: 'above', node: body, where: '' }], `after the label '${labelName(label)}'`);
    }
  }

  // 3. Each leaking path on its own.
  const gotos = new Map(nodesOfType(facts.fn.body, 'goto_statement').map((g) => [key(lines.positionAt(g.startIndex)), g]));
  // Keyed by place: tree-sitter hands out a new Node object for the same node on every query.
  const anchors = new Map<string, Anchor>();
  for (const e of facts.flow.exits) {
    const h = e.node.startIndex === ret.startIndex ? e.held.find((x) => x.site === site) : undefined;
    if (!h) continue;
    const jump = [...pathFrom(e.trail, h.acquired)].reverse().find((s) => s.kind === 'jump');
    let anchor: Anchor | undefined;
    if (jump) {
      const g = gotos.get(key(jump.range.start));
      const label = g && labels.find((l) => labelName(l) === labelName(g));
      if (g && label && holds(mustHold, g.startIndex) && !usedIn(Math.min(label.startIndex, ret.startIndex), Math.max(label.startIndex, ret.endIndex))) {
        anchor = { how: 'before', node: g, where: `before 'goto ${labelName(g)}'` };
      }
    } else {
      anchor = fallInto(before) ?? afterLastStatement();
    }
    if (!anchor) return undefined;
    anchors.set(`${anchor.how}@${anchor.node.startIndex}`, anchor);
  }
  const all = [...anchors.values()];
  return fix(all, all.length === 1 ? all[0]!.where : `on the ${all.length} paths that leak it`);

  /** Above the first error label the path falls into, when only holders fall into it. */
  function fallInto(labelsBefore: SyntaxNode[]): Anchor | undefined {
    for (const label of labelsBefore) {
      const body = labelBody(label);
      if (!body || !straightToReturn(body.startIndex)) return undefined;
      // Only the outermost label of a run (`out_put:\nout:`) has code above it to join.
      if (label.parent?.type === 'labeled_statement') continue;
      if (holds(mustHoldFallingInto, label.startIndex) && !usedIn(label.startIndex, ret.endIndex)) return { how: 'above', node: label, where: `before the label '${labelName(label)}'` };
    }
    return undefined;
  }

  /** After the last statement of the if block the path leaves, from where it runs straight to the return. */
  function afterLastStatement(): Anchor | undefined {
    const simple = nodesOfType(facts.fn.body, ['expression_statement', 'declaration'])
      .filter((s) => s.endIndex <= ret.startIndex && (s.parent?.type === 'compound_statement' || s.parent?.type === 'labeled_statement'))
      .sort((a, b) => b.endIndex - a.endIndex);
    const last = simple.find((s) => holds(mustHoldAfter, s.endIndex));
    return last && runsStraightTo(source, last, ret) && !usedIn(last.endIndex, ret.endIndex) ? { how: 'after', node: last, where: `after line ${lines.positionAt(last.startIndex).line + 1}` } : undefined;
  }
}

function edit(source: string, lines: LineIndex, a: Anchor, code: string): TextEdit[] | undefined {
  switch (a.how) {
    case 'before':
      return a.node.type === '}' ? insertBeforeClosingBrace(source, lines, a.node, code) : insertStatementBefore(source, lines, a.node, code);
    case 'after':
      return [insertStatementAfter(source, lines, a.node, code)];
    case 'above':
      return insertAbove(source, lines, a.node, code);
  }
}

/**
 * Code with no jump out of it and balanced braces: every path entering it at the top leaves at the
 * bottom (loops and ifs inside included).
 */
function straight(code: string): boolean {
  const text = stripComments(code);
  if (/\b(?:return|goto|break|continue|case|default)\b/.test(text)) return false;
  let depth = 0;
  for (const c of text) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Every path leaving `from` reaches `ret` without a jump: the rest of its blocks are if/else bodies it leaves. */
function runsStraightTo(source: string, from: SyntaxNode, ret: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = from; n; ) {
    if (n.endIndex <= ret.startIndex && straight(source.slice(n.endIndex, ret.startIndex))) return true;
    const block: SyntaxNode | null = n.parent?.type === 'labeled_statement' ? n.parent.parent : n.parent;
    if (block?.type !== 'compound_statement' || !straight(source.slice(n.endIndex, block.endIndex - 1))) return false;
    const owner: SyntaxNode | null = block.parent;
    if (owner?.type === 'if_statement') n = owner;
    else if (owner?.type === 'else_clause') n = owner.parent;
    else if (owner?.type === 'compound_statement') n = block;
    else return false;
  }
  return false;
}

/**
 * On a line of its own above `node` (a label's statement, or a label), in the indentation of the
 * statements around it: labels sit at column 0 in kernel style, the code under them does not.
 */
function insertAbove(source: string, lines: LineIndex, node: SyntaxNode, code: string): TextEdit[] {
  if (!startsLine(source, node.startIndex)) return [insertAt(lines, node.startIndex, `${code} `)]; // `out: return rc;`
  let stmt: SyntaxNode | undefined = node;
  while (stmt?.type === 'labeled_statement') stmt = labelBody(stmt);
  const indent = stmt && startsLine(source, stmt.startIndex) && stmt.startIndex !== node.startIndex ? indentAt(source, stmt.startIndex) : indentAt(source, node.startIndex);
  const lineStart = source.lastIndexOf('\n', node.startIndex - 1) + 1;
  return [insertAt(lines, lineStart, `${indent || '\t'}${code}\n`)];
}

/** The statement a label labels (`out: return rc;` -> `return rc;`). */
function labelBody(label: SyntaxNode): SyntaxNode | undefined {
  return label.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'statement_identifier').pop();
}

function labelName(n: SyntaxNode): string {
  return n.childForFieldName('label')?.text ?? '';
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
}

function key(p: Position): string {
  return `${p.line}:${p.character}`;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
