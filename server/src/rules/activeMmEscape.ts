// LMM005 active-mm-escape: an active_mm value stored beyond the current scope without mmgrab.
import type { SyntaxNode } from '../analysis/syntaxNode';
import { assignmentParts, normalizeExpr, unwrap } from '../analysis/syntax';
import { makeFinding, stepAt, type Rule } from './rule';
import { nodesOfType } from '../analysis/nodeIndex';

/** The scheduler's own hand-offs of the lazy mm: these slots are managed by the lazy-TLB code. */
const LAZY_SLOTS = /(?:^|->|\.)(?:active_mm|prev_mm|prev_lazy_mm|loaded_mm)$/;

function isActiveMm(n: SyntaxNode): boolean {
  const u = unwrap(n);
  return u.type === 'field_expression' && u.childForFieldName('field')?.text === 'active_mm';
}

export const activeMmEscape: Rule = {
  id: 'LMM005',
  name: 'active-mm-escape',
  severity: 'warning',
  summary: 'An active_mm value stored beyond the current scope (a field, a global, returned) without an mmgrab of its own.',
  docFile: 'active-mm-escape.md',
  check({ fn, file, pre }) {
    // With IRQs off the lazy mm cannot be shot down (that needs an IPI) or switched away: a value
    // kept within such a function, or handed to a caller that keeps IRQs off, stays valid.
    if (pre.irqsOffAtEntry) return [];
    const grabbed = new Set<string>();
    for (const c of nodesOfType(fn.body, 'call_expression')) {
      const callee = c.childForFieldName('function')?.text ?? '';
      const arg = c.childForFieldName('arguments')?.namedChildren[0];
      if (/^mmgrab/.test(callee) && arg) grabbed.add(normalizeExpr(arg));
    }
    const aliases = new Set<string>();
    const findings = [];
    for (const a of nodesOfType(fn.body, ['assignment_expression', 'init_declarator', 'return_statement'])) {
      const value = a.type === 'return_statement' ? a.namedChildren[0] : a.type === 'assignment_expression' ? a.childForFieldName('right') : a.childForFieldName('value');
      if (!value) continue;
      const fromActive = isActiveMm(value) || aliases.has(normalizeExpr(value));
      if (!fromActive || grabbed.has(normalizeExpr(value))) continue;
      if (a.type === 'return_statement') {
        findings.push(makeFinding(this, fn.name, file.lines, a, `${fn.name}() returns an active_mm pointer without a reference: the caller may use it after the lazy mm is dropped`, [stepAt(file.lines, value, 'use', 'active_mm read here'), stepAt(file.lines, a, 'exit', 'returned without mmgrab()')]));
        continue;
      }
      const { target } = assignmentParts(a);
      if (!target) continue;
      const name = normalizeExpr(target);
      if (fn.locals.has(name)) {
        aliases.add(name);
        continue;
      }
      if (LAZY_SLOTS.test(name)) continue;
      findings.push(
        makeFinding(this, fn.name, file.lines, a, `an active_mm pointer is stored in ${name} without an mmgrab(): it dangles once the CPU stops using the mm lazily`, [
          stepAt(file.lines, value, 'use', 'active_mm read here'),
          stepAt(file.lines, target, 'handover', `stored in ${name}`),
        ]),
      );
    }
    return findings;
  },
};
