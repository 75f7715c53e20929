// LMM003 mm-use-after-drop: the mm dereferenced or passed on after this path released its reference.
import { observed } from './observed';
import { makeFinding, pathFrom, stepAt, type Rule } from './rule';

export const mmUseAfterDrop: Rule = {
  id: 'LMM003',
  name: 'mm-use-after-drop',
  severity: 'error',
  summary: 'The mm is dereferenced or passed on after this path released its last reference.',
  docFile: 'mm-use-after-drop.md',
  check(facts) {
    return observed(facts, 'use-after-drop').map((o) =>
      makeFinding(
        this,
        facts.fn.name,
        facts.file.lines,
        o.node,
        `${o.name} is used after this path dropped its reference at line ${o.released.range.start.line + 1}: the mm may already be freed`,
        [...pathFrom(o.trail, o.released), stepAt(facts.file.lines, o.node, 'use', `${o.name} used here`)],
      ),
    );
  },
};
