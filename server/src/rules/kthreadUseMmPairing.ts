// LMM008 kthread-use-mm-pairing: kthread_use_mm without kthread_unuse_mm on some path, or of an mm
// whose address space nobody keeps alive with mm_users.
import type { Finding } from './finding';
import { leaks } from './leaks';
import { observed } from './observed';
import { makeFinding, pathFrom, stepAt, type FileFacts, type Rule } from './rule';

export const kthreadUseMmPairing: Rule = {
  id: 'LMM008',
  name: 'kthread-use-mm-pairing',
  severity: 'warning',
  summary: 'kthread_use_mm without kthread_unuse_mm on some path, or kthread_use_mm of an mm without an mm_users reference held.',
  docFile: 'kthread-use-mm-pairing.md',
  fileInputs(file) {
    const { count, users } = fieldRefKinds(file);
    return { count: [...count].sort(), users: [...users].sort() };
  },
  check(facts) {
    const { fn, file } = facts;
    const findings: Finding[] = leaks(facts, ['kthread_mm']).map(({ exit, held }) =>
      makeFinding(this, fn.name, file.lines, exit.node, `${held.acquired.message.replace(/^.* taken by /, '')} at line ${held.acquired.range.start.line + 1} is not undone on this path: the kthread returns still using the mm; call kthread_unuse_mm() first`, pathFrom(exit.trail, held.acquired)),
    );
    const fields = fieldRefKinds(file);
    for (const o of observed(facts, 'use-mm-without-users')) {
      // Only where the file shows the mm is held with mm_count alone: grabbed on this path, or kept
      // in a field that is filled by mmgrab() and never by get_task_mm()/mmget().
      const field = facts.pre.fieldOrigins.get(o.name) ?? /(?:->|\.)(\w+)$/.exec(o.name)?.[1];
      const countOnly = o.grabbedHere || (!!field && fields.count.has(field) && !fields.users.has(field));
      if (!countOnly) continue;
      findings.push(
        makeFinding(this, fn.name, file.lines, o.node, `kthread_use_mm(${o.name}) with only mm_count held: the address space can be torn down while the kthread uses it; take mm_users with mmget_not_zero() first and mmput() after kthread_unuse_mm()`, [
          ...o.trail.filter((s) => s.kind === 'grab' || s.kind === 'branch').slice(-4),
          stepAt(file.lines, o.node, 'use', 'kthread_use_mm() without mm_users'),
        ]),
      );
    }
    return findings;
  },
};

/**
 * The last text's answer: it depends on the text alone, and the editor's cache (fileInputs) and
 * the rules ask it of two FileFacts objects with the same text in one analysis.
 */
let last: { text: string; kinds: { count: Set<string>; users: Set<string> } } | undefined;

/** Which fields of the file's objects are filled with an mm_count or an mm_users reference (once per text). */
function fieldRefKinds(file: FileFacts): { count: Set<string>; users: Set<string> } {
  const text = file.source;
  if (last?.text === text) return last.kinds;
  const count = new Set<string>();
  const users = new Set<string>();
  const grabbed = new Set<string>();
  for (const m of text.matchAll(/\bmmgrab\s*\(\s*([^;()]+?)\s*\)/g)) {
    const arg = m[1]!.replace(/\s+/g, '');
    grabbed.add(arg);
    const f = /(?:->|\.)(\w+)$/.exec(arg)?.[1];
    if (f) count.add(f);
  }
  // Each pattern only where it can match: these run over the whole text on every keystroke.
  if (grabbed.size > 0) for (const m of text.matchAll(/(?:->|\.)(\w+)\s*=\s*([\w>.-]+)\s*;/g)) if (grabbed.has(m[2]!)) count.add(m[1]!);
  if (/get_task_mm|mm_access|mm_alloc/.test(text)) for (const m of text.matchAll(/(?:->|\.)(\w+)\s*=\s*(?:get_task_mm|mm_access|mm_alloc)\s*\(/g)) users.add(m[1]!);
  if (text.includes('mmget')) for (const m of text.matchAll(/\bmmget(?:_not_zero)?\s*\(\s*[^;()]*?(?:->|\.)(\w+)\s*\)/g)) users.add(m[1]!);
  const kinds = { count, users };
  last = { text, kinds };
  return kinds;
}
