// LMM001 mm-ref-leak: a reference neither released nor handed over on some path to a return.
import { releaseFor } from '../analysis/apiModel';
import { leakFix } from './leakFix';
import { leaks } from './leaks';
import { makeFinding, pathFrom, type FileFacts, type Rule } from './rule';

const seqCache = new WeakMap<FileFacts, Map<string, Set<string>>>();

/**
 * seq_file iterators take a reference in .start and give it back in .stop (fs/proc's m_start and
 * m_stop): a .start that returns holding what its .stop releases hands it over. Maps each such
 * .start function to the kinds its .stop releases.
 */
function seqStartHandOvers(file: FileFacts): Map<string, Set<string>> {
  let out = seqCache.get(file);
  if (out) return out;
  out = new Map();
  // The block pattern backtracks over every brace of the file; without a .stop it cannot match.
  const blocks = /\.stop\s*=/.test(file.source) ? file.source.matchAll(/\{[^{}]*\.start\s*=\s*&?(\w+)[^{}]*\}/g) : [];
  for (const block of blocks) {
    const stop = /\.stop\s*=\s*&?(\w+)/.exec(block[0])?.[1];
    const stopFn = file.functions.find((f) => f.fn.name === stop);
    if (!stopFn) continue;
    out.set(block[1]!, new Set(stopFn.pre.releasedNames.keys()));
  }
  seqCache.set(file, out);
  return out;
}

export const mmRefLeak: Rule = {
  id: 'LMM001',
  name: 'mm-ref-leak',
  severity: 'warning',
  summary: 'An mm reference (mmgrab*, mmget, mmget_not_zero, get_task_mm, mm_access) is neither released nor handed over on some path to a return.',
  docFile: 'mm-ref-leak.md',
  fileInputs(file) {
    return [...seqStartHandOvers(file)].map(([start, kinds]) => [start, [...kinds].sort()]).sort();
  },
  check(facts) {
    // kthread_use_mm() never undone makes the mm the kthread's own: exit_mm() puts the reference.
    const adopted = (exit: { held: Array<{ kind: string; names: string[] }> }, names: string[]) => exit.held.some((h) => h.kind === 'kthread_mm' && h.names.some((n) => names.includes(n)));
    return leaks(facts, ['count', 'users'])
      .filter(({ exit, held }) => !(held.kind === 'users' && adopted(exit, held.names)))
      .filter(({ held }) => !seqStartHandOvers(facts.file).get(facts.fn.name)?.has(held.kind))
      .map(({ exit, held }) => {
      const what = held.kind === 'count' ? 'mm_count' : 'mm_users';
      const taken = held.acquired.message.replace(/^.* taken by /, '');
      const line = held.acquired.range.start.line + 1;
      const path = pathFrom(exit.trail, held.acquired);
      const fix = leakFix(facts, { exit, held });
      return {
        ...makeFinding(
          this,
          facts.fn.name,
          facts.file.lines,
          exit.node,
          `${what} reference taken by ${taken} at line ${line} is leaked: this path reaches the return without ${releaseFor(held.kind)}() or a hand-over`,
          path,
        ),
        ...(fix ? { fixes: [fix] } : {}),
      };
      });
  },
};
