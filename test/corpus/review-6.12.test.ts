// `lazymm review` on a file of the real Linux 6.12 tree (unpacked by scripts/corpus.sh, read at
// test time, never committed): a patch written here adds an error path to __mmu_notifier_register()
// in mm/mmu_notifier.c between the mmgrab(mm) and the store that hands the reference over to the
// subscription, so the new `return -EBUSY;` leaks the mm_count reference. Its hunk says line 650,
// a few lines above the real place, so applying it also exercises the offset search.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { treeReader } from '../../server/src/cli/reviewSource';
import { CParser } from '../../server/src/parse/parser';
import { parsePatchInput } from '../../server/src/review/mbox';
import { reviewSeries } from '../../server/src/review/review';
import { prepareTree } from './tree';

const PATCH = `From 2b7e0c1d5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d Mon Sep 17 00:00:00 2001
From: Jane Developer <jane@example.org>
Date: Wed, 5 Jun 2024 12:00:00 +0200
Subject: [PATCH] mm/mmu_notifier: refuse a subscription that is already in use

---
 mm/mmu_notifier.c | 2 ++
 1 file changed, 2 insertions(+)

diff --git a/mm/mmu_notifier.c b/mm/mmu_notifier.c
--- a/mm/mmu_notifier.c
+++ b/mm/mmu_notifier.c
@@ -650,6 +650,8 @@ int __mmu_notifier_register(struct mmu_notifier *subscription,
 	if (subscription) {
 		/* Pairs with the mmdrop in mmu_notifier_unregister_* */
 		mmgrab(mm);
+		if (WARN_ON_ONCE(subscription->users))
+			return -EBUSY;
 		subscription->mm = mm;
 		subscription->users = 1;
 
`;

test('Linux 6.12 mm/mmu_notifier.c: an added error path after mmgrab() is one new LMM001, nothing else', async () => {
  const tree = prepareTree();
  const text = fs.readFileSync(path.join(tree, 'mm', 'mmu_notifier.c'), 'utf8');
  // Where the hunk really belongs in this 6.12.y: the 1-based line of `if (subscription) {` before the mmgrab.
  const anchor = text.indexOf('\tif (subscription) {\n\t\t/* Pairs with the mmdrop in mmu_notifier_unregister_* */\n\t\tmmgrab(mm);\n');
  assert.ok(anchor >= 0, 'the 6.12 text the patch was written against');
  const ifLine = text.slice(0, anchor).split('\n').length;

  const r = reviewSeries(parsePatchInput(PATCH).patches, { parser: await CParser.load(), readFile: treeReader(tree), simulator: false });
  const [file] = r.patches[0]!.files;
  assert.equal(file!.status, 'reviewed');
  assert.equal(file!.basis, 'tree');
  assert.deepEqual(file!.hunks.map((h) => [h.applied, h.offset, h.fuzz]), [[true, ifLine - 650, 0]]);
  assert.deepEqual(file!.functions, ['__mmu_notifier_register']);
  // The mmgrab is two lines below the `if`; the added `return -EBUSY;` four. The file's other
  // functions are untouched, and in 6.12 this one has no finding of its own, so nothing else shows.
  assert.deepEqual(
    file!.findings.map((c) => [c.state, c.finding.ruleId, c.finding.functionName, c.finding.range.start.line + 1, c.finding.path[0]!.range.start.line + 1]),
    [['new', 'LMM001', '__mmu_notifier_register', ifLine + 4, ifLine + 2]],
  );
  assert.deepEqual(r.counts, { new: 1, fixed: 0, preExisting: 0 });
});
