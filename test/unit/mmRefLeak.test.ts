// LMM001 on small kernel-style functions. Each expectation was worked out by hand from
// docs/rules.md: which paths reach a return still holding a reference.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { check, lineOf } from '../helpers';

async function leaks(src: string): Promise<number[]> {
  const { findings } = await check(src);
  return findings.filter((f) => f.ruleId === 'LMM001').map((f) => f.range.start.line + 1);
}

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
    const { findings } = await check(src);
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.ruleId, 'LMM001');
    assert.equal(f.severity, 'warning');
    assert.equal(f.functionName, 'bind');
    assert.equal(f.range.start.line + 1, lineOf(src, 'return ret;'));
    assert.match(f.message, /^mm_count reference taken by mmgrab\(mm\) at line 6 is leaked/);
    assert.deepEqual(
      f.path.map((s) => [s.kind, s.range.start.line + 1]),
      [
        ['grab', 6],
        ['branch', 8],
        ['jump', 9],
        ['exit', 14],
      ],
    );
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
    assert.deepEqual(await leaks(src), [lineOf(src, 'return -EINVAL')]);
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
    assert.deepEqual(await leaks(src), [lineOf(src, 'return ret;')]);
  });

  test('falling off the end of a void function after mmget', async () => {
    const src = `void pin(struct mm_struct *mm)
{
	mmget(mm);
	do_something(mm);
}
`;
    const { findings } = await check(src);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 5);
    assert.match(findings[0]!.path.at(-1)!.message, /falls off the end of the function/);
  });

  test('a mm_count reference "released" with mmput, which drops mm_users instead', async () => {
    const src = `void wrong_put(struct mm_struct *mm)
{
	mmgrab(mm);
	use(mm);
	mmput(mm);
}
`;
    // Reported at the closing brace, line 6: the path falls off the end still holding mm_count.
    assert.deepEqual(await leaks(src), [6]);
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
    assert.deepEqual(await leaks(src), [lineOf(src, 'return -EINVAL')]);
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
    assert.deepEqual(await leaks(src), [lineOf(src, 'return 0;')]);
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
    assert.deepEqual(await leaks(src), [lineOf(src, 'return -EBUSY')]);
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

  test('init_mm grabbed for an idle thread: never freed', async () => {
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
});
