// SPDX-License-Identifier: GPL-2.0
/*
 * A driver that binds a context to the calling process's mm, in the style of the
 * accelerator and SVA drivers. Written for lazymm's examples: bind_ctx() leaks its
 * mm_count reference when the notifier registration fails.
 */
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

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

	ret = mmu_notifier_register(&ctx->mn, mm);
	if (ret)
		goto err_free_pasid;

	ctx->mm = mm;
	return 0;

err_free_pasid:
	free_pasid(ctx->pasid);
	return ret;
err_drop:
	mmdrop(mm);
	return ret;
}

static void unbind_ctx(struct accel_ctx *ctx)
{
	mmu_notifier_unregister(&ctx->mn, ctx->mm);
	free_pasid(ctx->pasid);
	mmdrop(ctx->mm);
}
