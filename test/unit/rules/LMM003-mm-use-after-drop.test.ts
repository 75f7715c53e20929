// LMM003 mm-use-after-drop: the function's own reference (get_task_mm, mm_access, mm_alloc, or a
// same-file helper returning one) dereferenced, passed on or returned after the path released it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const uses = (src: string) => linesOf(src, 'LMM003');

describe('LMM003 mm-use-after-drop: flags', () => {
  test('a field read after mmput, with the path', async () => {
    const src = `static unsigned long task_vsize(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return 0;
	mmput(mm);
	return mm->total_vm;
}
`;
    const findings = await findingsOf(src, 'LMM003');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'error');
    assert.equal(f.range.start.line + 1, 8);
    assert.equal(f.message, 'mm is used after this path dropped its reference at line 7: the mm may already be freed');
    assert.deepEqual(steps(f), [
      ['put', 7],
      ['use', 8],
    ]);
  });

  test('passed to an unmodelled helper after mmput', async () => {
    const src = `static void report_rss(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return;
	mmput(mm);
	print_rss_counters(mm);
}
`;
    assert.deepEqual(await uses(src), [8]);
  });

  test('passed to mmap_read_lock() after mmput: the first use is the lock', async () => {
    const src = `static int vma_count_remote(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	int n;

	if (!mm)
		return -ESRCH;
	n = mm->map_count;
	mmput(mm);
	mmap_read_lock(mm);
	n += count_vmas(mm);
	mmap_read_unlock(mm);
	return n;
}
`;
    assert.deepEqual(await uses(src), [10]);
  });

  test('returned after mmput', async () => {
    const src = `static struct mm_struct *peek_mm(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (mm)
		mmput(mm);
	return mm;
}
`;
    assert.deepEqual(await uses(src), [7]);
  });

  test('copied through *mm after mmput of an mm_access() reference', async () => {
    const src = `static int snapshot_mm(struct task_struct *t, struct mm_struct *out)
{
	struct mm_struct *mm = mm_access(t, PTRACE_MODE_READ);

	if (IS_ERR_OR_NULL(mm))
		return -ESRCH;
	mmput(mm);
	*out = *mm;
	return 0;
}
`;
    assert.deepEqual(await uses(src), [8]);
  });

  test('released on one branch, then passed on (uprobe write abort)', async () => {
    const src = `static int uprobe_write_remote(struct task_struct *t, unsigned long vaddr, bool abort)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	if (abort)
		mmput(mm);
	ret = write_opcode(mm, vaddr);
	if (!abort)
		mmput(mm);
	return ret;
}
`;
    assert.deepEqual(await uses(src), [10]);
  });

  test('a reference from a same-file helper that returns one', async () => {
    const src = `static struct mm_struct *sva_owner_mm(struct sva *sva)
{
	struct mm_struct *mm = get_task_mm(sva->task);

	return mm;
}

static int sva_report(struct sva *sva)
{
	struct mm_struct *mm = sva_owner_mm(sva);

	if (!mm)
		return -ESRCH;
	mmput(mm);
	return mm->pasid;
}
`;
    const findings = await findingsOf(src, 'LMM003');
    assert.deepEqual(
      findings.map((f) => [f.functionName, f.range.start.line + 1]),
      [['sva_report', 15]],
    );
  });
});

describe('LMM003 mm-use-after-drop: stays quiet on', () => {
  test('the read before the put', async () => {
    const src = `static unsigned long task_vsize_ok(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	unsigned long vsize;

	if (!mm)
		return 0;
	vsize = mm->total_vm;
	mmput(mm);
	return vsize;
}
`;
    assert.deepEqual(await uses(src), []);
  });

  test('printing and assertions after the put', async () => {
    const src = `static void drop_traced(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return;
	mmput(mm);
	pr_debug("dropped %p\\n", mm);
	trace_mm_dropped(mm);
	WARN_ON_ONCE(!mm);
}
`;
    assert.deepEqual(await uses(src), []);
  });

  test("a reference the function did not create: an object's field", async () => {
    const src = `static void ctx_put_extra(struct ctx *ctx)
{
	mmdrop(ctx->mm);
	ctx_flush(ctx->mm);
	ctx->mm->notify_seq++;
}
`;
    assert.deepEqual(await uses(src), []);
  });

  test('a reference from mmget_not_zero(): the ring still holds mm_count', async () => {
    const src = `static void sq_done(struct ring *r)
{
	struct mm_struct *mm = r->mm;

	if (!mmget_not_zero(mm))
		return;
	run(r);
	mmput(mm);
	account_mm(mm);
}
`;
    assert.deepEqual(await uses(src), []);
  });

  test('the name reassigned to a new reference after the put', async () => {
    const src = `static int walk_two(struct task_struct *a, struct task_struct *b)
{
	struct mm_struct *mm = get_task_mm(a);

	if (!mm)
		return -ESRCH;
	scan(mm);
	mmput(mm);
	mm = get_task_mm(b);
	if (!mm)
		return -ESRCH;
	scan(mm);
	mmput(mm);
	return 0;
}
`;
    assert.deepEqual(await uses(src), []);
  });

  test('the put on a path that returns at once', async () => {
    const src = `static int maybe_use(struct task_struct *t, bool skip)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	if (skip) {
		mmput(mm);
		return 0;
	}
	scan(mm);
	mmput(mm);
	return 1;
}
`;
    assert.deepEqual(await uses(src), []);
  });

  test('a pointer comparison after the put reads no memory', async () => {
    const src = `static bool owner_changed(struct ctx *ctx, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return true;
	mmput(mm);
	return ctx->last_mm != mm;
}
`;
    assert.deepEqual(await uses(src), []);
  });
});
