// LMM007 cpumask-not-portable: generic code that relies on mm_cpumask() being complete.
import type { SyntaxNode } from '../analysis/syntaxNode';
import { assignmentParts } from '../analysis/syntax';
import type { Finding } from './finding';
import { makeFinding, stepAt, type Rule } from './rule';
import { nodesOfType } from '../analysis/nodeIndex';

/** Calls that only maintain the mask: they do not rely on what is in it. */
const MAINTENANCE = new Set(['cpumask_set_cpu', 'cpumask_clear_cpu', '__cpumask_set_cpu', '__cpumask_clear_cpu', 'cpumask_clear', 'cpumask_copy', 'cpumask_setall', 'cpumask_or', 'cpumask_and', 'cpumask_andnot', 'mm_init_cpumask', 'cpumask_set_cpu_local', 'set_cpu_present']);

/** Architecture code maintains its own mask; headers under include/ and generic C elsewhere do not. */
function isArchFile(fileName: string | undefined): boolean {
  return !!fileName && /(^|\/)arch\//.test(fileName.replace(/\\/g, '/'));
}

export const cpumaskNotPortable: Rule = {
  id: 'LMM007',
  name: 'cpumask-not-portable',
  severity: 'warning',
  summary: 'Generic (non-arch/) code relies on mm_cpumask() being complete, which arm64 does not maintain and shootdown needs to cover lazy CPUs.',
  docFile: 'cpumask-not-portable.md',
  check({ fn, file, flow }) {
    if (isArchFile(file.fileName)) return [];
    // Only reads on a path the configuration can take: cleanup_lazy_tlbs() returns early unless
    // CONFIG_MMU_LAZY_TLB_SHOOTDOWN, which an architecture selects only when it keeps the mask.
    const reachable = (n: SyntaxNode) => {
      for (let a: SyntaxNode | null = n; a && a.id !== fn.body.id; a = a.parent) if (flow.reached.has(a.startIndex)) return true;
      return false;
    };
    // Locals that hold the mask (`mask = mm_cpumask(mm)`) are read through like the call itself.
    const aliases = new Set<string>();
    const origins = new Map<string, SyntaxNode>();
    for (const d of nodesOfType(fn.body, ['init_declarator', 'assignment_expression'])) {
      const { target, value } = assignmentParts(d);
      if (target?.type === 'identifier' && value?.type === 'call_expression' && value.childForFieldName('function')?.text === 'mm_cpumask') {
        aliases.add(target.text);
        origins.set(target.text, value);
      }
    }
    const reads = [
      ...nodesOfType(fn.body, 'call_expression').filter((c) => c.childForFieldName('function')?.text === 'mm_cpumask'),
      ...(aliases.size ? fn.body.descendantsOfType('identifier').filter((i) => aliases.has(i.text)) : []),
    ];
    const findings: Finding[] = [];
    for (const read of reads) {
      if (!reachable(read)) continue;
      // Find what consumes the mask: the nearest enclosing call or loop macro (rewritten to `while`).
      let user: SyntaxNode | null = read.parent;
      while (user && user.type !== 'call_expression' && user.type !== 'while_statement' && user.type !== 'expression_statement' && user.type !== 'declaration') user = user.parent;
      if (!user || user.type === 'expression_statement' || user.type === 'declaration') continue;
      if (user.type === 'call_expression' && user.childForFieldName('function')?.id === read.id) continue;
      const name = user.type === 'call_expression' ? (user.childForFieldName('function')?.text ?? '') : (file.source.slice(user.startIndex, user.startIndex + 40).match(/^\s*(\w+)/)?.[1] ?? 'for_each_cpu');
      if (MAINTENANCE.has(name)) continue;
      const via = read.type === 'identifier' ? ` (through ${read.text})` : '';
      const origin = read.type === 'identifier' ? origins.get(read.text) : undefined;
      findings.push(
        makeFinding(this, fn.name, file.lines, read, `${name}() relies on mm_cpumask()${via} listing every CPU that uses the mm; arm64 does not maintain it and other architectures trim it, so generic code cannot`, [
          ...(origin ? [stepAt(file.lines, origin, 'use', `mm_cpumask() kept in ${read.text}`)] : []),
          stepAt(file.lines, read, 'use', `${name}() relies on it here`),
        ]),
      );
    }
    return findings;
  },
};
