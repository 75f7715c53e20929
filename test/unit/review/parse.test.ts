// Reading patches: unified diffs (git and plain), and mail (format-patch files, b4 mboxes).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDiff } from '../../../server/src/review/diff';
import { decodeHeader, parsePatchInput } from '../../../server/src/review/mbox';
import { BARRIER_PATCH, LEAK_DIFF, LEAK_PATCH, SERIES_MBOX } from './fixtures';

describe('parseDiff', () => {
  test('a git diff: paths without a/ b/, one hunk with its counts, heading and lines', () => {
    const [file, ...rest] = parseDiff(LEAK_DIFF);
    assert.equal(rest.length, 0);
    assert.equal(file!.oldPath, 'drivers/misc/accel.c');
    assert.equal(file!.newPath, 'drivers/misc/accel.c');
    assert.equal(file!.change, 'modify');
    assert.deepEqual(file!.header, ['diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c', '--- a/drivers/misc/accel.c', '+++ b/drivers/misc/accel.c']);
    const h = file!.hunks[0]!;
    assert.deepEqual([h.oldStart, h.oldLines, h.newStart, h.newLines, h.heading], [18, 9, 18, 16, 'static int bind_ctx(struct accel_ctx *ctx)']);
    // 9 old lines (all context) and 7 added ones, counted from the fixture by hand.
    assert.equal(h.lines.filter((l) => l.kind === ' ').length, 9);
    assert.equal(h.lines.filter((l) => l.kind === '+').length, 7);
    assert.equal(h.lines[3]!.text, '\tret = mmu_notifier_register(&ctx->mn, mm);');
  });

  test('diff -u between two trees: timestamps dropped, linux.orig/ and linux/ stripped like patch -p1', () => {
    const [f] = parseDiff('--- linux.orig/kernel/exit.c\t2024-06-03 10:00:00.000000000 +0200\n+++ linux/kernel/exit.c\t2024-06-03 10:05:00.000000000 +0200\n@@ -1 +1 @@\n-a\n+b\n');
    assert.deepEqual([f!.oldPath, f!.newPath, f!.hunks[0]!.lines.length], ['kernel/exit.c', 'kernel/exit.c', 2]);
  });

  test('new, deleted, renamed, binary and mode-only files', () => {
    const text = [
      'diff --git a/mm/new.c b/mm/new.c',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/mm/new.c',
      '@@ -0,0 +1,2 @@',
      '+int x;',
      '+int y;',
      'diff --git a/mm/old.c b/mm/old.c',
      'deleted file mode 100644',
      '--- a/mm/old.c',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-int z;',
      'diff --git a/mm/a.c b/mm/b.c',
      'similarity index 90%',
      'rename from mm/a.c',
      'rename to mm/b.c',
      'diff --git a/fw/blob.bin b/fw/blob.bin',
      'index 1..2 100644',
      'Binary files a/fw/blob.bin and b/fw/blob.bin differ',
      'diff --git a/scripts/x.sh b/scripts/x.sh',
      'old mode 100644',
      'new mode 100755',
    ].join('\n');
    const files = parseDiff(text);
    assert.deepEqual(
      files.map((f) => [f.change, f.oldPath, f.newPath, f.binary, f.modeOnly, f.hunks.length]),
      [
        ['add', null, 'mm/new.c', false, false, 1],
        ['delete', 'mm/old.c', null, false, false, 1],
        ['rename', 'mm/a.c', 'mm/b.c', false, false, 0],
        ['modify', 'fw/blob.bin', 'fw/blob.bin', true, false, 0],
        ['modify', 'scripts/x.sh', 'scripts/x.sh', false, true, 0],
      ],
    );
  });

  test('a hunk cut short is an error on its file; the next file is still read', () => {
    const text = 'diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n x\n-y\nsome mail text\ndiff --git a/b.c b/b.c\n--- a/b.c\n+++ b/b.c\n@@ -1 +1 @@\n-p\n+q\n';
    const [a, b] = parseDiff(text);
    // 3 old lines announced, 2 seen (x, y); 3 new lines announced, 1 seen (x).
    assert.equal(a!.error, 'hunk 1 (@@ -1,3 +1,3 @@) is cut short: 1 old and 2 new lines missing');
    assert.equal(b!.error, undefined);
    assert.deepEqual(b!.hunks[0]!.lines, [{ kind: '-', text: 'p' }, { kind: '+', text: 'q' }]);
  });

  test('"\\ No newline at end of file" marks the side it follows', () => {
    const [f] = parseDiff('--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-int a;\n\\ No newline at end of file\n+int a;\n');
    assert.equal(f!.hunks[0]!.oldNoNewline, true);
    assert.equal(f!.hunks[0]!.newNoNewline, false);
  });
});

describe('parsePatchInput', () => {
  test('a format-patch file: author, date, message id, [PATCH] prefix; the signature after the diff is ignored', () => {
    const { patches, notes } = parsePatchInput(LEAK_PATCH);
    assert.deepEqual(notes, []);
    const [p] = patches;
    assert.equal(p!.subject, '[PATCH] misc: accel: register an mmu notifier on bind');
    assert.equal(p!.title, 'misc: accel: register an mmu notifier on bind');
    assert.equal(p!.author, 'Jane Developer <jane@example.org>');
    assert.equal(p!.date, 'Mon, 3 Jun 2024 10:01:00 +0200');
    assert.equal(p!.messageId, '<20240603-accel-1@example.org>');
    assert.equal(p!.files.length, 1);
    assert.equal(p!.files[0]!.hunks[0]!.lines.length, 16);
  });

  test('RFC 2047 author and a folded subject are decoded', () => {
    const [p] = parsePatchInput(BARRIER_PATCH).patches;
    assert.equal(p!.author, 'Jörg Hacker <joerg@example.org>');
    assert.equal(p!.subject, '[RFC PATCH] sched: drop the redundant barrier from switch_to_kernel_mm');
    assert.equal(p!.index, undefined);
    assert.equal(decodeHeader('=?utf-8?b?SsO2cmc=?= Hacker'), 'Jörg Hacker');
  });

  test('a series: the cover letter is skipped with a note, patches sorted by [PATCH v3 n/3]', () => {
    const { patches, notes } = parsePatchInput(SERIES_MBOX);
    assert.deepEqual(notes, ['no diff in "[PATCH v3 0/3] misc: accel: mmu notifier support" (cover letter): skipped']);
    assert.deepEqual(
      patches.map((p) => [p.index, p.total, p.version, p.title]),
      [
        [1, 3, 3, 'misc: accel: document bind_ctx'],
        [2, 3, 3, 'misc: accel: register an mmu notifier on bind'],
        [3, 3, 3, 'misc: accel: drop the mm on the notifier error path'],
      ],
    );
  });

  test('an mbox with two versions reviews the latest; a gap in the series is noted', () => {
    const v1 = LEAK_PATCH.replace('[PATCH]', '[PATCH 1/2]');
    const v2 = LEAK_PATCH.replace('[PATCH]', '[PATCH v2 2/2]');
    const { patches, notes } = parsePatchInput(`${v1}\n${v2}`);
    assert.deepEqual(patches.map((p) => p.subject.slice(0, 14)), ['[PATCH v2 2/2]']);
    assert.deepEqual(notes, ['the mbox holds versions 1, 2 of the series: reviewing v2', 'patch 1/2 missing from the mbox: later patches may not apply']);
  });

  test('a bare diff is one patch without mail headers', () => {
    const { patches } = parsePatchInput(LEAK_DIFF);
    assert.equal(patches.length, 1);
    assert.equal(patches[0]!.subject, '');
    assert.equal(patches[0]!.files[0]!.newPath, 'drivers/misc/accel.c');
  });

  test('quoted-printable bodies are decoded before the diff is read', () => {
    const qp = LEAK_PATCH.replace('Message-ID:', 'Content-Transfer-Encoding: quoted-printable\nMessage-ID:').replace('\tret = mmu_notifier_register(&ctx->mn, mm);', '\tret =3D mmu_notifier_register(&ctx->mn, =\nmm);');
    const [p] = parsePatchInput(qp).patches;
    assert.equal(p!.files[0]!.hunks[0]!.lines[3]!.text, '\tret = mmu_notifier_register(&ctx->mn, mm);');
  });
});
