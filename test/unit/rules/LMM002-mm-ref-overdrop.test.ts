// LMM002 mm-ref-overdrop: a release on a path that already released the same name and count, or a
// release of one count while the path holds the other. Expected lines counted by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const overdrops = (src: string) => linesOf(src, 'LMM002');

describe('LMM002 mm-ref-overdrop: flags', () => {
  test('an error-path mmput followed by the common mmput: double drop, with the path', async () => {
    const src = `static int task_stat(struct task_struct *task, struct stat_buf *sb)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;
	ret = fill_stat(mm, sb);
	if (ret)
		mmput(mm);
	mmput(mm);
	return ret;
}
`;
    const findings = await findingsOf(src, 'LMM002');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'error');
    assert.equal(f.functionName, 'task_stat');
    assert.equal(f.range.start.line + 1, 12);
    assert.equal(f.message, 'mmput(mm) drops an mm_users reference this path already released at line 11: double drop');
    assert.deepEqual(steps(f), [
      ['put', 11],
      ['put', 12],
    ]);
  });

  test('mmgrab() released with mmput(): the wrong count, with the path', async () => {
    const src = `void wrong_put(struct mm_struct *mm)
{
	mmgrab(mm);
	use(mm);
	mmput(mm);
}
`;
    const findings = await findingsOf(src, 'LMM002');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 5);
    assert.match(findings[0]!.message, /releases an mm_users reference, but this path holds the other count \(taken at line 3\)/);
    assert.deepEqual(steps(findings[0]!), [
      ['grab', 3],
      ['put', 5],
    ]);
  });

  test('get_task_mm() released with mmdrop() (vhost owner teardown)', async () => {
    const src = `static void vhost_dev_drop_owner(struct vhost_dev *dev)
{
	struct mm_struct *mm = get_task_mm(dev->owner);

	if (!mm)
		return;
	flush_work_for(dev, mm);
	mmdrop(mm);
}
`;
    assert.deepEqual(await overdrops(src), [8]);
  });

  test('a successful mmget_not_zero() released with mmdrop()', async () => {
    const src = `static long kvm_mm_walk(struct kvm *kvm)
{
	struct mm_struct *mm = kvm->mm;
	long n;

	if (!mmget_not_zero(mm))
		return 0;
	n = count_pages(mm);
	mmdrop(mm);
	return n;
}
`;
    assert.deepEqual(await overdrops(src), [9]);
  });

  test('an error branch drops, then jumps to a label that drops again (iommu-sva bind)', async () => {
    const src = `static int iommu_sva_bind_sketch(struct device *dev, struct mm_struct *mm)
{
	int ret;

	mmgrab(mm);
	ret = alloc_pasid(dev, mm);
	if (ret) {
		mmdrop(mm);
		goto out;
	}
	ret = attach_domain(dev, mm);
	if (ret)
		goto out_free;
	dev->sva_mm = mm;
	return 0;
out_free:
	free_pasid(dev);
out:
	mmdrop(mm);
	return ret;
}
`;
    assert.deepEqual(await overdrops(src), [19]);
  });

  test("an object's field dropped inside a branch and again after it (binder release)", async () => {
    const src = `static void binder_alloc_release(struct binder_alloc *alloc)
{
	if (alloc->mm) {
		flush_pages(alloc);
		mmdrop(alloc->mm);
	}
	free_buffers(alloc);
	mmdrop(alloc->mm);
}
`;
    assert.deepEqual(await overdrops(src), [8]);
  });

  test('mmput() then mmput_async() of the same reference (oom reaper)', async () => {
    const src = `static void oom_reap_one(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->signal->oom_mm;

	if (!mmget_not_zero(mm))
		return;
	if (!reap_range(mm))
		mmput(mm);
	mmput_async(mm);
}
`;
    assert.deepEqual(await overdrops(src), [9]);
  });

  test('a loop that drops a reference it takes only once', async () => {
    const src = `static void put_all(struct mm_struct *mm, int n)
{
	int i;

	for (i = 0; i < n; i++)
		mmput(mm);
}
`;
    assert.deepEqual(await overdrops(src), [6]);
  });
});

describe('LMM002 mm-ref-overdrop: stays quiet on', () => {
  test('a list cursor: each turn drops a different object (sva unbind all)', async () => {
    const src = `static void sva_unbind_all(struct list_head *head)
{
	struct sva_bond *bond;

	list_for_each_entry(bond, head, node) {
		unbind_pasid(bond);
		mmdrop(bond->mm);
	}
}
`;
    assert.deepEqual(await overdrops(src), []);
  });

  test('a name reassigned by the loop condition (reaper queue)', async () => {
    const src = `static void reap_queue(struct reap_queue *q)
{
	struct mm_struct *mm;

	while ((mm = dequeue_mm(q)) != NULL) {
		reap(mm);
		mmput(mm);
	}
}
`;
    assert.deepEqual(await overdrops(src), []);
  });

  test('drop, grab again, drop', async () => {
    const src = `static void lazy_cycle(struct mm_struct *mm)
{
	mmgrab(mm);
	flush_once(mm);
	mmdrop(mm);
	mmgrab(mm);
	flush_again(mm);
	mmdrop(mm);
}
`;
    assert.deepEqual(await overdrops(src), []);
  });

  test('one drop on each side of an if/else', async () => {
    const src = `static void owner_release(struct mm_struct *mm, bool atomic)
{
	if (atomic)
		mmput_async(mm);
	else
		mmput(mm);
}
`;
    assert.deepEqual(await overdrops(src), []);
  });

  test("finish_task_switch drops rq->prev_mm once", async () => {
    const src = `static void finish_switch_sketch(struct rq *rq, struct task_struct *prev)
{
	struct mm_struct *mm = rq->prev_mm;

	rq->prev_mm = NULL;
	finish_lock_switch(rq);
	if (mm) {
		membarrier_mm_sync_core_before_usermode(mm);
		mmdrop_lazy_tlb_sched(mm);
	}
	if (prev->__state == TASK_DEAD)
		put_task_stack(prev);
}
`;
    assert.deepEqual(await overdrops(src), []);
  });

  test('a repeated condition: async and !async never both drop', async () => {
    const src = `static void pidfd_mm_done(struct mm_struct *mm, bool async)
{
	if (async)
		mmput_async(mm);
	report_done();
	if (!async)
		mmput(mm);
}
`;
    assert.deepEqual(await overdrops(src), []);
  });

  test('both counts taken and each released with its own call (SQPOLL)', async () => {
    const src = `static int sq_work(struct ring *r)
{
	struct mm_struct *mm = r->mm_account;

	mmgrab(mm);
	if (mmget_not_zero(mm)) {
		kthread_use_mm(mm);
		run(r);
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	mmdrop(mm);
	return 0;
}
`;
    assert.deepEqual(await overdrops(src), []);
  });

  test('a field dropped, given a new value, grabbed and dropped on failure', async () => {
    const src = `static void ctx_set_mm(struct ctx *ctx, struct mm_struct *new)
{
	if (ctx->mm)
		mmdrop(ctx->mm);
	ctx->mm = new;
	mmgrab(ctx->mm);
	if (ctx->failed) {
		mmdrop(ctx->mm);
		ctx->mm = NULL;
	}
}
`;
    assert.deepEqual(await overdrops(src), []);
  });
});
