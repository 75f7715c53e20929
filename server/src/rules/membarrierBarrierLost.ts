// LMM010 membarrier-barrier-lost: current->mm / active_mm changed without a full barrier after it.
import { dedupe, makeFinding, pathFrom, type FunctionFacts, type Rule } from './rule';

/**
 * `__init` code runs before user space exists (built-in code: boot, initcalls) or as a module's
 * init in the thread that loads it: no CPU runs user code of an mm it changes, so membarrier has
 * nothing to miss (m68k's paging_init clears current->mm). The attribute is in the declaration
 * before the body, on the line where the definition starts or after it (the clean-up blanked it).
 */
function isInitCode(facts: FunctionFacts): boolean {
  const start = facts.fn.node.startIndex;
  const lineStart = facts.file.source.lastIndexOf('\n', start - 1) + 1;
  return /\b__init\b/.test(facts.file.source.slice(lineStart, facts.fn.body.startIndex));
}

export const membarrierBarrierLost: Rule = {
  id: 'LMM010',
  name: 'membarrier-barrier-lost',
  severity: 'warning',
  summary: 'A path changes current->mm or active_mm without the full barrier membarrier needs (smp_mb, membarrier_update_current_mm, smp_mb__after_mmgrab, or a mmdrop* that provides it).',
  docFile: 'membarrier-barrier-lost.md',
  check(facts) {
    if (isInitCode(facts)) return [];
    const hits = dedupe(
      facts.flow.exits.filter((e) => e.mmChange),
      (e) => `${e.mmChange!.range.start.line}:${e.mmChange!.range.start.character}`,
    );
    return hits.map((e) =>
      makeFinding(
        this,
        facts.fn.name,
        facts.file.lines,
        e.node,
        `this path returns after '${e.mmChange!.message.replace(/ changes here$/, '')}' changed at line ${e.mmChange!.range.start.line + 1} with no full memory barrier after it: membarrier() may miss this CPU; add membarrier_update_current_mm() or smp_mb()`,
        pathFrom(e.trail, e.mmChange),
      ),
    );
  },
};
