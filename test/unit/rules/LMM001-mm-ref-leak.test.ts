// LMM001 mm-ref-leak on small kernel-style functions. Each expected line was worked out by hand
// from docs/rules.md: which paths reach a return still holding a reference the function owns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps, summary } from './util';

const leaks = (src: string) => linesOf(src, 'LMM001');

describe('LMM001 mm-ref-leak: flags', () => {
  test('an error label that unwinds everything but the mmgrab, with the path that gets there', async () => {
    const src = `static int bind(struct ctx *ctx)
{
	struct mm_struct *mm = current->mm;
	int ret;

	mmgrab(mm);
	ret = setup(ctx);
	if (ret)
		goto err_free;
	ctx->mm = mm;
	return 0;
err_free:
	teardown(ctx);
	return ret;
}
`;
    const findings = await findingsOf(src, 'LMM001');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.functionName, 'bind');
    assert.equal(f.range.start.line + 1, 14);
    assert.match(f.message, /^mm_count reference taken by mmgrab\(mm\) at line 6 is leaked/);
    assert.deepEqual(steps(f), [
      ['grab', 6],
      ['branch', 8],
      ['jump', 9],
      ['exit', 14],
    ]);
    assert.equal(f.path[1]!.message, "assuming 'ret' is true");
    assert.equal(f.path[2]!.message, "jumps to 'err_free'");
  });

  test('an early return after a checked get_task_mm, but not the NULL return', async () => {
    const src = `int attach(struct ctx *ctx, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (!ctx->enabled)
		return -EINVAL;
	ctx->mm = mm;
	return 0;
}
`;
    assert.deepEqual(await leaks(src), [8]);
  });

  test('an error return after a successful mmget_not_zero', async () => {
    const src = `int walk(struct mm_struct *mm)
{
	int ret;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	ret = lock_pages(mm);
	if (ret < 0)
		return ret;
	unlock_pages(mm);
	mmput(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), [9]);
  });

  test('falling off the end of a void function that puts only on one branch', async () => {
    const src = `void pin(struct mm_struct *mm, bool sync)
{
	mmget(mm);
	do_something(mm);
	if (sync)
		mmput(mm);
}
`;
    const findings = await findingsOf(src, 'LMM001');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 7);
    assert.deepEqual(steps(findings[0]!), [
      ['get', 3],
      ['branch', 5],
      ['exit', 7],
    ]);
    assert.equal(findings[0]!.path[1]!.message, "assuming 'sync' is false");
    assert.match(findings[0]!.path.at(-1)!.message, /falls off the end of the function/);
  });

  test('the second operand of a short circuit: !mm || disabled', async () => {
    const src = `int f(struct task_struct *t, bool disabled)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm || disabled)
		return -EINVAL;
	mmput(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), [6]);
  });

  test('a break out of a loop between mmget_not_zero and mmput', async () => {
    const src = `int poll(struct mm_struct *mm, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!mmget_not_zero(mm))
			continue;
		if (stop_requested())
			break;
		work(mm);
		mmput(mm);
	}
	return 0;
}
`;
    assert.deepEqual(await leaks(src), [13]);
  });

  test('a switch case that returns while holding the reference', async () => {
    const src = `int op(struct mm_struct *mm, int cmd)
{
	mmgrab(mm);
	switch (cmd) {
	case 1:
		return -EBUSY;
	default:
		break;
	}
	mmdrop(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), [6]);
  });

  test('WARN_ON_ONCE(!mm) is seen through; the later error return leaks (remote auxv read)', async () => {
    const src = `static int read_auxv_remote(struct task_struct *task, void *buf, int len)
{
	struct mm_struct *mm = get_task_mm(task);
	int n;

	if (WARN_ON_ONCE(!mm))
		return -ESRCH;
	n = access_remote_vm(mm, mm->arg_start, buf, len, FOLL_FORCE);
	if (n < 0)
		return n;
	mmput(mm);
	return n;
}
`;
    assert.deepEqual(await leaks(src), [10]);
  });

  test('a same-file helper that returns get_task_mm() is a source of references', async () => {
    const src = `static struct mm_struct *owner_mm(struct ctx *ctx)
{
	return get_task_mm(ctx->owner);
}

int ctx_dump(struct ctx *ctx, struct seq_file *m)
{
	struct mm_struct *mm = owner_mm(ctx);

	if (!mm)
		return -ESRCH;
	if (!ctx->dumpable)
		return -EPERM;
	seq_printf(m, "%lu\\n", mm->total_vm);
	mmput(mm);
	return 0;
}
`;
    const findings = await findingsOf(src, 'LMM001');
    assert.deepEqual(
      findings.map((f) => [f.functionName, f.range.start.line + 1]),
      [['ctx_dump', 13]],
    );
  });

  test('a flag cleared on one path skips the put (sva bind probe)', async () => {
    const src = `static int sva_bind_check(struct task_struct *t, bool probe)
{
	struct mm_struct *mm = get_task_mm(t);
	bool do_put = true;

	if (!mm)
		return -ESRCH;
	if (probe)
		do_put = false;
	check_pasid(mm);
	if (do_put)
		mmput(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), [13]);
  });

  test('mm_alloc() in an exec-style setup leaks on the goto path, with the path', async () => {
    const src = `static int bprm_mm_setup(struct linux_binprm *bprm)
{
	struct mm_struct *mm;
	int err;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	err = setup_stack_vma(mm);
	if (err)
		goto out;
	bprm->mm = mm;
	return 0;
out:
	return err;
}
`;
    const findings = await findingsOf(src, 'LMM001');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 15);
    assert.match(findings[0]!.message, /^mm_users reference taken by mm_alloc\(\) at line 6 is leaked/);
    assert.deepEqual(steps(findings[0]!), [
      ['get', 6],
      ['branch', 7],
      ['branch', 10],
      ['jump', 11],
      ['exit', 15],
    ]);
  });
});

describe('LMM001 mm-ref-leak: stays quiet on', () => {
  test('goto unwinding that drops on every error path', async () => {
    const src = `int f(struct ctx *ctx)
{
	struct mm_struct *mm = current->mm;
	int ret;

	mmgrab(mm);
	ret = a(ctx);
	if (ret)
		goto err_drop;
	ret = b(ctx);
	if (ret)
		goto err_undo_a;
	ctx->mm = mm;
	return 0;
err_undo_a:
	undo_a(ctx);
err_drop:
	mmdrop(mm);
	return ret;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a helper that returns the referenced mm to its caller', async () => {
    const src = `static struct mm_struct *grab_owner_mm(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (mm && !allowed(mm)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('init_mm grabbed for an idle thread: never freed (secondary_start_kernel)', async () => {
    const src = `void __init secondary_start_kernel(void)
{
	struct mm_struct *mm = &init_mm;
	unsigned int cpu = smp_processor_id();

	mmgrab(&init_mm);
	current->active_mm = &init_mm;
	cpumask_set_cpu(cpu, mm_cpumask(mm));
	cpu_startup_entry(CPUHP_AP_ONLINE_IDLE);
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test("a reference taken on an object's field belongs to the object", async () => {
    const src = `int ring_init(struct ring *r)
{
	r->mm = current->mm;
	mmgrab(r->mm);
	if (setup(r))
		return -ENOMEM;
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a reference on current->mm handed over to an object, then dropped through it on failure', async () => {
    const src = `int ring_create(struct ring *r)
{
	mmgrab(current->mm);
	r->mm_account = current->mm;
	if (IS_ERR(r->thread)) {
		mmdrop(r->mm_account);
		return PTR_ERR(r->thread);
	}
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a reference stored in a global', async () => {
    const src = `static struct mm_struct *saved_mm;
void save(struct mm_struct *mm)
{
	mmgrab(mm);
	saved_mm = mm;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a drop through an alias', async () => {
    const src = `void f(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	struct mm_struct *m2;

	if (!mm)
		return;
	m2 = mm;
	mmput(m2);
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('mm_access checked with IS_ERR_OR_NULL', async () => {
    const src = `int read_remote(struct task_struct *task)
{
	struct mm_struct *mm = mm_access(task, PTRACE_MODE_READ_FSCREDS);

	if (IS_ERR_OR_NULL(mm))
		return mm ? PTR_ERR(mm) : -ESRCH;
	access_remote_vm(mm, 0, NULL, 0, 0);
	mmput(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a kthread that borrows an mm between mmget_not_zero and mmput in a loop', async () => {
    const src = `static int worker(void *data)
{
	struct ring *r = data;
	struct mm_struct *mm = r->mm;

	while (!kthread_should_stop()) {
		if (!mmget_not_zero(mm))
			break;
		kthread_use_mm(mm);
		submit(r);
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('exit_mm: the lazy mm_count goes to active_mm through enter_lazy_tlb (all rules quiet)', async () => {
    const src = `static void exit_mm_sketch(void)
{
	struct mm_struct *mm = current->mm;

	if (!mm)
		return;
	mmap_read_lock(mm);
	mmgrab_lazy_tlb(mm);
	task_lock(current);
	local_irq_disable();
	current->mm = NULL;
	membarrier_update_current_mm(NULL);
	enter_lazy_tlb(mm, current);
	local_irq_enable();
	task_unlock(current);
	mmap_read_unlock(mm);
	mmput(mm);
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('a users reference adopted by an unpaired kthread_use_mm (SQPOLL thread start)', async () => {
    const src = `static int sq_thread_adopt(struct sq_data *sqd)
{
	struct mm_struct *mm = get_task_mm(sqd->owner);

	if (!mm)
		return -ESRCH;
	kthread_use_mm(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a flag set to a constant and tested later correlates the put (vfio pin)', async () => {
    const src = `static int vfio_pin_remote(struct vfio_dma *dma, unsigned long vaddr)
{
	struct mm_struct *mm = dma->mm;
	bool do_put = false;
	int ret;

	if (mm != current->mm) {
		if (!mmget_not_zero(mm))
			return -ENODEV;
		do_put = true;
	}
	ret = pin_pages(mm, vaddr);
	if (do_put)
		mmput(mm);
	return ret;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a repeated condition takes the same branch twice', async () => {
    const src = `static int uprobe_copy(struct task_struct *t, bool remote, void *buf)
{
	struct mm_struct *mm;

	if (remote) {
		mm = get_task_mm(t);
		if (!mm)
			return -ESRCH;
	} else {
		mm = current->mm;
	}
	copy_insn(mm, buf);
	if (remote)
		mmput(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a reference published with WRITE_ONCE after the error unwinding (mmu_notifier)', async () => {
    const src = `int notifier_register(struct mmu_notifier *sub, struct mm_struct *mm)
{
	int ret;

	mmgrab(mm);
	ret = notifier_alloc(mm);
	if (ret) {
		mmdrop(mm);
		return ret;
	}
	WRITE_ONCE(sub->mm, mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a same-file helper that mmput()s its parameter releases the reference', async () => {
    const src = `static void owner_put(struct mm_struct *mm)
{
	if (mm)
		mmput(mm);
}

int ctx_stat(struct ctx *ctx)
{
	struct mm_struct *mm = get_task_mm(ctx->owner);
	int v;

	if (!mm)
		return -ESRCH;
	v = mm->map_count;
	owner_put(mm);
	return v;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a grab the function never releases, stores or returns is on behalf of its caller (ksm slot)', async () => {
    const src = `int slot_enter(struct mm_struct *mm)
{
	struct mm_slot *slot = alloc_slot();

	if (!slot)
		return -ENOMEM;
	insert_slot(slot, mm);
	mmgrab(mm);
	return 0;
}
`;
    assert.deepEqual(await leaks(src), []);
  });

  test('a seq_file .start that keeps the reference for its .stop', async () => {
    const src = `static void *maps_start(struct seq_file *m, loff_t *pos)
{
	struct maps_priv *priv = m->private;
	struct mm_struct *mm = priv->mm;

	if (!mm || !mmget_not_zero(mm))
		return NULL;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return ERR_PTR(-EINTR);
	}
	return first_vma(mm, *pos);
}

static void maps_stop(struct seq_file *m, void *v)
{
	struct maps_priv *priv = m->private;
	struct mm_struct *mm = priv->mm;

	mmap_read_unlock(mm);
	mmput(mm);
}

static const struct seq_operations maps_ops = {
	.start	= maps_start,
	.next	= maps_next,
	.stop	= maps_stop,
	.show	= maps_show,
};
`;
    assert.deepEqual(await leaks(src), []);
  });
});
