// LMM008 kthread-use-mm-pairing: kthread_use_mm undone on some paths but not on another, and
// kthread_use_mm of an mm held only with mm_count (grabbed here, or a field the file fills with
// mmgrab() and never with get_task_mm()/mmget()).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps, summary } from './util';

const pairing = (src: string) => linesOf(src, 'LMM008');

describe('LMM008 kthread-use-mm-pairing: flags', () => {
  test('an error return between use and unuse (SQPOLL iteration), with the path', async () => {
    const src = `static int sqpoll_iter(struct ring *r)
{
	struct mm_struct *mm = r->mm_owner;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	kthread_use_mm(mm);
	if (r->dead) {
		mmput(mm);
		return -EINVAL;
	}
	submit(r);
	kthread_unuse_mm(mm);
	mmput(mm);
	return 0;
}
`;
    const findings = await findingsOf(src, 'LMM008');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.range.start.line + 1, 10);
    assert.match(f.message, /^kthread_use_mm\(mm\) at line 7 is not undone on this path/);
    assert.deepEqual(steps(f), [
      ['acquire', 7],
      ['branch', 8],
      ['put', 9],
      ['exit', 10],
    ]);
  });

  test('kthread_use_mm of an mm this function only grabbed (vhost worker)', async () => {
    const src = `static void vhost_worker_run(struct vhost_dev *dev)
{
	struct mm_struct *mm = dev->mm;

	mmgrab(mm);
	kthread_use_mm(mm);
	run_work(dev);
	kthread_unuse_mm(mm);
	mmdrop(mm);
}
`;
    const findings = await findingsOf(src, 'LMM008');
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [6],
    );
    assert.match(findings[0]!.message, /^kthread_use_mm\(mm\) with only mm_count held/);
    assert.deepEqual(steps(findings[0]!), [
      ['grab', 5],
      ['use', 6],
    ]);
  });

  test('kthread_use_mm of a field the file fills with mmgrab()', async () => {
    const src = `static int ctx_open(struct ctx *ctx)
{
	ctx->mm = current->mm;
	mmgrab(ctx->mm);
	return 0;
}

static void ctx_work(struct ctx *ctx)
{
	kthread_use_mm(ctx->mm);
	copy_results(ctx);
	kthread_unuse_mm(ctx->mm);
}

static void ctx_release(struct ctx *ctx)
{
	mmdrop(ctx->mm);
}
`;
    const findings = await findingsOf(src, 'LMM008');
    assert.deepEqual(
      findings.map((f) => [f.functionName, f.range.start.line + 1]),
      [['ctx_work', 10]],
    );
  });

  test('kthread_use_mm of a local loaded from a field filled after mmgrab (amdkfd-style)', async () => {
    const src = `static int dev_bind(struct kfd_dev *kd)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	kd->owner_mm = mm;
	return 0;
}

static void dev_fault_worker(struct kfd_dev *kd)
{
	struct mm_struct *mm = kd->owner_mm;

	kthread_use_mm(mm);
	handle_faults(kd);
	kthread_unuse_mm(mm);
}
`;
    assert.deepEqual(await pairing(src), [14]);
  });

  test('a goto that skips kthread_unuse_mm (vfio dirty bitmap)', async () => {
    const src = `static int vfio_iommu_worker(struct vfio_ctx *vc)
{
	struct mm_struct *mm = vc->mm;
	int ret;

	if (!mmget_not_zero(mm))
		return -ENODEV;
	kthread_use_mm(mm);
	ret = copy_dirty_bitmap(vc);
	if (ret)
		goto out_put;
	kthread_unuse_mm(mm);
out_put:
	mmput(mm);
	return ret;
}
`;
    assert.deepEqual(await pairing(src), [15]);
  });

  test('a switch case that returns still using the mm (USB gadget AIO)', async () => {
    const src = `static int gadget_io(struct io_ctx *io, int op)
{
	struct mm_struct *mm = io->mm;

	if (!mmget_not_zero(mm))
		return -EFAULT;
	kthread_use_mm(mm);
	switch (op) {
	case IO_READ:
		do_read(io);
		break;
	case IO_ABORT:
		mmput(mm);
		return -ECANCELED;
	}
	kthread_unuse_mm(mm);
	mmput(mm);
	return 0;
}
`;
    assert.deepEqual(await pairing(src), [14]);
  });
});

describe('LMM008 kthread-use-mm-pairing: stays quiet on', () => {
  test('mmget_not_zero, use, unuse, mmput (all rules quiet)', async () => {
    const src = `static void vhost_run_work(struct vhost_worker *w)
{
	struct mm_struct *mm = w->dev->mm;

	if (!mmget_not_zero(mm))
		return;
	kthread_use_mm(mm);
	run_work(w);
	kthread_unuse_mm(mm);
	mmput(mm);
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('a field the file fills with get_task_mm()', async () => {
    const src = `static int owner_set(struct ctx *ctx)
{
	ctx->mm = get_task_mm(current);
	return ctx->mm ? 0 : -ESRCH;
}

static void owner_work(struct ctx *ctx)
{
	kthread_use_mm(ctx->mm);
	do_io(ctx);
	kthread_unuse_mm(ctx->mm);
}
`;
    assert.deepEqual(await pairing(src), []);
  });

  test('a kthread that adopts the mm for good and never unuses it', async () => {
    const src = `static int sq_thread_start(struct sq_data *sqd)
{
	struct mm_struct *mm = get_task_mm(sqd->owner);

	if (!mm)
		return -ESRCH;
	kthread_use_mm(mm);
	if (sqd->idle)
		return 0;
	run_first(sqd);
	return 0;
}
`;
    assert.deepEqual(await pairing(src), []);
  });

  test('a parameter the file says nothing about', async () => {
    const src = `void run_in_mm(struct mm_struct *mm, void (*fn)(void))
{
	kthread_use_mm(mm);
	fn();
	kthread_unuse_mm(mm);
}
`;
    assert.deepEqual(await pairing(src), []);
  });

  test('a field grabbed at attach and pinned with mmget_not_zero before use (io_uring)', async () => {
    const src = `static int ring_attach(struct ring *r)
{
	r->mm = current->mm;
	mmgrab(r->mm);
	return 0;
}

static void ring_submit(struct ring *r)
{
	if (!mmget_not_zero(r->mm))
		return;
	kthread_use_mm(r->mm);
	submit(r);
	kthread_unuse_mm(r->mm);
	mmput(r->mm);
}
`;
    assert.deepEqual(await pairing(src), []);
  });

  test('grabbed here, but pinned with mmget_not_zero as well', async () => {
    const src = `static void worker_once(struct worker *w)
{
	struct mm_struct *mm = w->mm;

	mmgrab(mm);
	if (!mmget_not_zero(mm)) {
		mmdrop(mm);
		return;
	}
	kthread_use_mm(mm);
	run_items(w);
	kthread_unuse_mm(mm);
	mmput(mm);
	mmdrop(mm);
}
`;
    assert.deepEqual(await pairing(src), []);
  });
});
