// The review engine on patches that mirror real bug classes: each finding classified new, fixed or
// pre-existing, the simulator's verdicts before and after, and the draft reply. Line numbers were
// counted by hand in fixtures.ts (ACCEL_C: mmgrab at 15, err_drop's return at 26, peek_ctx's
// leaking `return -EAGAIN;` at 41; LEAK_PATCH adds 4 lines after line 20 and 3 after line 23).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { CParser } from '../../../server/src/parse/parser';
import { reviewData } from '../../../server/src/review/data';
import { parsePatchInput } from '../../../server/src/review/mbox';
import { patchReply, reviewReplies } from '../../../server/src/review/reply';
import { HUNKS_ONLY_NOTE, reviewSeries, type ReviewOptions } from '../../../server/src/review/review';
import type { ReviewResult } from '../../../server/src/review/types';
import { ACCEL_C, ADOPT_BARRIER_PATCH, ADOPT_C, BARRIER_PATCH, FIX_PATCH, LEAK_PATCH, LEAKY_ACCEL_C, memoryTree, PEEK_FIX_PATCH, RETVAL_PATCH, SERIES_MBOX, SHIFT_PATCH, SWITCH_C } from './fixtures';

let parser: CParser;
before(async () => {
  parser = await CParser.load();
});

function review(patch: string, files?: Record<string, string>, options: Partial<ReviewOptions> = {}): ReviewResult {
  return reviewSeries(parsePatchInput(patch).patches, { parser, ...(files ? { readFile: memoryTree(files) } : {}), simulator: false, ...options });
}

/** [state, rule, function, 1-based line] of every finding of a patch. */
function summary(r: ReviewResult, patch = 0): Array<[string, string, string, number]> {
  return r.patches[patch]!.files.flatMap((f) => f.findings.map((c) => [c.state, c.finding.ruleId, c.finding.functionName, c.finding.range.start.line + 1] as [string, string, string, number]));
}

describe('review: bug classes', () => {
  test('an added error path that leaks the mmgrab: one new LMM001 at the new `return ret;` (line 30)', () => {
    const r = review(LEAK_PATCH, { 'drivers/misc/accel.c': ACCEL_C });
    assert.deepEqual(summary(r), [['new', 'LMM001', 'bind_ctx', 30]]);
    // peek_ctx() leaks too, but the patch does not touch it: not part of this review.
    assert.deepEqual(r.patches[0]!.files[0]!.functions, ['bind_ctx']);
    assert.deepEqual(r.counts, { new: 1, fixed: 0, preExisting: 0 });
    assert.equal(r.patches[0]!.files[0]!.basis, 'tree');
  });

  test('a change that drops the barrier from a switch path: a new LMM010 at the closing brace (line 12)', () => {
    const r = review(BARRIER_PATCH, { 'kernel/sched/lazy.c': SWITCH_C });
    assert.deepEqual(summary(r), [['new', 'LMM010', 'switch_to_kernel_mm', 12]]);
  });

  test('a fix that adds the missing mmdrop: the leak at line 30 of the old text is fixed', () => {
    const r = review(FIX_PATCH, { 'drivers/misc/accel.c': LEAKY_ACCEL_C });
    assert.deepEqual(summary(r), [['fixed', 'LMM001', 'bind_ctx', 30]]);
    assert.equal(r.patches[0]!.files[0]!.findings[0]!.image, 'before');
  });

  test('a series of three: the second introduces the leak, the third fixes it, the series as a whole is clean', () => {
    const r = review(SERIES_MBOX, { 'drivers/misc/accel.c': ACCEL_C });
    assert.deepEqual(r.patches.map((p) => p.index), [1, 2, 3]);
    assert.deepEqual(summary(r, 0), []);
    // Patch 1 added 4 comment lines above bind_ctx(): the leak of LEAK_PATCH's line 30 is at 34.
    assert.deepEqual(summary(r, 1), [['new', 'LMM001', 'bind_ctx', 34]]);
    assert.deepEqual(summary(r, 2), [['fixed', 'LMM001', 'bind_ctx', 34]]);
    assert.deepEqual(r.patches[2]!.files[0]!.basis, 'series');
    assert.deepEqual(r.series?.counts, { new: 0, fixed: 0, preExisting: 0 });
    assert.deepEqual(r.counts, { new: 1, fixed: 1, preExisting: 0 });
  });
});

describe('review: a finding keeps its identity while lines shift', () => {
  test('lines inserted above a leaking function it touches: pre-existing, now at line 46 (41 + 4 + 1)', () => {
    const r = review(SHIFT_PATCH, { 'drivers/misc/accel.c': ACCEL_C });
    assert.deepEqual(summary(r), [['pre-existing', 'LMM001', 'peek_ctx', 46]]);
    assert.equal(r.patches[0]!.files[0]!.findings[0]!.before!.range.start.line + 1, 41);
  });

  test('the patch rewrites the very line the leak points at: still one pre-existing leak', () => {
    const r = review(RETVAL_PATCH, { 'drivers/misc/accel.c': ACCEL_C });
    assert.deepEqual(summary(r), [['pre-existing', 'LMM001', 'peek_ctx', 41]]);
  });
});

describe('review: without a tree, and with problems', () => {
  test('reconstructed from the hunks: the note says so, and a hunk showing the mmgrab is enough to see the fix', () => {
    const r = review(PEEK_FIX_PATCH);
    assert.equal(r.basis, 'hunks');
    assert.deepEqual(r.notes, [HUNKS_ONLY_NOTE]);
    assert.equal(r.patches[0]!.files[0]!.basis, 'hunks');
    assert.deepEqual(summary(r), [['fixed', 'LMM001', 'peek_ctx', 41]]);
  });

  test('a file missing from the tree is reconstructed, with a message on that file', () => {
    const r = review(LEAK_PATCH, {});
    assert.deepEqual(r.patches[0]!.files[0]!.messages, ['not in the tree: reconstructed from the hunks (partial functions)']);
    assert.equal(r.patches[0]!.files[0]!.basis, 'hunks');
  });

  test('a hunk that does not apply, a malformed file, a binary and a rename: a message each, the rest reviewed', () => {
    const bad = '@@ -2,1 +2,1 @@\n-no such line\n+x\n';
    const diff = [
      LEAK_PATCH.replace(/-- \n2\.43\.0\n\n$/, ''),
      'diff --git a/drivers/misc/broken.c b/drivers/misc/broken.c\n--- a/drivers/misc/broken.c\n+++ b/drivers/misc/broken.c\n@@ -1,3 +1,3 @@\n a\n',
      'diff --git a/fw/blob.bin b/fw/blob.bin\nBinary files a/fw/blob.bin and b/fw/blob.bin differ\n',
      `diff --git a/kernel/sched/lazy.c b/kernel/sched/lazy_switch.c\nsimilarity index 95%\nrename from kernel/sched/lazy.c\nrename to kernel/sched/lazy_switch.c\n--- a/kernel/sched/lazy.c\n+++ b/kernel/sched/lazy_switch.c\n${bad}`,
    ].join('');
    const r = review(diff, { 'drivers/misc/accel.c': ACCEL_C, 'kernel/sched/lazy.c': SWITCH_C });
    const files = r.patches[0]!.files;
    assert.deepEqual(
      files.map((f) => [f.file, f.status, f.messages]),
      [
        ['drivers/misc/accel.c', 'reviewed', []],
        ['drivers/misc/broken.c', 'error', ['malformed diff: hunk 1 (@@ -1,3 +1,3 @@) is cut short: 2 old and 2 new lines missing; this file is not reviewed']],
        ['fw/blob.bin', 'skipped', ['binary diff: not reviewed']],
        ['kernel/sched/lazy_switch.c', 'skipped', ['renamed from kernel/sched/lazy.c', "hunk 1 (@@ -2,1 +2,1 @@) does not apply: its context and removed lines match nowhere in the file", 'no hunk applies: not reviewed']],
      ],
    );
    assert.deepEqual(summary(r), [['new', 'LMM001', 'bind_ctx', 30]]);
  });
});

describe('review: simulator delta', () => {
  test('the leak makes bind_ctx()\'s path unsafe under every policy on every architecture (count not conserved)', () => {
    const r = review(LEAK_PATCH, { 'drivers/misc/accel.c': ACCEL_C }, { simulator: { cpus: 2 } });
    const [sim, ...rest] = r.patches[0]!.simulation;
    assert.equal(rest.length, 0);
    assert.equal(sim!.functionName, 'bind_ctx');
    assert.equal(sim!.status, 'compared');
    // 4 policies x 4 architectures; before, the path grabs and drops (safe except exit-flush on arm64
    // and powerpc-radix, which the exit scenario breaks by itself); after, it returns holding the grab.
    assert.equal(sim!.cells.length, 16);
    assert.ok(sim!.cells.every((c) => c.after?.safe === false && c.after.invariant === 2));
    assert.deepEqual(sim!.cells.filter((c) => !c.changed).map((c) => `${c.policy}/${c.arch}`), []);
  });

  test('dropping the smp_mb() after a change of current->mm: safe before, membarrier (invariant 5) broken after', () => {
    // The barrier is a step of the path, so the path before the patch has it and the simulator sees
    // the difference; without that step both sides would break invariant 5 alike, and show no delta.
    const r = review(ADOPT_BARRIER_PATCH, { 'kernel/adopt.c': ADOPT_C }, { simulator: { cpus: 2 } });
    assert.deepEqual(summary(r), [['new', 'LMM010', 'adopt_mm', 9]]);
    const [sim, ...rest] = r.patches[0]!.simulation;
    assert.equal(rest.length, 0);
    assert.equal(sim!.status, 'compared');
    assert.equal(sim!.cells.length, 16);
    assert.ok(sim!.cells.every((c) => c.after?.safe === false && c.after.invariant === 5), JSON.stringify(sim!.cells.map((c) => c.after)));
    // Before: safe, except exit-flush on arm64 and powerpc-radix, which the exit scenario breaks by itself.
    assert.deepEqual(sim!.cells.filter((c) => !c.before?.safe).map((c) => `${c.policy}/${c.arch}`), ['exit-flush/arm64', 'exit-flush/powerpc-radix']);
  });

  test('a patch that does not change a path does not run the simulator for it', () => {
    const r = review(SHIFT_PATCH, { 'drivers/misc/accel.c': ACCEL_C }, { simulator: { cpus: 2 } });
    assert.deepEqual(r.patches[0]!.simulation.map((s) => [s.functionName, s.status, s.cells.length]), [['peek_ctx', 'same-path', 0]]);
  });
});

describe('review: the draft reply', () => {
  test('kernel mail conventions: attribution, quoted hunk, the comment under the line, 72 columns', () => {
    const r = review(LEAK_PATCH, { 'drivers/misc/accel.c': ACCEL_C }, { simulator: { cpus: 2 } });
    const reply = patchReply(r.patches[0]!)!;
    const lines = reply.split('\n');
    assert.deepEqual(lines.slice(0, 8), [
      'Subject: Re: [PATCH] misc: accel: register an mmu notifier on bind',
      'In-Reply-To: <20240603-accel-1@example.org>',
      'References: <20240603-accel-1@example.org>',
      '',
      'On Mon, 3 Jun 2024 10:01:00 +0200, Jane Developer <jane@example.org>',
      'wrote:',
      '',
      '> diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c',
    ]);
    assert.equal(lines[8], '> @@ -18,9 +18,16 @@ static int bind_ctx(struct accel_ctx *ctx)');
    // The comment sits right under the added `return ret;` it is about, after one blank line.
    const at = lines.indexOf('> +\treturn ret;');
    assert.ok(at > 8);
    assert.equal(lines[at + 1], '');
    assert.match(lines[at + 2]!, /^mm_count reference taken by mmgrab\(mm\) at line 15 is leaked: this path$/);
    assert.ok(lines.includes('Line 23: jumps to \'err_free_pasid\'.'));
    assert.ok(lines.includes('Suggested fix: add mmdrop(mm) before the return.'));
    assert.match(reply, /In the lazy-TLB simulator this patch makes the path through bind_ctx\(\)\nunsafe under every policy on every architecture \(invariant 2,/);
    // Everything but the quoted code is wrapped at 72 columns; no markdown.
    for (const l of lines) if (!l.startsWith('>')) assert.ok(l.length <= 72, l);
    // Only what was asked for is quoted: nothing of the file outside the hunk.
    assert.ok(!reply.includes('peek_ctx'));
  });

  test('a finding on an unchanged line is discussed under the change above it: the removed barrier', () => {
    const r = review(BARRIER_PATCH, { 'kernel/sched/lazy.c': SWITCH_C });
    const lines = patchReply(r.patches[0]!)!.split('\n');
    // The LMM010 points at the closing brace (a context line); the comment goes under `-\tsmp_mb();`
    // and the unchanged lines after it are not quoted.
    const at = lines.indexOf('> -\tsmp_mb();');
    assert.deepEqual(lines.slice(at + 1, at + 3), ['', "This path returns after 'tsk->active_mm' changed at line 9 with no full"]);
    assert.ok(!lines.includes('>  }'));
    assert.equal(lines[4], 'On Tue, 4 Jun 2024 09:30:00 +0000, Jörg Hacker <joerg@example.org>');
  });

  test('a series gets one reply, to the patch that introduces the leak; fixes get none', () => {
    const r = review(SERIES_MBOX, { 'drivers/misc/accel.c': ACCEL_C });
    const mbox = reviewReplies(r);
    assert.equal(mbox.match(/^From lazymm /gm)?.length, 1);
    assert.match(mbox, /^Subject: Re: \[PATCH v3 2\/3\] misc: accel: register an mmu notifier on bind$/m);
    assert.deepEqual(reviewData(r).patches.map((p) => p.reply !== null), [false, true, false]);
  });

  test('the JSON data has no texts, only plain values', () => {
    const data = reviewData(review(LEAK_PATCH, { 'drivers/misc/accel.c': ACCEL_C }));
    assert.equal('images' in data.patches[0]!.files[0]!, false);
    assert.deepEqual(JSON.parse(JSON.stringify(data)), data);
  });
});
