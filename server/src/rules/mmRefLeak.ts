// LMM001 mm-ref-leak: a reference neither released nor handed over on some path to a return.
import { releaseFor } from '../analysis/apiModel';
import type { Finding } from './finding';
import type { Rule } from './rule';

export const mmRefLeak: Rule = {
  id: 'LMM001',
  name: 'mm-ref-leak',
  severity: 'warning',
  summary: 'An mm reference (mmgrab*, mmget, mmget_not_zero, get_task_mm, mm_access) is neither released nor handed over on some path to a return.',
  docFile: 'mm-ref-leak.md',
  check({ fn, flow }) {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const exit of flow.exits) {
      for (const ref of exit.held) {
        // One finding per (reference, leaking return): the return is where the fix goes.
        const key = `${ref.site}@${exit.node.startIndex}`;
        if (reported.has(key)) continue;
        reported.add(key);
        // The trail may begin with other references' steps; this path starts at the acquisition.
        const path = exit.trail.slice(Math.max(0, exit.trail.indexOf(ref.acquired)));
        const exitStep = path[path.length - 1]!;
        const what = ref.kind === 'count' ? 'mm_count' : 'mm_users';
        const line = ref.acquired.range.start.line + 1;
        const taken = ref.acquired.message.replace(/^.* taken by /, '');
        findings.push({
          ruleId: this.id,
          ruleName: this.name,
          severity: this.severity,
          message: `${what} reference taken by ${taken} at line ${line} is leaked: this path reaches the return without ${releaseFor(ref.kind)}() or a hand-over`,
          range: exitStep.range,
          functionName: fn.name,
          path,
        });
      }
    }
    return findings;
  },
};
