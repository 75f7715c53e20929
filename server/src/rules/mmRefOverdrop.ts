// LMM002 mm-ref-overdrop: a release on a path where this function holds no such reference.
import { describeKind } from '../analysis/apiModel';
import { observed } from './observed';
import { makeFinding, pathFrom, stepAt, type Rule } from './rule';

export const mmRefOverdrop: Rule = {
  id: 'LMM002',
  name: 'mm-ref-overdrop',
  severity: 'error',
  summary: 'A release on a path where this function holds no such reference: a double drop, or a drop of the other count.',
  docFile: 'mm-ref-overdrop.md',
  check(facts) {
    return observed(facts, 'overdrop').map((o) => {
      const call = facts.file.source.slice(o.node.startIndex, o.node.endIndex).replace(/\s+/g, ' ');
      const earlierLine = o.earlier ? o.earlier.range.start.line + 1 : 0;
      const message =
        o.why === 'double'
          ? `${call} drops an ${describeKind(o.kind)} this path already released at line ${earlierLine}: double drop`
          : `${call} releases an ${describeKind(o.kind)}, but this path holds the other count (taken at line ${earlierLine})`;
      return makeFinding(this, facts.fn.name, facts.file.lines, o.node, message, [...pathFrom(o.trail, o.earlier), stepAt(facts.file.lines, o.node, o.kind === 'count' ? 'drop' : 'put', o.why === 'double' ? 'released again here' : 'the wrong count released here')]);
    });
  },
};
