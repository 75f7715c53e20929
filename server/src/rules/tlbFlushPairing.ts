// LMM012 tlb-flush-pairing: tlb_gather_mmu without tlb_finish_mmu, inc_tlb_flush_pending without
// dec_tlb_flush_pending, on some path.
import { releaseFor } from '../analysis/apiModel';
import { leaks } from './leaks';
import { makeFinding, pathFrom, type Rule } from './rule';

export const tlbFlushPairing: Rule = {
  id: 'LMM012',
  name: 'tlb-flush-pairing',
  severity: 'warning',
  summary: 'tlb_gather_mmu without tlb_finish_mmu, or inc_tlb_flush_pending without dec_tlb_flush_pending, on some path.',
  docFile: 'tlb-flush-pairing.md',
  check(facts) {
    return leaks(facts, ['tlb_gather', 'flush_pending']).map(({ exit, held }) =>
      makeFinding(this, facts.fn.name, facts.file.lines, exit.node, `${held.acquired.message.replace(/^.* taken by /, '')} at line ${held.acquired.range.start.line + 1} is not ended on this path: the TLB flush it defers never happens; call ${releaseFor(held.kind)}() before returning`, pathFrom(exit.trail, held.acquired)),
    );
  },
};
