// LMM004 mm-count-not-users: VMAs, page tables or user memory touched on an mm the path holds only
// with mm_count (grabbed in this function). current->mm, vma->vm_mm and &init_mm are pinned.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const countOnly = (src: string) => linesOf(src, 'LMM004');

describe('LMM004 mm-count-not-users: flags', () => {
  test('mmap_read_lock and find_vma after mmgrab under task_lock, with the path', async () => {
    const src = `static int proc_vma_count(struct task_struct *task, unsigned long addr)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;

	task_lock(task);
	mm = task->mm;
	mmgrab(mm);
	task_unlock(task);
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	mmap_read_unlock(mm);
	mmdrop(mm);
	return vma ? 1 : 0;
}
`;
    const findings = await findingsOf(src, 'LMM004');
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [10, 11],
    );
    assert.equal(findings[0]!.severity, 'error');
    assert.match(findings[0]!.message, /^mmap_read_lock\(\) walks the address space of mm, but this path holds only mm_count \(line 8\)/);
    assert.deepEqual(steps(findings[0]!), [
      ['grab', 8],
      ['use', 10],
    ]);
  });

  test('get_user_pages_remote on a grabbed mm', async () => {
    const src = `static long pin_remote(struct ctx *ctx, unsigned long start, struct page **pages)
{
	struct mm_struct *mm = ctx->mm;
	long n;

	mmgrab(mm);
	n = get_user_pages_remote(mm, start, 1, FOLL_WRITE, pages, NULL);
	mmdrop(mm);
	return n;
}
`;
    assert.deepEqual(await countOnly(src), [7]);
  });

  test('access_remote_vm on the path where mmget_not_zero failed', async () => {
    const src = `static int copy_from_owner(struct ctx *ctx, void *buf, unsigned long addr, int len)
{
	struct mm_struct *mm = ctx->mm;
	int n;

	mmgrab(mm);
	if (!mmget_not_zero(mm)) {
		n = access_remote_vm(mm, addr, buf, len, 0);
		mmdrop(mm);
		return n;
	}
	n = access_remote_vm(mm, addr, buf, len, 0);
	mmput(mm);
	mmdrop(mm);
	return n;
}
`;
    assert.deepEqual(await countOnly(src), [8]);
  });

  test('mmap_read_lock after the users reference was put again (uprobes rescan)', async () => {
    const src = `static void uprobe_mm_scan(struct mm_struct *mm)
{
	mmgrab(mm);
	if (mmget_not_zero(mm)) {
		scan_breakpoints(mm);
		mmput(mm);
	}
	mmap_read_lock(mm);
	rescan_vmas(mm);
	mmap_read_unlock(mm);
	mmdrop(mm);
}
`;
    assert.deepEqual(await countOnly(src), [8]);
  });

  test('walk_page_range on a grabbed parameter', async () => {
    const src = `static int mm_walk_owner(struct mm_struct *mm, const struct mm_walk_ops *ops)
{
	int ret;

	mmgrab(mm);
	ret = walk_page_range(mm, 0, TASK_SIZE, ops, NULL);
	mmdrop(mm);
	return ret;
}
`;
    assert.deepEqual(await countOnly(src), [6]);
  });

  test('vma_lookup through an alias of the grabbed mm', async () => {
    const src = `static bool addr_mapped(struct ctx *ctx, unsigned long addr)
{
	struct mm_struct *mm = ctx->mm;
	struct mm_struct *m;
	bool ok;

	mmgrab(mm);
	m = mm;
	ok = vma_lookup(m, addr) != NULL;
	mmdrop(mm);
	return ok;
}
`;
    assert.deepEqual(await countOnly(src), [9]);
  });

  test("mmap_read_lock on an object's field this function grabbed", async () => {
    const src = `static void ctx_fault_around(struct ctx *ctx, unsigned long addr)
{
	mmgrab(ctx->mm);
	mmap_read_lock(ctx->mm);
	fault_in(ctx->mm, addr);
	mmap_read_unlock(ctx->mm);
	mmdrop(ctx->mm);
}
`;
    assert.deepEqual(await countOnly(src), [4]);
  });
});

describe('LMM004 mm-count-not-users: stays quiet on', () => {
  test('mmgrab, then a successful mmget_not_zero before the lock', async () => {
    const src = `static int ctx_read(struct ctx *ctx, unsigned long addr)
{
	struct mm_struct *mm = ctx->mm;
	int ret = -ESRCH;

	mmgrab(mm);
	if (mmget_not_zero(mm)) {
		mmap_read_lock(mm);
		ret = read_vma(mm, addr);
		mmap_read_unlock(mm);
		mmput(mm);
	}
	mmdrop(mm);
	return ret;
}
`;
    assert.deepEqual(await countOnly(src), []);
  });

  test("current->mm: the running task holds mm_users", async () => {
    const src = `static int self_lock(void)
{
	mmgrab(current->mm);
	mmap_read_lock(current->mm);
	do_self(current->mm);
	mmap_read_unlock(current->mm);
	mmdrop(current->mm);
	return 0;
}
`;
    assert.deepEqual(await countOnly(src), []);
  });

  test('vma->vm_mm: a VMA handed to us proves the address space is alive', async () => {
    const src = `static void vma_touch(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmgrab(mm);
	mmap_read_lock(mm);
	touch(vma);
	mmap_read_unlock(mm);
	mmdrop(mm);
}
`;
    assert.deepEqual(await countOnly(src), []);
  });

  test('init_mm through a local: never torn down', async () => {
    const src = `static void __init map_boot_range(unsigned long start, unsigned long end)
{
	struct mm_struct *mm = &init_mm;

	mmgrab(mm);
	mmap_write_lock(mm);
	map_range(mm, start, end);
	mmap_write_unlock(mm);
	mmdrop(mm);
}
`;
    assert.deepEqual(await countOnly(src), []);
  });

  test('get_task_mm gives mm_users', async () => {
    const src = `static int task_first_vma(struct task_struct *t, unsigned long addr)
{
	struct mm_struct *mm = get_task_mm(t);
	struct vm_area_struct *vma;

	if (!mm)
		return -ESRCH;
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	mmap_read_unlock(mm);
	mmput(mm);
	return vma ? 0 : -EFAULT;
}
`;
    assert.deepEqual(await countOnly(src), []);
  });

  test('a parameter this function never grabbed: the caller vouches for it', async () => {
    const src = `static int lock_and_find(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	mmap_read_unlock(mm);
	mmput(mm);
	return vma ? 0 : -EFAULT;
}
`;
    assert.deepEqual(await countOnly(src), []);
  });

  test('mmgrab plus mmget before find_vma', async () => {
    const src = `static int hold_both(struct mm_struct *mm, unsigned long addr)
{
	int ret;

	mmgrab(mm);
	mmget(mm);
	mmap_read_lock(mm);
	ret = find_vma(mm, addr) ? 0 : -EFAULT;
	mmap_read_unlock(mm);
	mmput(mm);
	mmdrop(mm);
	return ret;
}
`;
    assert.deepEqual(await countOnly(src), []);
  });
});
