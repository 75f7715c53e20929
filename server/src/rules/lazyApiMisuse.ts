// LMM006 lazy-api-misuse: plain mmgrab/mmdrop on a lazily used active_mm, or a plain mmdrop in a
// context where the final __mmdrop must not run.
import type { SyntaxNode } from '../analysis/syntaxNode';
import { assignmentParts, normalizeExpr, unwrap } from '../analysis/syntax';
import type { LineIndex } from '../parse/lineIndex';
import type { Finding, Fix } from './finding';
import { observed } from './observed';
import { makeFinding, pathFrom, stepAt, type Rule } from './rule';
import { nodesOfType } from '../analysis/nodeIndex';

/** Where the lazy mm lives: reading one of these gives a lazily used mm. */
const LAZY_SOURCE = /(?:->|\.)(?:active_mm|prev_mm|prev_lazy_mm)$/;

export const lazyApiMisuse: Rule = {
  id: 'LMM006',
  name: 'lazy-api-misuse',
  severity: 'warning',
  summary: 'Plain mmgrab/mmdrop on a lazily used active_mm where the *_lazy_tlb helpers belong, or a plain mmdrop under the rq lock, a raw spinlock or with IRQs off.',
  docFile: 'lazy-api-misuse.md',
  check(facts) {
    const { fn, file } = facts;
    const findings: Finding[] = [];
    const lazyLocals = new Set<string>();
    for (const a of nodesOfType(fn.body, ['assignment_expression', 'init_declarator'])) {
      const { target, value } = assignmentParts(a);
      if (value && target && LAZY_SOURCE.test(normalizeExpr(unwrap(value)))) lazyLocals.add(normalizeExpr(target));
    }
    const isLazy = (call: SyntaxNode) => {
      const arg = call.childForFieldName('arguments')?.namedChildren[0];
      const name = arg ? normalizeExpr(arg) : '';
      return LAZY_SOURCE.test(name) || lazyLocals.has(name);
    };
    const atomicDrops = observed(facts, 'drop-in-atomic');
    const inAtomic = new Set(atomicDrops.map((o) => o.node.startIndex));
    for (const c of nodesOfType(fn.body, 'call_expression')) {
      const callee = c.childForFieldName('function')?.text;
      if (callee !== 'mmgrab' && callee !== 'mmdrop') continue;
      const arg = c.childForFieldName('arguments')?.namedChildren[0];
      if (!arg || !isLazy(c)) continue;
      const name = normalizeExpr(arg);
      const helper = callee === 'mmgrab' ? 'mmgrab_lazy_tlb' : 'mmdrop_lazy_tlb';
      // Under the rq lock the lazy drop must not free either: one helper answers both findings.
      const fix = renameCallee(file.lines, c, inAtomic.has(c.startIndex) ? 'mmdrop_lazy_tlb_sched' : helper);
      findings.push({
        ...makeFinding(this, fn.name, file.lines, c, `${callee}(${name}) on a lazily used mm: use ${helper}(), which is what CONFIG_MMU_LAZY_TLB_SHOOTDOWN turns into no reference at all`, [
          stepAt(file.lines, c, callee === 'mmgrab' ? 'grab' : 'drop', `plain ${callee}() of the lazy mm`),
        ]),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    for (const o of atomicDrops) {
      const fix = renameCallee(file.lines, o.node, isLazy(o.node) ? 'mmdrop_lazy_tlb_sched' : 'mmdrop_sched');
      findings.push({
        ...makeFinding(this, fn.name, file.lines, o.node, `mmdrop() with ${o.context === 'IRQs off' ? 'IRQs off' : `the ${o.context} held`}: the final __mmdrop() frees page tables and may sleep; use mmdrop_sched() (or mmdrop_lazy_tlb_sched() for the lazy reference)`, [
          ...pathFrom(o.trail, undefined).filter((s) => s.kind === 'irq' || s.kind === 'branch').slice(-6),
          stepAt(file.lines, o.node, 'drop', `mmdrop() in atomic context (${o.context})`),
        ]),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    return findings;
  },
};

/** `mmdrop(` -> `helper(`: only the callee's name changes, the arguments stay as written. */
function renameCallee(lines: LineIndex, call: SyntaxNode, helper: string): Fix | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier') return undefined;
  return { title: `Use ${helper}()`, edits: [{ range: lines.rangeOf(callee.startIndex, callee.endIndex), newText: helper }], preferred: true };
}
