// `lazymm review`'s text: per patch, gcc-style lines (`file:line:col: warning: new: message [LMMxxx]`
// with the path as `note:` lines) that editors' quickfix lists read, each finding marked new,
// fixed (its lines are the file's before the patch) or pre-existing, then the simulator's changed
// verdicts and the per-file messages (hunks that did not apply, files skipped).
import type { Classified } from '../../review/classify';
import { cellList } from '../../review/reply';
import { changes } from '../../review/simDelta';
import type { Counts, FunctionSim, PatchReview, ReviewResult, SimVerdict } from '../../review/types';

function findingLines(file: string, c: Classified): string[] {
  const f = c.finding;
  const at = (p: { line: number; character: number }) => `${file}:${p.line + 1}:${p.character + 1}`;
  const severity = c.state === 'fixed' ? 'note' : f.severity === 'info' ? 'note' : f.severity;
  const where = c.state === 'fixed' ? ' (lines before the patch)' : '';
  return [`${at(f.range.start)}: ${severity}: ${c.state}${where}: ${f.message} [${f.ruleId}]`, ...f.path.map((s) => `${at(s.range.start)}: note: ${s.message}`)];
}

/** Up to three lines per function whose verdicts changed: what became unsafe, what became safe, what changed reason. */
export function simLines(sims: readonly FunctionSim[]): string[] {
  const out: string[] = [];
  for (const s of sims) {
    const { unsafe, safe, other } = changes(s);
    const head = `${s.file}: simulator: ${s.functionName}():`;
    const why = (v: SimVerdict | null) => (v && !v.safe ? `invariant ${v.invariant} ${v.name}` : 'safe');
    if (unsafe.length) {
      const v = unsafe[0]!.after!;
      out.push(`${head} unsafe after the patch under ${cellList(unsafe, s.cells)} (invariant ${v.invariant} ${v.name}: ${v.message})`);
    }
    if (safe.length) out.push(`${head} ${safe.every((c) => c.after === null) ? 'no path left' : 'safe after the patch'} under ${cellList(safe, s.cells)} (was ${why(safe[0]!.before)})`);
    if (other.length) out.push(`${head} still unsafe under ${cellList(other, s.cells)}, now ${why(other[0]!.after)} (was ${why(other[0]!.before)})`);
  }
  return out;
}

function patchHeading(p: PatchReview, n: number, total: number): string {
  const name = p.subject || (total > 1 ? `patch ${n}` : 'the patch');
  return `== ${name}${p.author ? ` (${p.author})` : ''}`;
}

export function formatReviewText(result: ReviewResult): string {
  const out: string[] = [];
  result.patches.forEach((p, i) => {
    out.push(patchHeading(p, i + 1, result.patches.length));
    for (const f of p.files) {
      const file = f.file;
      for (const m of f.messages) out.push(`${file}: note: ${m}`);
      // New first: what the reviewer must answer; then pre-existing, then fixed.
      for (const state of ['new', 'pre-existing', 'fixed'] as const) {
        for (const c of f.findings.filter((x) => x.state === state)) out.push(...findingLines(c.state === 'fixed' ? (f.oldPath ?? file) : file, c));
      }
    }
    out.push(...simLines(p.simulation));
    out.push(`-- ${countText(p.counts)}`);
  });
  if (result.series) {
    out.push(`== the series as a whole (first patch's before against last patch's after)`);
    for (const f of result.series.files) for (const c of f.findings) if (c.state !== 'pre-existing') out.push(findingLines(f.file, c)[0]!);
    out.push(`-- ${countText(result.series.counts)}`);
  }
  return `${out.join('\n')}\n`;
}

export function countText(c: Counts): string {
  return `${c.new} new, ${c.fixed} fixed, ${c.preExisting} pre-existing`;
}

/** The closing line on stderr. */
export function reviewSummary(result: ReviewResult): string {
  const n = result.patches.length;
  return `${countText(result.counts)} in ${n} patch${n === 1 ? '' : 'es'} reviewed (${result.config}${result.basis === 'hunks' ? ', reconstructed from the hunks' : ''})`;
}
