// LMM000 suppression: `/* lazymm: ignore LMMnnn -- reason */` on a finding's line or the line above
// silences it. A suppression without a reason silences nothing and is reported; so is one that
// silences nothing. The LMM000 finding sits on the comment's line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, summary } from './util';

const meta = (src: string) => linesOf(src, 'LMM000');

describe('LMM000 suppression: flags', () => {
  test('a suppression without a reason: reported, and the finding stays', async () => {
    const src = `int attach(struct ctx *ctx, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (!ctx->enabled) {
		/* lazymm: ignore LMM001 */
		return -EINVAL;
	}
	ctx->mm = mm;
	return 0;
}
`;
    const findings = await findingsOf(src, 'LMM000');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 8);
    assert.equal(findings[0]!.severity, 'warning');
    assert.match(findings[0]!.message, /^lazymm suppression of LMM001 needs a reason after '--'/);
    assert.deepEqual(await linesOf(src, 'LMM001'), [9]);
  });

  test('a suppression on code with nothing to silence', async () => {
    const src = `static void put_owner(struct mm_struct *mm)
{
	/* lazymm: ignore LMM002 -- the caller holds two references */
	mmput(mm);
}
`;
    const findings = await findingsOf(src, 'LMM000');
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [3],
    );
    assert.equal(findings[0]!.message, 'unused lazymm suppression: no LMM002 finding here to silence');
  });

  test('the wrong rule ID above a real finding', async () => {
    // put_ctx() drops the field, so LMM013 has nothing to say either.
    const src = `int attach(struct ctx *ctx, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (!ctx->enabled) {
		/* lazymm: ignore LMM003 -- ctx_commit() puts it */
		return -EINVAL;
	}
	ctx->mm = mm;
	return 0;
}
static void put_ctx(struct ctx *ctx)
{
	mmput(ctx->mm);
}
`;
    assert.deepEqual(await summary(src), ['LMM000@8', 'LMM001@9']);
  });

  test('two lines above the finding is too far', async () => {
    const src = `int attach(struct ctx *ctx, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (!ctx->enabled) {
		/* lazymm: ignore LMM001 -- ctx_commit() puts it */
		ctx_log(ctx);
		return -EINVAL;
	}
	ctx->mm = mm;
	return 0;
}
`;
    assert.deepEqual(await meta(src), [8]);
    assert.deepEqual(await linesOf(src, 'LMM001'), [10]);
  });

  test('a list of IDs of which one silences nothing', async () => {
    const src = `static void vhost_dev_drop_owner(struct vhost_dev *dev)
{
	struct mm_struct *mm = get_task_mm(dev->owner);

	if (!mm)
		return;
	flush_work_for(dev, mm);
	/* lazymm: ignore LMM002, LMM003 -- the owner keeps mm_count for us */
	mmdrop(mm);
}
`;
    const findings = await findingsOf(src, 'LMM000');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.message]),
      [[8, 'unused lazymm suppression: no LMM003 finding here to silence']],
    );
    assert.deepEqual(await linesOf(src, 'LMM002'), []);
  });

  test('a // comment without a reason', async () => {
    const src = `static void ctx_switch_lazy(struct task_struct *prev, struct task_struct *next)
{
	if (!next->mm) {
		next->active_mm = prev->active_mm;
		// lazymm: ignore LMM006
		mmgrab(prev->active_mm);
	}
}
`;
    assert.deepEqual(await summary(src), ['LMM000@5', 'LMM006@6']);
  });
});

describe('LMM000 suppression: stays quiet on', () => {
  test('a reasoned suppression on the line above: the finding is gone too', async () => {
    // put_ctx() drops the field, so LMM013 has nothing to say either.
    const src = `int attach(struct ctx *ctx, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (!ctx->enabled) {
		/* lazymm: ignore LMM001 -- ctx_commit() puts it on this path */
		return -EINVAL;
	}
	ctx->mm = mm;
	return 0;
}
static void put_ctx(struct ctx *ctx)
{
	mmput(ctx->mm);
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('a reasoned suppression at the end of the line', async () => {
    const src = `static void ctx_switch_lazy(struct task_struct *prev, struct task_struct *next)
{
	if (!next->mm) {
		next->active_mm = prev->active_mm;
		mmgrab(prev->active_mm); /* lazymm: ignore LMM006 -- this arch has no lazy helpers */
	}
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('a // comment with a reason', async () => {
    const src = `static void lazy_switch_away(struct mm_struct *old)
{
	lockdep_assert_irqs_disabled();
	load_kernel_pgd();
	// lazymm: ignore LMM006 -- the caller holds another reference, this is never the last
	mmdrop(old);
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('one comment silencing two rules on the same line', async () => {
    const src = `static void finish_switch_twice(struct rq *rq)
{
	struct mm_struct *mm = rq->prev_mm;

	mmdrop_lazy_tlb(mm);
	/* lazymm: ignore LMM002, LMM006 -- the caller took a second lazy reference for us */
	mmdrop(mm);
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('buggy code without any suppression: the finding, no LMM000', async () => {
    const src = `static void exit_mm_nobarrier(void)
{
	struct mm_struct *mm = current->mm;

	task_lock(current);
	current->mm = NULL;
	task_unlock(current);
	mmput(mm);
}
`;
    assert.deepEqual(await meta(src), []);
    assert.deepEqual(await linesOf(src, 'LMM010'), [9]);
  });

  test('a comment that mentions lazymm without an ignore', async () => {
    const src = `/* lazymm: the lazy reference is handed to finish_task_switch() */
static void ctx_switch_handoff(struct rq *rq, struct task_struct *prev)
{
	rq->prev_mm = prev->active_mm;
	prev->active_mm = NULL;
}
`;
    assert.deepEqual(await meta(src), []);
  });

  test('a kernel-style block comment that ends on the line above the finding', async () => {
    // put_ctx() drops the field, so LMM013 has nothing to say either.
    const src = `int attach(struct ctx *ctx, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (!ctx->enabled) {
		/*
		 * lazymm: ignore LMM001 -- ctx_commit() puts it on this path
		 */
		return -EINVAL;
	}
	ctx->mm = mm;
	return 0;
}
static void put_ctx(struct ctx *ctx)
{
	mmput(ctx->mm);
}
`;
    assert.deepEqual(await summary(src), []);
  });
});
