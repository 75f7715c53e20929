// LMM004 mm-count-not-users: VMAs, page tables or user memory touched while holding only mm_count.
import { observed } from './observed';
import { makeFinding, pathFrom, stepAt, type Rule } from './rule';

export const mmCountNotUsers: Rule = {
  id: 'LMM004',
  name: 'mm-count-not-users',
  severity: 'error',
  summary: 'VMAs, page tables or user memory touched while the path holds only mm_count (mmgrab) and no successful mmget_not_zero.',
  docFile: 'mm-count-not-users.md',
  check(facts) {
    return observed(facts, 'vm-without-users').map((o) => {
      const callee = o.node.childForFieldName('function')?.text ?? 'the call';
      return makeFinding(
        this,
        facts.fn.name,
        facts.file.lines,
        o.node,
        `${callee}() walks the address space of ${o.name}, but this path holds only mm_count (line ${o.grab.range.start.line + 1}): the VMAs and page tables may already be torn down; take mm_users with mmget_not_zero() first`,
        [...pathFrom(o.trail, o.grab), stepAt(facts.file.lines, o.node, 'use', `${callee}() needs mm_users`)],
      );
    });
  },
};
