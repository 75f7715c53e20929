// Text edits for fixes, written the way a kernel developer would type them: a new statement on its
// own line with the surrounding indentation, braces added when the anchor is an unbraced body, so a
// fix never changes which statements an `if` governs.
import type { SyntaxNode } from '../analysis/syntaxNode';
import type { LineIndex } from '../parse/lineIndex';
import type { TextEdit } from './finding';

/** Statements whose body is a single statement unless braced: inserting before it needs braces. */
const BODY_OF = new Set(['if_statement', 'else_clause', 'for_statement', 'while_statement', 'do_statement']);

/** Leading blanks of the line that holds `offset`. */
export function indentAt(source: string, offset: number): string {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  const blank = /[ \t]*/y;
  blank.lastIndex = start;
  return blank.exec(source)![0];
}

/** Only blanks between the start of its line and `offset`. */
export function startsLine(source: string, offset: number): boolean {
  return /^[ \t]*$/.test(source.slice(source.lastIndexOf('\n', offset - 1) + 1, offset));
}

/** One more level than `outer`, in the file's own unit (kernel files indent with tabs). */
function deeper(outer: string): string {
  return outer.length > 0 && !outer.includes('\t') ? `${outer}    ` : `${outer}\t`;
}

export function insertAt(lines: LineIndex, offset: number, newText: string): TextEdit {
  const at = lines.positionAt(offset);
  return { range: { start: at, end: at }, newText };
}

function replace(lines: LineIndex, start: number, end: number, newText: string): TextEdit {
  return { range: lines.rangeOf(start, end), newText };
}

/**
 * Edits that put `code` (one statement, no newline) right before `stmt`. Undefined when that is not
 * mechanical: a comment sits between an `if (...)` and its unbraced body.
 */
export function insertStatementBefore(source: string, lines: LineIndex, stmt: SyntaxNode, code: string): TextEdit[] | undefined {
  const parent = stmt.parent;
  if (!parent || !BODY_OF.has(parent.type)) {
    if (!startsLine(source, stmt.startIndex)) return [insertAt(lines, stmt.startIndex, `${code} `)]; // `out: return ret;`
    const lineStart = source.lastIndexOf('\n', stmt.startIndex - 1) + 1;
    return [insertAt(lines, lineStart, `${indentAt(source, stmt.startIndex)}${code}\n`)];
  }
  // The unbraced body of if/else/for/while/do: `if (ret)\n\t\tgoto out;` becomes a braced block.
  const opener = stmt.previousSibling; // the condition's `)`, `else` or `do`
  if (!opener || !/^\s*$/.test(source.slice(opener.endIndex, stmt.startIndex))) return undefined;
  const outer = indentAt(source, opener.startIndex);
  const inner = startsLine(source, stmt.startIndex) ? indentAt(source, stmt.startIndex) : deeper(outer);
  const edits = [replace(lines, opener.endIndex, stmt.startIndex, ` {\n${inner}${code}\n${inner}`)];
  // Kernel style closes before an `else` on the same line: `} else`.
  const elseAfter = /^\s*else\b/.exec(source.slice(stmt.endIndex, stmt.endIndex + 200));
  if (elseAfter) edits.push(replace(lines, stmt.endIndex, stmt.endIndex + elseAfter[0].length - 4, `\n${outer}} `));
  else edits.push(insertAt(lines, stmt.endIndex, `\n${outer}}`));
  return edits;
}

/** An edit that puts `code` right after `stmt`: on a line of its own, in the statement's indentation. */
export function insertStatementAfter(source: string, lines: LineIndex, stmt: SyntaxNode, code: string): TextEdit {
  const eol = source.indexOf('\n', stmt.endIndex);
  if (eol < 0 || !/^[ \t]*$/.test(source.slice(stmt.endIndex, eol))) return insertAt(lines, stmt.endIndex, ` ${code}`);
  return insertAt(lines, eol + 1, `${indentAt(source, stmt.startIndex)}${code}\n`);
}

/** Edits that put `code` on its own line before a closing brace, one level deeper than the brace. */
export function insertBeforeClosingBrace(source: string, lines: LineIndex, brace: SyntaxNode, code: string): TextEdit[] | undefined {
  if (!startsLine(source, brace.startIndex)) return undefined;
  const lineStart = source.lastIndexOf('\n', brace.startIndex - 1) + 1;
  return [insertAt(lines, lineStart, `${deeper(indentAt(source, brace.startIndex))}${code}\n`)];
}
