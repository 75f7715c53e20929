// Kernel-style sources and patches written for the review tests, each mirroring a real bug class:
// an added error path that leaks an mmgrab, a change that drops a barrier from a switch path, a
// fix that adds the missing mmdrop, and a series whose second patch introduces a leak and whose
// third fixes it. The patches were checked with `git apply --check` against these sources.

/** drivers/misc/accel.c before any patch: bind_ctx() is clean; peek_ctx() leaks on its -EAGAIN path (pre-existing). */
export const ACCEL_C = `// SPDX-License-Identifier: GPL-2.0
#include <linux/sched/mm.h>

struct accel_ctx {
	struct mm_struct *mm;
	struct mmu_notifier mn;
	int pasid;
};

static int bind_ctx(struct accel_ctx *ctx)
{
	struct mm_struct *mm = current->mm;
	int ret;

	mmgrab(mm);

	ret = alloc_pasid(ctx);
	if (ret)
		goto err_drop;

	ctx->mm = mm;
	return 0;

err_drop:
	mmdrop(mm);
	return ret;
}

static void unbind_ctx(struct accel_ctx *ctx)
{
	free_pasid(ctx->pasid);
	mmdrop(ctx->mm);
}

static int peek_ctx(struct accel_ctx *ctx, int slow)
{
	struct mm_struct *mm = ctx->mm;

	mmgrab(mm);
	if (slow)
		return -EAGAIN;
	mmdrop(mm);
	return 0;
}
`;

const HEADERS = (n: number, total: number, subject: string, v = '') => `From 0ed9fd3b4fe9d638084b2da8a335cb594069c4b${n} Mon Sep 17 00:00:00 2001
From: Jane Developer <jane@example.org>
Date: Mon, 3 Jun 2024 10:0${n}:00 +0200
Subject: [PATCH${v}${total > 1 ? ` ${n}/${total}` : ''}] ${subject}
Message-ID: <20240603-accel-${n}@example.org>
`;

/** The error path of mmu_notifier_register() returns without the mmdrop(): a new LMM001 at `return ret;` (line 30 after). */
export const LEAK_DIFF = `diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c
index 1234567..89abcde 100644
--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -18,9 +18,16 @@ static int bind_ctx(struct accel_ctx *ctx)
 	if (ret)
 		goto err_drop;
 
+	ret = mmu_notifier_register(&ctx->mn, mm);
+	if (ret)
+		goto err_free_pasid;
+
 	ctx->mm = mm;
 	return 0;
 
+err_free_pasid:
+	free_pasid(ctx->pasid);
+	return ret;
 err_drop:
 	mmdrop(mm);
 	return ret;
`;

export const LEAK_PATCH = `${HEADERS(1, 1, 'misc: accel: register an mmu notifier on bind')}
Register the notifier so the PASID follows the mm.

Signed-off-by: Jane Developer <jane@example.org>
---
 drivers/misc/accel.c | 7 +++++++
 1 file changed, 7 insertions(+)

${LEAK_DIFF}-- 
2.43.0

`;

/** accel.c after LEAK_PATCH: the state the fix applies to. */
export const LEAKY_ACCEL_C = ACCEL_C.replace(
  '\t\tgoto err_drop;\n\n\tctx->mm = mm;\n\treturn 0;\n\nerr_drop:',
  '\t\tgoto err_drop;\n\n\tret = mmu_notifier_register(&ctx->mn, mm);\n\tif (ret)\n\t\tgoto err_free_pasid;\n\n\tctx->mm = mm;\n\treturn 0;\n\nerr_free_pasid:\n\tfree_pasid(ctx->pasid);\n\treturn ret;\nerr_drop:',
);

/** Adds the missing mmdrop() under err_free_pasid: the LMM001 of LEAKY_ACCEL_C line 30 is fixed. */
export const FIX_PATCH = `${HEADERS(1, 1, 'misc: accel: drop the mm on the notifier error path')}
Fixes: 0ed9fd3b4fe9 ("misc: accel: register an mmu notifier on bind")
Signed-off-by: Jane Developer <jane@example.org>
---
diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c
--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -27,6 +27,7 @@ static int bind_ctx(struct accel_ctx *ctx)
 
 err_free_pasid:
 	free_pasid(ctx->pasid);
+	mmdrop(mm);
 	return ret;
 err_drop:
 	mmdrop(mm);
`;

/** kernel/sched/lazy.c: a switch to a kernel mm with IRQs off and the full barrier membarrier needs. */
export const SWITCH_C = `// SPDX-License-Identifier: GPL-2.0
#include <linux/sched/mm.h>

static void switch_to_kernel_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;

	local_irq_disable();
	tsk->active_mm = mm;
	switch_mm_irqs_off(NULL, mm, tsk);
	/* membarrier: a full barrier between the switch and user space */
	smp_mb();
	local_irq_enable();
}
`;

/** Drops the smp_mb() after the switch: a new LMM010 at the closing brace (line 12 after). */
export const BARRIER_PATCH = `From 5b2a4c1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b Mon Sep 17 00:00:00 2001
From: =?UTF-8?q?J=C3=B6rg=20Hacker?= <joerg@example.org>
Date: Tue, 4 Jun 2024 09:30:00 +0000
Subject: [RFC PATCH] sched: drop the redundant barrier from
 switch_to_kernel_mm
Message-ID: <20240604-barrier@example.org>

---
diff --git a/kernel/sched/lazy.c b/kernel/sched/lazy.c
--- a/kernel/sched/lazy.c
+++ b/kernel/sched/lazy.c
@@ -9,6 +9,4 @@ static void switch_to_kernel_mm(struct mm_struct *mm)
 	tsk->active_mm = mm;
 	switch_mm_irqs_off(NULL, mm, tsk);
-	/* membarrier: a full barrier between the switch and user space */
-	smp_mb();
 	local_irq_enable();
 }
`;

/**
 * A v3 series as \`git format-patch --cover-letter --stdout\` writes it, patches out of order to
 * show they are sorted: 1/3 documents bind_ctx() (4 lines added above it, so the later patches'
 * line numbers are 4 higher than LEAK_PATCH's), 2/3 is LEAK_PATCH, 3/3 is FIX_PATCH.
 */
export const SERIES_MBOX = `From 1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e Mon Sep 17 00:00:00 2001
From: Jane Developer <jane@example.org>
Date: Mon, 3 Jun 2024 10:00:00 +0200
Subject: [PATCH v3 0/3] misc: accel: mmu notifier support
Message-ID: <20240603-accel-0@example.org>

The notifier keeps the PASID in step with the mm.

Jane Developer (3):
  misc: accel: document bind_ctx
  misc: accel: register an mmu notifier on bind
  misc: accel: drop the mm on the notifier error path

-- 
2.43.0

${HEADERS(1, 3, 'misc: accel: document bind_ctx', ' v3')}
---
 drivers/misc/accel.c | 4 ++++
 1 file changed, 4 insertions(+)

diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c
index 66d3414..1a21fd8 100644
--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -7,6 +7,10 @@ struct accel_ctx {
 	int pasid;
 };
 
+/*
+ * Binds the context to the calling process's mm: the mm_count reference is
+ * dropped by unbind_ctx().
+ */
 static int bind_ctx(struct accel_ctx *ctx)
 {
 	struct mm_struct *mm = current->mm;
-- 
2.43.0

${HEADERS(3, 3, 'misc: accel: drop the mm on the notifier error path', ' v3')}
---
diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c
index 83f06cd..1e476e6 100644
--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -31,6 +31,7 @@ static int bind_ctx(struct accel_ctx *ctx)
 
 err_free_pasid:
 	free_pasid(ctx->pasid);
+	mmdrop(mm);
 	return ret;
 err_drop:
 	mmdrop(mm);
-- 
2.43.0

${HEADERS(2, 3, 'misc: accel: register an mmu notifier on bind', ' v3')}
---
diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c
index 1a21fd8..83f06cd 100644
--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -22,9 +22,16 @@ static int bind_ctx(struct accel_ctx *ctx)
 	if (ret)
 		goto err_drop;
 
+	ret = mmu_notifier_register(&ctx->mn, mm);
+	if (ret)
+		goto err_free_pasid;
+
 	ctx->mm = mm;
 	return 0;
 
+err_free_pasid:
+	free_pasid(ctx->pasid);
+	return ret;
 err_drop:
 	mmdrop(mm);
 	return ret;
-- 
2.43.0
`;

/**
 * Touches peek_ctx() (a pr_debug line) and, above it, adds bind_ctx()'s comment: peek_ctx()'s leak
 * moves from line 41 to 46 and must stay one pre-existing finding, not a new one plus a fixed one.
 */
export const SHIFT_PATCH = `diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c
--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -7,6 +7,10 @@ struct accel_ctx {
 	int pasid;
 };
 
+/*
+ * Binds the context to the calling process's mm: the mm_count reference is
+ * dropped by unbind_ctx().
+ */
 static int bind_ctx(struct accel_ctx *ctx)
 {
 	struct mm_struct *mm = current->mm;
@@ -35,6 +39,7 @@ static void unbind_ctx(struct accel_ctx *ctx)
 static int peek_ctx(struct accel_ctx *ctx, int slow)
 {
 	struct mm_struct *mm = ctx->mm;
+	pr_debug("peek %d\\n", ctx->pasid);
 
 	mmgrab(mm);
 	if (slow)
`;

/** Rewrites the very line peek_ctx()'s leak points at (-EAGAIN -> -EBUSY): still the same pre-existing leak. */
export const RETVAL_PATCH = `--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -38,7 +38,7 @@ static int peek_ctx(struct accel_ctx *ctx, int slow)
 
 	mmgrab(mm);
 	if (slow)
-		return -EAGAIN;
+		return -EBUSY;
 	mmdrop(mm);
 	return 0;
 }
`;

/**
 * Fixes peek_ctx()'s leak with a hunk that starts inside the function and shows its mmgrab():
 * enough for a review without the tree (the hunk's heading stands in for the definition).
 */
export const PEEK_FIX_PATCH = `diff --git a/drivers/misc/accel.c b/drivers/misc/accel.c
--- a/drivers/misc/accel.c
+++ b/drivers/misc/accel.c
@@ -37,7 +37,9 @@ static int peek_ctx(struct accel_ctx *ctx, int slow)
 	struct mm_struct *mm = ctx->mm;
 
 	mmgrab(mm);
-	if (slow)
+	if (slow) {
+		mmdrop(mm);
 		return -EAGAIN;
+	}
 	mmdrop(mm);
 	return 0;
`;

/** A task adopting an mm, as kthread_use_mm() does by hand: the barrier after it is what membarrier needs. */
export const ADOPT_C = `// SPDX-License-Identifier: GPL-2.0
#include <linux/sched/mm.h>

static void adopt_mm(struct mm_struct *mm)
{
	task_lock(current);
	current->mm = mm;
	/* membarrier: a full barrier between the change and user space */
	smp_mb();
	task_unlock(current);
}
`;

/** Drops ADOPT_C's smp_mb(): a new LMM010 at the closing brace (line 9 after). */
export const ADOPT_BARRIER_PATCH = `diff --git a/kernel/adopt.c b/kernel/adopt.c
--- a/kernel/adopt.c
+++ b/kernel/adopt.c
@@ -6,6 +6,4 @@ static void adopt_mm(struct mm_struct *mm)
 	task_lock(current);
 	current->mm = mm;
-	/* membarrier: a full barrier between the change and user space */
-	smp_mb();
 	task_unlock(current);
 }
`;

/** An in-memory tree for reviewSeries: the files a test names, nothing else. */
export function memoryTree(files: Record<string, string>) {
  return (file: string) => (Object.hasOwn(files, file) ? { ok: true as const, text: files[file]! } : { ok: false as const, missing: true, reason: 'not in the tree' });
}
