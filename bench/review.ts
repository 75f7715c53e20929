// Section: `lazymm review` (the bundled CLI, as a reviewer runs it) on a 10-patch series against
// the real Linux 6.12 tree. The series is generated here at bench time from the tree's own text:
// small edits inside the lazy-mm paths of kernel/sched/core.c, kernel/exit.c, fs/exec.c,
// kernel/fork.c, mm/mmu_notifier.c and mm/oom_kill.c (comments, one in a function with a known
// finding, one removed barrier, one leaking error path), so every patch applies, is analysed before and after and, where a path
// changes, simulated. Kernel text is never stored: the mbox goes to the ignored .cache/bench/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCommand } from './command';
import { median, round, type Context, type SectionOutput } from './section';

const ROOT = path.resolve(__dirname, '..');
// The command as installed, as a reviewer runs it.
const LAZYMM = path.join(ROOT, 'bin', 'lazymm');
const MBOX = path.join(ROOT, '.cache', 'bench', 'review-series.mbox');
const TIMED_RUNS = 3;
const TIMEOUT_MS = 5 * 60 * 1000;
const CONTEXT = 3;

interface Edit {
  file: string;
  subject: string;
  /** The first line of the file equal to this is where the edit happens. */
  anchor: string;
  /** Lines inserted in front of the anchor; without them, the anchor line is removed. */
  insert?: string[];
}

const EDITS: Edit[] = [
  { file: 'kernel/sched/core.c', subject: 'sched: note the lazy grab in context_switch()', anchor: '\t\t\tmmgrab_lazy_tlb(prev->active_mm);', insert: ['\t\t\t/* bench: the lazy reference is dropped in finish_task_switch() */'] },
  { file: 'kernel/exit.c', subject: 'exit: note the final mmput in exit_mm()', anchor: '\tmmput(mm);', insert: ['\t/* bench: drops the mm_users reference of current->mm */'] },
  { file: 'fs/exec.c', subject: 'exec: note the lazy drop in exec_mmap()', anchor: '\tmmdrop_lazy_tlb(active_mm);', insert: ['\t/* bench: pairs with the lazy grab of the old active_mm */'] },
  { file: 'kernel/fork.c', subject: 'fork: note the final mmdrop in __mmput()', anchor: '\tmmdrop(mm);', insert: ['\t/* bench: the mm_count reference all mm_users held */'] },
  { file: 'mm/mmu_notifier.c', subject: 'mm/mmu_notifier: refuse a subscription in use', anchor: '\t\tsubscription->mm = mm;', insert: ['\t\tif (WARN_ON_ONCE(subscription->users))', '\t\t\treturn -EBUSY;'] },
  { file: 'kernel/sched/core.c', subject: 'sched: note the lazy drop in finish_task_switch()', anchor: '\t\tmmdrop_lazy_tlb_sched(mm);', insert: ['\t\t/* bench: the reference context_switch() left in rq->prev_mm */'] },
  { file: 'mm/oom_kill.c', subject: 'mm/oom_kill: note the grab in process_mrelease()', anchor: '\tif (task_will_free_mem(p))', insert: ['\t/* bench: only mm_count is held here, as the OOM reaper wants */'] },
  { file: 'mm/mmu_notifier.c', subject: 'mm/mmu_notifier: note the drop in mmu_notifier_free_rcu()', anchor: '\tmmdrop(mm);', insert: ['\t/* bench: pairs with the grab in __mmu_notifier_register() */'] },
  { file: 'fs/exec.c', subject: 'exec: note the old mm put in exec_mmap()', anchor: '\t\tmmput(old_mm);', insert: ['\t\t/* bench: the mm_users reference of the old mm */'] },
  { file: 'kernel/exit.c', subject: 'exit: drop the barrier before clearing current->mm', anchor: '\tsmp_mb__after_spinlock();' },
];

/** git's default hunk heading: the last line before the hunk that starts with a letter, `_` or `$`. */
function heading(lines: string[], before: number): string {
  for (let k = before - 1; k >= 0; k--) if (/^[A-Za-z_$]/.test(lines[k]!)) return ` ${lines[k]!.slice(0, 80)}`;
  return '';
}

/** One edit as a unified diff with three lines of context, and the file's text after it. */
function diffOf(edit: Edit, text: string): { diff: string; after: string } | undefined {
  const lines = text.split('\n');
  const at = lines.indexOf(edit.anchor);
  if (at < 0) return undefined;
  const from = Math.max(0, at - CONTEXT);
  const removed = edit.insert ? 0 : 1;
  const to = Math.min(lines.length, at + removed + CONTEXT);
  const body = [...lines.slice(from, at).map((l) => ` ${l}`), ...(edit.insert ?? []).map((l) => `+${l}`), ...(removed ? [`-${edit.anchor}`] : []), ...lines.slice(at + removed, to).map((l) => ` ${l}`)];
  const oldLen = to - from;
  const newLen = oldLen - removed + (edit.insert?.length ?? 0);
  const diff = [`diff --git a/${edit.file} b/${edit.file}`, `--- a/${edit.file}`, `+++ b/${edit.file}`, `@@ -${from + 1},${oldLen} +${from + 1},${newLen} @@${heading(lines, from)}`, ...body].join('\n');
  const after = [...lines.slice(0, at), ...(edit.insert ?? []), ...lines.slice(at + removed)].join('\n');
  return { diff, after };
}

/** The series as an mbox, each patch made against the tree as the patches before it left it. */
function buildSeries(tree: string): { mbox: string; files: number } | { reason: string } {
  const overlay = new Map<string, string>();
  const messages: string[] = [];
  for (const [k, edit] of EDITS.entries()) {
    const text = overlay.get(edit.file) ?? fs.readFileSync(path.join(tree, edit.file), 'utf8');
    const d = diffOf(edit, text);
    if (!d) return { reason: `${edit.file} has no line '${edit.anchor.trim()}' (another kernel version?)` };
    overlay.set(edit.file, d.after);
    messages.push(
      [
        `From ${String(k + 1).padStart(40, '0')} Mon Sep 17 00:00:00 2001`,
        'From: Bench Author <bench@example.org>',
        `Date: Mon, 3 Jun 2024 10:${String(k).padStart(2, '0')}:00 +0000`,
        `Subject: [PATCH ${k + 1}/${EDITS.length}] ${edit.subject}`,
        `Message-ID: <bench-${k + 1}@example.org>`,
        '',
        '---',
        d.diff,
        '-- ',
        'bench',
        '',
      ].join('\n'),
    );
  }
  return { mbox: messages.join('\n'), files: overlay.size };
}

export async function reviewSection(ctx: Context): Promise<SectionOutput> {
  const k = ctx.kernel;
  const label = 'review (10-patch series, Linux 6.12)';
  if (!k.ok) return { rows: [[label, `skipped: ${k.reason}`]], result: { skipped: k.reason } };
  const series = buildSeries(k.tree);
  if ('reason' in series) return { rows: [[label, `skipped: ${series.reason}`]], result: { skipped: series.reason } };
  fs.mkdirSync(path.dirname(MBOX), { recursive: true });
  fs.writeFileSync(MBOX, series.mbox);
  const args = ['review', '--format', 'json', '--tree', k.tree, MBOX];
  const runs = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const r = await runCommand(LAZYMM, args, { cwd: ROOT, timeoutMs: TIMEOUT_MS });
    if (r.timedOut || (r.code !== 0 && r.code !== 1)) throw new Error(`lazymm review failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    runs.push(r);
  }
  const doc = JSON.parse(runs[0]!.stdout) as { counts: { new: number; fixed: number; preExisting: number }; patches: Array<{ files: Array<{ status: string }>; simulation: Array<{ status: string }> }> };
  const unreviewed = doc.patches.flatMap((p) => p.files).filter((f) => f.status !== 'reviewed').length;
  if (unreviewed > 0) throw new Error(`${unreviewed} file(s) of the generated series were not reviewed: the generator is out of step with the tree`);
  const wallMs = median(runs.map((r) => r.wallMs));
  const simulated = doc.patches.reduce((n, p) => n + p.simulation.filter((s) => s.status === 'compared').length, 0);
  const result = { patches: EDITS.length, files: series.files, wallMs: round(wallMs, 0), msPerPatch: round(wallMs / EDITS.length, 0), counts: doc.counts, functionsSimulated: simulated, runs: TIMED_RUNS };
  const rows = [
    [label, `${series.files} files, bundled CLI with the simulator delta: ${(wallMs / 1000).toFixed(2)} s (${(wallMs / EDITS.length).toFixed(0)} ms per patch)`, `${doc.counts.new} new, ${doc.counts.fixed} fixed, ${doc.counts.preExisting} pre-existing; ${simulated} paths re-simulated`],
  ];
  return { rows, result };
}
