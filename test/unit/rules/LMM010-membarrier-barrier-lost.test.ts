// LMM010 membarrier-barrier-lost: current->mm / active_mm (of current or a tsk = current alias)
// given a non-static value with no full barrier anywhere on the path before or after. Reported at
// the return the path reaches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps, summary } from './util';

const lost = (src: string) => linesOf(src, 'LMM010');

describe('LMM010 membarrier-barrier-lost: flags', () => {
  test('exit_mm without membarrier_update_current_mm, with the path', async () => {
    const src = `static void exit_mm_nobarrier(void)
{
	struct mm_struct *mm = current->mm;

	if (!mm)
		return;
	task_lock(current);
	current->mm = NULL;
	task_unlock(current);
	mmput(mm);
}
`;
    const findings = await findingsOf(src, 'LMM010');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.range.start.line + 1, 11);
    assert.match(f.message, /^this path returns after 'current->mm' changed at line 8 with no full memory barrier after it/);
    assert.deepEqual(steps(f), [
      ['switch', 8],
      ['put', 10],
      ['exit', 11],
    ]);
  });

  test('exec_mmap without membarrier_exec_mmap, through the tsk alias', async () => {
    const src = `static int exec_mmap_nobarrier(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old_mm = tsk->mm;

	task_lock(tsk);
	local_irq_disable();
	tsk->active_mm = mm;
	tsk->mm = mm;
	local_irq_enable();
	task_unlock(tsk);
	if (old_mm)
		mmput(old_mm);
	return 0;
}
`;
    assert.deepEqual(await lost(src), [14]);
  });

  test('an early return before the smp_mb()', async () => {
    const src = `static int attach_user_mm(struct mm_struct *mm, bool sync)
{
	local_irq_disable();
	current->active_mm = mm;
	local_irq_enable();
	if (!sync)
		return 0;
	smp_mb();
	return 1;
}
`;
    assert.deepEqual(await lost(src), [7]);
  });

  test('falling off the end after adopting an mm under task_lock', async () => {
    const src = `static void adopt_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;

	task_lock(tsk);
	tsk->mm = mm;
	task_unlock(tsk);
}
`;
    assert.deepEqual(await lost(src), [8]);
  });

  test('the error unwinding path skips the membarrier hook', async () => {
    const src = `static int borrow_mm(struct mm_struct *mm)
{
	int ret;

	current->mm = mm;
	ret = prepare_user_ctx();
	if (ret)
		goto out;
	membarrier_update_current_mm(mm);
	return 0;
out:
	current->mm = NULL;
	return ret;
}
`;
    assert.deepEqual(await lost(src), [13]);
  });
});

describe('LMM010 membarrier-barrier-lost: stays quiet on', () => {
  test('exit_mm with membarrier_update_current_mm after the change', async () => {
    const src = `static void exit_mm_ok(void)
{
	struct mm_struct *mm = current->mm;

	if (!mm)
		return;
	task_lock(current);
	current->mm = NULL;
	membarrier_update_current_mm(NULL);
	task_unlock(current);
	mmput(mm);
}
`;
    assert.deepEqual(await lost(src), []);
  });

  test('smp_mb() before the change', async () => {
    const src = `static void switch_user_mm(struct mm_struct *mm)
{
	smp_mb();
	local_irq_disable();
	current->active_mm = mm;
	local_irq_enable();
}
`;
    assert.deepEqual(await lost(src), []);
  });

  test('the mmgrab atomic earlier on the path (kthread borrowing an mm)', async () => {
    const src = `static void borrow_with_grab(struct mm_struct *mm)
{
	struct task_struct *tsk = current;

	mmgrab(mm);
	task_lock(tsk);
	local_irq_disable();
	tsk->active_mm = mm;
	tsk->mm = mm;
	local_irq_enable();
	task_unlock(tsk);
}
`;
    assert.deepEqual(await lost(src), []);
  });

  test('idle and boot setup on init_mm', async () => {
    const src = `void __init cpu_idle_setup(void)
{
	struct task_struct *idle = current;

	idle->active_mm = &init_mm;
	current->active_mm = &init_mm;
}
`;
    assert.deepEqual(await lost(src), []);
  });

  test("__init code: m68k's paging_init clears current->mm before user space exists", async () => {
    // The same body without __init, a function any task could run, is flagged.
    const body = `
{
	unsigned long address = PAGE_OFFSET;

	for (i = 0; i < size; i++) {
		set_pte(pg_table, pfn_pte(virt_to_pfn((void *)address), PAGE_INIT));
		address += PAGE_SIZE;
	}
	current->mm = NULL;
	free_area_init(max_zone_pfn);
}
`;
    assert.deepEqual(await lost(`void __init paging_init(void)${body}`), []);
    assert.deepEqual(await lost(`static void __init\nsun3_paging_init(void)${body}`), []);
    assert.deepEqual(await lost(`void reset_paging(void)${body}`), [11]);
    // __init_or_module is not __init: modular code runs with user space around.
    assert.deepEqual(await lost(`void __init_or_module reset_paging(void)${body}`), [11]);
  });

  test("another task's mm (fork's copy, not current)", async () => {
    const src = `static int copy_mm_sketch(struct task_struct *tsk, struct mm_struct *mm)
{
	tsk->mm = mm;
	tsk->active_mm = mm;
	return 0;
}
`;
    assert.deepEqual(await lost(src), []);
  });

  test('exec_mmap with membarrier_exec_mmap (all rules quiet)', async () => {
    const src = `static int exec_mmap_ok(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old_mm = tsk->mm;

	task_lock(tsk);
	membarrier_exec_mmap(mm);
	local_irq_disable();
	tsk->active_mm = mm;
	tsk->mm = mm;
	local_irq_enable();
	task_unlock(tsk);
	if (old_mm)
		mmput(old_mm);
	return 0;
}
`;
    assert.deepEqual(await summary(src), []);
  });
});
