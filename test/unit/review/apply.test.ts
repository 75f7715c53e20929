// Applying hunks like `patch`: exactly, at an offset, with fuzz, or not at all (reported, the rest applied);
// and the reconstruction of a file from its hunks alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyHunks } from '../../../server/src/review/apply';
import { parseDiff } from '../../../server/src/review/diff';
import { braceBalance, reconstructImages } from '../../../server/src/review/reconstruct';
import { ACCEL_C, LEAK_DIFF, LEAKY_ACCEL_C, PEEK_FIX_PATCH } from './fixtures';

const hunks = (diff: string) => parseDiff(diff)[0]!.hunks;

describe('applyHunks', () => {
  test('exactly where the hunk says: the result is the fixture after the patch', () => {
    const r = applyHunks(ACCEL_C, hunks(LEAK_DIFF));
    assert.equal(r.post, LEAKY_ACCEL_C);
    assert.deepEqual(r.hunks, [{ index: 1, header: '@@ -18,9 +18,16 @@ static int bind_ctx(struct accel_ctx *ctx)', applied: true, offset: 0, fuzz: 0 }]);
    // Added lines 21-24 and 28-30 (1-based) of the new text; nothing removed.
    assert.deepEqual([...r.added], [20, 21, 22, 23, 27, 28, 29]);
    assert.deepEqual([...r.removed], []);
    const mapped = r.views[0]!.lines.find((l) => l.text === '\treturn ret;' && l.kind === '+');
    assert.equal(mapped!.post, 29);
  });

  test('three lines further down: applied at offset +3', () => {
    const r = applyHunks(`/* one */\n/* two */\n/* three */\n${ACCEL_C}`, hunks(LEAK_DIFF));
    assert.equal(r.hunks[0]!.offset, 3);
    assert.equal(r.post, `/* one */\n/* two */\n/* three */\n${LEAKY_ACCEL_C}`);
  });

  test('a changed outer context line: applied with fuzz 1', () => {
    // The hunk's first context line is `\tif (ret)` (line 18); the tree says `\tif (ret < 0)`.
    const tree = ACCEL_C.replace('\tif (ret)\n\t\tgoto err_drop;', '\tif (ret < 0)\n\t\tgoto err_drop;');
    const r = applyHunks(tree, hunks(LEAK_DIFF));
    assert.deepEqual([r.hunks[0]!.applied, r.hunks[0]!.offset, r.hunks[0]!.fuzz], [true, 0, 1]);
    assert.match(r.post, /if \(ret < 0\)\n\t\tgoto err_drop;\n\n\tret = mmu_notifier_register/);
  });

  test('a hunk whose lines are nowhere is reported and left out; the next hunk still applies', () => {
    const diff = `--- a/x.c\n+++ b/x.c\n@@ -2,1 +2,1 @@\n-not in the file\n+replacement\n@@ -5,1 +5,2 @@\n e\n+f\n`;
    const r = applyHunks('a\nb\nc\nd\ne\n', hunks(diff));
    assert.deepEqual(r.hunks.map((h) => h.applied), [false, true]);
    assert.equal(r.hunks[0]!.reason, 'its context and removed lines match nowhere in the file');
    assert.equal(r.post, 'a\nb\nc\nd\ne\nf\n');
  });

  test('a new file from nothing; a file without its final newline keeps that', () => {
    assert.equal(applyHunks('', hunks('--- /dev/null\n+++ b/n.c\n@@ -0,0 +1,2 @@\n+int a;\n+int b;\n')).post, 'int a;\nint b;\n');
    assert.equal(applyHunks('x\ny', hunks('--- a/n.c\n+++ b/n.c\n@@ -1,2 +1,2 @@\n-x\n+z\n y\n\\ No newline at end of file\n')).post, 'z\ny');
  });
});

describe('reconstructImages', () => {
  test('the hunk at its own lines inside a stand-in definition from its heading', () => {
    const r = reconstructImages(hunks(PEEK_FIX_PATCH));
    const pre = r.pre.split('\n');
    const post = r.post.split('\n');
    // Hunk at line 37: line 36 is the heading with an opening brace; the old side is 7 lines (37-43), closed on line 44.
    assert.equal(pre[35], 'static int peek_ctx(struct accel_ctx *ctx, int slow) {');
    assert.deepEqual(pre.slice(36, 44), ['\tstruct mm_struct *mm = ctx->mm;', '', '\tmmgrab(mm);', '\tif (slow)', '\t\treturn -EAGAIN;', '\tmmdrop(mm);', '\treturn 0;', '}']);
    // New side: 9 lines (37-45); its own `{` and `}` balance, so one closing brace for the stand-in.
    assert.equal(post[45], '}');
    assert.ok(pre.slice(0, 35).every((l) => l === ''));
  });

  test('braces in strings and comments do not count', () => {
    assert.deepEqual(braceBalance(['if (x) { /* } */', '  s = "}";', '}', '}']), { final: -1, lowest: -1 });
  });
});
