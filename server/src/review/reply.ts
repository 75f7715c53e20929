// A draft review reply in the kernel's mail conventions: an attribution line (`On <date>, <author>
// wrote:`), only the patch lines that matter quoted with `> ` (the file's diff line, the hunk
// header, a few lines of context, `[...]` where lines were trimmed), each comment under the line
// it concerns, plain text wrapped at 72 columns. One message per patch that introduces a hazard or
// makes a path unsafe in the simulator; patches with nothing to say get no reply. No Node imports.
import { wrap } from '../paths/reviewComment';
import type { Finding } from '../rules/finding';
import type { MappedLine } from './apply';
import { changes } from './simDelta';
import type { FileReview, FunctionSim, PatchReview, ReviewResult, SimCell } from './types';

/** Lines of context quoted above the first line a comment is about. */
const CONTEXT = 2;

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** The comment under a new finding: what is wrong, the path with the new text's line numbers, the fix. */
function findingComment(f: Finding, file: string): string {
  // A sentence starts with a capital, unless it starts with an identifier (mm_count, mmgrab()).
  const message = /^[a-z]+ /.test(f.message) ? f.message.charAt(0).toUpperCase() + f.message.slice(1) : f.message;
  const parts = [wrap(sentence(message)), f.path.map((s) => wrap(sentence(`Line ${s.range.start.line + 1}: ${s.message}`))).join('\n')];
  const fix = f.fixes?.find((x) => x.preferred);
  if (fix) parts.push(wrap(sentence(`Suggested fix: ${fix.title.charAt(0).toLowerCase()}${fix.title.slice(1)}`)));
  parts.push(wrap(`(lazymm ${f.ruleId} ${f.ruleName} in ${f.functionName}(), ${file}:${f.range.start.line + 1}${f.config ? `, ${f.config}` : ''})`));
  return parts.filter((p) => p !== '').join('\n\n');
}

/** "every policy on every architecture", "refcount and hazard on every architecture, exit-flush on arm64" */
export function cellList(cells: readonly SimCell[], all: readonly SimCell[]): string {
  const archs = [...new Set(all.map((c) => c.arch))];
  if (cells.length === all.length) return 'every policy on every architecture';
  // Policies with the same architectures are named together, in the simulator's order.
  const groups = new Map<string, string[]>();
  for (const p of new Set(all.map((c) => c.policy))) {
    const on = cells.filter((c) => c.policy === p).map((c) => c.arch);
    if (on.length === 0) continue;
    const where = on.length === archs.length ? 'every architecture' : andList(on);
    groups.set(where, [...(groups.get(where) ?? []), p]);
  }
  return [...groups].map(([where, policies]) => `${andList(policies)} on ${where}`).join(', ');
}

function andList(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** What the simulator says the patch breaks in one function; empty when it breaks nothing. */
export function simComment(s: FunctionSim): string {
  const { unsafe } = changes(s);
  if (unsafe.length === 0) return '';
  const v = unsafe[0]!.after!;
  return wrap(sentence(`In the lazy-TLB simulator this patch makes the path through ${s.functionName}() unsafe under ${cellList(unsafe, s.cells)} (invariant ${v.invariant}, ${v.name}: ${v.message ?? ''})`));
}

interface Comment {
  /** Index in the hunk view of the line the comment goes under. */
  at: number;
  /** First line of the view to quote for it. */
  from: number;
  text: string;
}

/** Where in the patch a new finding is best discussed: its own line, else the last path step the patch shows. */
function placeFinding(f: Finding, lines: readonly MappedLine[]): { at: number; from: number } | undefined {
  const wanted = new Set([f.range.start.line, ...f.path.map((s) => s.range.start.line)]);
  const hits = lines.map((l, k) => (l.post !== undefined && wanted.has(l.post) ? k : -1)).filter((k) => k >= 0);
  if (hits.length === 0) return undefined;
  const own = lines.findIndex((l) => l.post === f.range.start.line);
  let at = own >= 0 ? own : hits[hits.length - 1]!;
  // On an unchanged line (a closing brace, a return the patch left alone), the comment belongs under
  // the patch's own change above it: the removed barrier, the added goto.
  if (lines[at]!.kind === ' ') {
    for (let k = at - 1; k >= Math.min(hits[0]!, at); k--) {
      if (lines[k]!.kind !== ' ') {
        at = k;
        break;
      }
    }
  }
  const firstAdded = lines.findIndex((l, k) => k <= at && l.kind === '+' && hits.includes(k));
  const from = Math.max(0, Math.min(hits[0]!, firstAdded >= 0 ? firstAdded : at) - CONTEXT);
  return { at, from };
}

function quote(l: MappedLine | string): string {
  const text = typeof l === 'string' ? l : `${l.kind}${l.text}`;
  const t = text.trimEnd();
  return t ? `> ${t}` : '>';
}

/** The quoted hunks of one file with the comments interleaved; the comments that found no place come back. */
function fileSection(file: FileReview, findings: readonly Finding[], extra: readonly string[]): { text: string; unplaced: string[] } {
  const views = file.images?.views ?? [];
  const byView = new Map<number, Comment[]>();
  const unplaced: string[] = [];
  for (const f of findings) {
    const text = findingComment(f, file.file);
    let placed = false;
    for (let v = 0; v < views.length && !placed; v++) {
      const where = placeFinding(f, views[v]!.lines);
      if (where) {
        byView.set(v, [...(byView.get(v) ?? []), { ...where, text }]);
        placed = true;
      }
    }
    if (!placed) {
      // Nothing of its path is in the patch: under the added line nearest to it, else at the end.
      let best: { v: number; k: number; d: number } | undefined;
      views.forEach((view, v) =>
        view.lines.forEach((l, k) => {
          if (l.kind !== '+' || l.post === undefined) return;
          const d = Math.abs(l.post - f.range.start.line);
          if (!best || d < best.d) best = { v, k, d };
        }),
      );
      if (best) byView.set(best.v, [...(byView.get(best.v) ?? []), { at: best.k, from: Math.max(0, best.k - CONTEXT), text }]);
      else unplaced.push(text);
    }
  }
  const out: string[] = [];
  [...byView.keys()].sort((a, b) => a - b).forEach((v) => {
    const view = views[v]!;
    const comments = byView.get(v)!.sort((a, b) => a.at - b.at);
    if (out.length === 0) out.push(quote(file.diffHeader));
    out.push(quote(view.header));
    let next = 0; // first view line not yet quoted
    for (const c of comments) {
      const from = Math.max(next, c.from);
      if (from > next) out.push('> [...]');
      for (let k = from; k <= c.at; k++) out.push(quote(view.lines[k]!));
      out.push('', c.text, '');
      next = Math.max(next, c.at + 1);
    }
  });
  // Simulator remarks go after the file's quotes.
  for (const e of extra) out.push('', e);
  return { text: out.join('\n').replace(/\n{3,}/g, '\n\n').trim(), unplaced };
}

/** The reply to one patch, or undefined when lazymm has nothing to say about it. */
export function patchReply(p: PatchReview): string | undefined {
  const sections: string[] = [];
  const loose: string[] = [];
  for (const file of p.files) {
    const findings = file.findings.filter((c) => c.state === 'new').map((c) => c.finding);
    const sims = p.simulation.filter((s) => s.file === file.file).map(simComment).filter((t) => t !== '');
    if (findings.length === 0 && sims.length === 0) continue;
    const { text, unplaced } = fileSection(file, findings, findings.length ? sims : []);
    // Without a finding to quote, the simulator's remark needs no quote either.
    if (findings.length) sections.push(text);
    else loose.push(...sims);
    loose.push(...unplaced);
  }
  if (sections.length === 0 && loose.length === 0) return undefined;
  const who = p.author ?? 'the author';
  const head: string[] = [];
  if (p.subject) head.push(`Subject: Re: ${p.subject.replace(/^Re:\s*/i, '')}`);
  if (p.messageId) head.push(`In-Reply-To: ${p.messageId}`, `References: ${p.messageId}`);
  const attribution = wrap(p.date ? `On ${p.date}, ${who} wrote:` : `${who.charAt(0).toUpperCase()}${who.slice(1)} wrote:`);
  const body = [attribution, ...sections, ...loose].join('\n\n');
  return `${head.length ? `${head.join('\n')}\n\n` : ''}${body}\n`;
}

/** An mbox separator: the replies file is an mbox of drafts, one message per patch (`mutt -f` opens it). */
const FROM_LINE = 'From lazymm Thu Jan  1 00:00:00 1970';

/** Every patch's reply as one mbox, or '' when no patch needs one. */
export function reviewReplies(result: ReviewResult): string {
  return result.patches
    .map((p) => patchReply(p))
    .filter((r): r is string => r !== undefined)
    .map((r) => `${FROM_LINE}\n${r.replace(/^(>*From )/gm, '>$1')}`)
    .join('\n');
}
