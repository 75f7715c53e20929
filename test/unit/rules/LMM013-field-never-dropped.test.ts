// LMM013 field-never-dropped: a field X->f that receives a grabbed or got mm while no function in the
// file releases Y->f (or a local loaded from Y->f). Reported once per field, at the first store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const neverDropped = (src: string, fieldsDroppedElsewhere?: ReadonlySet<string>) =>
  linesOf(src, 'LMM013', fieldsDroppedElsewhere ? { fieldsDroppedElsewhere } : undefined);

describe('LMM013 field-never-dropped: flags', () => {
  test('an SVA domain that keeps a grabbed mm, with the path', async () => {
    const src = `static int sva_domain_bind(struct sva_domain *domain, struct mm_struct *mm)
{
	mmgrab(mm);
	domain->mm = mm;
	return 0;
}
`;
    const findings = await findingsOf(src, 'LMM013');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.functionName, 'sva_domain_bind');
    assert.equal(f.range.start.line + 1, 4);
    assert.match(f.message, /^'mm' receives an mm reference here \(domain->mm = mm\) but no function in this file drops it/);
    assert.deepEqual(steps(f), [['handover', 4]]);
  });

  test('mmgrab on the field itself while the free path forgets it (binder alloc)', async () => {
    const src = `static void binder_alloc_init_sketch(struct binder_alloc *alloc)
{
	alloc->mm = current->mm;
	mmgrab(alloc->mm);
}

static void binder_alloc_free_sketch(struct binder_alloc *alloc)
{
	free_pages_of(alloc);
}
`;
    const findings = await findingsOf(src, 'LMM013');
    assert.deepEqual(
      findings.map((f) => [f.functionName, f.range.start.line + 1]),
      [['binder_alloc_init_sketch', 4]],
    );
  });

  test('a field filled from get_task_mm while the release puts a different field', async () => {
    const src = `static int ctx_set_owner(struct ctx *ctx, struct task_struct *t)
{
	ctx->owner_mm = get_task_mm(t);
	return ctx->owner_mm ? 0 : -ESRCH;
}

static void ctx_free(struct ctx *ctx)
{
	mmput(ctx->mm);
	kfree(ctx);
}
`;
    assert.deepEqual(await neverDropped(src), [3]);
  });

  test("io_uring's mm_account: mmgrab(current->mm), then stored", async () => {
    const src = `static int ring_account_init(struct ring *r)
{
	mmgrab(current->mm);
	r->mm_account = current->mm;
	return 0;
}
`;
    assert.deepEqual(await neverDropped(src), [4]);
  });

  test('mmget on a field nobody puts', async () => {
    const src = `static void notifier_pin(struct notifier *n)
{
	mmget(n->mm);
	n->pinned = true;
}
`;
    assert.deepEqual(await neverDropped(src), [3]);
  });

  test('one report per field, at the first store', async () => {
    const src = `static int pidfd_open_mm(struct pidfd_ctx *pc, struct task_struct *t)
{
	pc->target_mm = mm_access(t, PTRACE_MODE_ATTACH_REALCREDS);
	return PTR_ERR_OR_ZERO(pc->target_mm);
}

static int pidfd_reopen_mm(struct pidfd_ctx *pc, struct task_struct *t)
{
	pc->target_mm = mm_access(t, PTRACE_MODE_READ_REALCREDS);
	return PTR_ERR_OR_ZERO(pc->target_mm);
}
`;
    assert.deepEqual(await neverDropped(src), [3]);
  });

  test('a get_task_mm() reference stored through a local (vhost set owner)', async () => {
    const src = `static long vhost_set_owner_sketch(struct vhost_dev *dev)
{
	struct mm_struct *mm = get_task_mm(current);

	if (!mm)
		return -EFAULT;
	dev->owner_mm = mm;
	return 0;
}
`;
    assert.deepEqual(await neverDropped(src), [7]);
  });
});

describe('LMM013 field-never-dropped: stays quiet on', () => {
  test('a release function in the same file drops the field', async () => {
    const src = `static int sva_bind(struct sva_domain *d, struct mm_struct *mm)
{
	mmgrab(mm);
	d->mm = mm;
	return 0;
}

static void sva_free(struct sva_domain *d)
{
	mmdrop(d->mm);
	kfree(d);
}
`;
    assert.deepEqual(await neverDropped(src), []);
  });

  test('a drop through a local loaded from the field', async () => {
    const src = `static void binder_alloc_init_ok(struct binder_alloc *alloc)
{
	alloc->mm = current->mm;
	mmgrab(alloc->mm);
}

static void binder_alloc_deferred_release(struct binder_alloc *alloc)
{
	struct mm_struct *mm = alloc->mm;

	if (mm)
		mmdrop(mm);
}
`;
    assert.deepEqual(await neverDropped(src), []);
  });

  test('a field another file of the workspace drops', async () => {
    const src = `static int sva_domain_bind(struct sva_domain *domain, struct mm_struct *mm)
{
	mmgrab(mm);
	domain->mm = mm;
	return 0;
}
`;
    assert.deepEqual(await neverDropped(src, new Set(['mm'])), []);
  });

  test('active_mm is the lazy-TLB slot, not an object field', async () => {
    const src = `static void borrow_lazy(struct task_struct *tsk, struct mm_struct *mm)
{
	mmgrab(mm);
	tsk->active_mm = mm;
}
`;
    assert.deepEqual(await neverDropped(src), []);
  });

  test('mmgrab(current->mm) that is never stored', async () => {
    const src = `static void pin_self(void)
{
	mmgrab(current->mm);
	do_pinned_work();
	mmdrop(current->mm);
}
`;
    assert.deepEqual(await neverDropped(src), []);
  });

  test('mmget_not_zero on a field: a reference only while it returns true', async () => {
    const src = `static void ring_poll(struct ring *r)
{
	if (!mmget_not_zero(r->mm))
		return;
	poll_pages(r);
	mmput_async(r->mm_owner);
}
`;
    assert.deepEqual(await neverDropped(src), []);
  });

  test('a plain pointer stored with no reference taken', async () => {
    const src = `static void ctx_note_mm(struct ctx *ctx)
{
	ctx->mm = current->mm;
	ctx->pid = current->pid;
}
`;
    assert.deepEqual(await neverDropped(src), []);
  });
});
