// LMM013 field-never-dropped: a struct field receives a grabbed/got mm in one function while no
// function of the file drops it.
import type { SyntaxNode } from '../analysis/syntaxNode';
import { apiEffect, isRefCount } from '../analysis/apiModel';
import { assignmentParts, callArgs, calleeName, fieldName, normalizeExpr, unwrap } from '../analysis/syntax';
import type { Finding } from './finding';
import { makeFinding, stepAt, type FileFacts, type Rule } from './rule';
import { nodesOfType } from '../analysis/nodeIndex';

interface Store {
  field: string;
  node: SyntaxNode;
  fn: string;
  how: string;
}

function storesAndDrops(file: FileFacts): { stores: Store[]; dropped: Set<string> } {
  const stores: Store[] = [];
  const dropped = new Set<string>();
  for (const { fn, pre } of file.functions) {
    const acquiredLocals = new Set<string>();
    const calls = nodesOfType(fn.body, 'call_expression');
    for (const c of calls) {
      const e = apiEffect(calleeName(c) ?? '');
      const arg = e?.arg === undefined ? undefined : callArgs(c)[e.arg];
      if (!e || !arg) continue;
      const name = normalizeExpr(arg);
      const field = fieldName(arg) ?? pre.fieldOrigins.get(name);
      if (e.releases && isRefCount(e.releases) && field) dropped.add(field);
      if (e.acquires && isRefCount(e.acquires) && !e.onlyIfTrue) {
        // `mmgrab(current->mm)` is a grab of the task's mm, not a store into a field.
        const f = pre.currentNames.has(normalizeExpr(arg).split('->')[0]!) ? undefined : fieldName(arg);
        if (f) stores.push({ field: f, node: c, fn: fn.name, how: `${calleeName(c)}(${name})` });
        else acquiredLocals.add(name);
      }
    }
    // Locals filled by a call that returns a reference (get_task_mm, mm_access, mm_alloc).
    for (const d of nodesOfType(fn.body, ['init_declarator', 'assignment_expression'])) {
      const { target, value } = assignmentParts(d);
      const v = value ? unwrap(value) : undefined;
      if (target && v?.type === 'call_expression' && apiEffect(calleeName(v) ?? '')?.returns) acquiredLocals.add(normalizeExpr(target));
    }
    for (const a of nodesOfType(fn.body, 'assignment_expression')) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      const f = left ? fieldName(left) : undefined;
      if (!f || !right) continue;
      const value = unwrap(right);
      const fromApi = value.type === 'call_expression' && apiEffect(calleeName(value) ?? '')?.returns;
      if (fromApi || acquiredLocals.has(normalizeExpr(value))) stores.push({ field: f, node: a, fn: fn.name, how: `${normalizeExpr(left!)} = ${normalizeExpr(value)}` });
    }
  }
  return { stores, dropped };
}

/** Fields a text drops: `mmdrop(x->f)`, `mmput(x.f)`. A cheap pass for the workspace's other files. */
export function fieldsDroppedIn(text: string): string[] {
  return [...text.matchAll(/\bmm(?:drop|put)\w*\s*\(\s*[^;()]*?(?:->|\.)(\w+)\s*\)/g)].map((m) => m[1]!);
}

export const fieldNeverDropped: Rule = {
  id: 'LMM013',
  name: 'field-never-dropped',
  severity: 'warning',
  summary: 'A struct field receives a grabbed or got mm in one function while no function of the file drops it.',
  docFile: 'field-never-dropped.md',
  checkFile(file) {
    const { stores, dropped } = storesAndDrops(file);
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const s of stores) {
      if (dropped.has(s.field) || file.fieldsDroppedElsewhere?.has(s.field) || reported.has(s.field) || s.field === 'active_mm') continue;
      reported.add(s.field);
      findings.push(
        makeFinding(this, s.fn, file.lines, s.node, `'${s.field}' receives an mm reference here (${s.how}) but no function in this file drops it: the object's release path leaks the mm`, [
          stepAt(file.lines, s.node, 'handover', `reference stored in '${s.field}'`),
        ]),
      );
    }
    return findings;
  },
};
