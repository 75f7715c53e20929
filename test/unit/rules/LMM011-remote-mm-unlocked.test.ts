// LMM011 remote-mm-unlocked: a dereference through another task's ->mm / ->active_mm, where the task
// came from a lookup (find_task_by_vpid, pid_task, get_pid_task, find_get_task_by_vpid,
// get_proc_task) or a for_each_process/for_each_thread walk, without task_lock(t) on the path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const remote = (src: string) => linesOf(src, 'LMM011');

describe('LMM011 remote-mm-unlocked: flags', () => {
  test('get_pid_task, then t->active_mm->pgd, with the path', async () => {
    const src = `static int pidfd_peek_pgd(struct pid *pid, unsigned long *out)
{
	struct task_struct *t = get_pid_task(pid, PIDTYPE_PID);

	if (!t)
		return -ESRCH;
	*out = (unsigned long)t->active_mm->pgd;
	put_task_struct(t);
	return 0;
}
`;
    const findings = await findingsOf(src, 'LMM011');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'error');
    assert.equal(f.range.start.line + 1, 7);
    assert.match(f.message, /^t->mm belongs to another task and is dereferenced without task_lock\(t\)/);
    assert.deepEqual(steps(f), [['use', 7]]);
  });

  test('a dereference after task_unlock (the reference went to a local)', async () => {
    const src = `static long task_map_count(pid_t nr)
{
	struct task_struct *t = find_get_task_by_vpid(nr);
	struct mm_struct *mm;
	long n = 0;

	if (!t)
		return -ESRCH;
	task_lock(t);
	mm = t->mm;
	if (mm)
		mmget(mm);
	task_unlock(t);
	if (t->mm)
		n = t->mm->map_count;
	if (mm)
		mmput(mm);
	put_task_struct(t);
	return n;
}
`;
    assert.deepEqual(await remote(src), [15]);
  });

  test('a for_each_process cursor (comparing page tables)', async () => {
    const src = `static int count_sharing(struct mm_struct *mm)
{
	struct task_struct *p;
	int n = 0;

	mmgrab(mm);
	rcu_read_lock();
	for_each_process(p) {
		if (p->mm && p->mm->pgd == mm->pgd)
			n++;
	}
	rcu_read_unlock();
	mmdrop(mm);
	return n;
}
`;
    assert.deepEqual(await remote(src), [9]);
  });

  test('a for_each_process_thread cursor reading active_mm', async () => {
    const src = `static int lazy_users_of(struct mm_struct *mm)
{
	struct task_struct *g, *t;
	int n = 0;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (t->active_mm == mm && t->active_mm->owner != t)
			n++;
	}
	rcu_read_unlock();
	return n;
}
`;
    assert.deepEqual(await remote(src), [8]);
  });

  test('pid_task under RCU only', async () => {
    const src = `static void kill_if_huge(struct pid *pid, struct mm_struct *ref)
{
	struct task_struct *t;

	rcu_read_lock();
	t = pid_task(pid, PIDTYPE_PID);
	if (t && t->mm && t->mm->total_vm > ref->total_vm)
		send_sig(SIGKILL, t, 0);
	rcu_read_unlock();
	mmput(ref);
}
`;
    assert.deepEqual(await remote(src), [7]);
  });

  test('find_task_by_vpid in a function with no mm API call', async () => {
    const src = `static unsigned long pid_vsize(pid_t pid)
{
	struct task_struct *p;
	unsigned long v = 0;

	rcu_read_lock();
	p = find_task_by_vpid(pid);
	if (p && p->mm)
		v = p->mm->total_vm;
	rcu_read_unlock();
	return v;
}
`;
    assert.deepEqual(await remote(src), [9]);
  });

  test('get_proc_task in a /proc show function with no mm API call', async () => {
    const src = `static int proc_pid_pgtables(struct seq_file *m, struct inode *inode)
{
	struct task_struct *task = get_proc_task(inode);

	if (!task)
		return -ESRCH;
	seq_printf(m, "%lu\\n", task->mm->pgtables_bytes);
	put_task_struct(task);
	return 0;
}
`;
    assert.deepEqual(await remote(src), [7]);
  });

  test("a local loaded from another task's active_mm, then dereferenced", async () => {
    const src = `static unsigned long pid_lazy_ctx(pid_t pid)
{
	struct task_struct *t = find_task_by_vpid(pid);
	struct mm_struct *mm;

	if (!t)
		return 0;
	mm = t->active_mm;
	return mm->context.id;
}
`;
    assert.deepEqual(await remote(src), [9]);
  });
});

describe('LMM011 remote-mm-unlocked: stays quiet on', () => {
  test('the dereference inside task_lock/task_unlock', async () => {
    const src = `static unsigned long pid_lazy_pgd_locked(pid_t pid)
{
	struct task_struct *t;
	unsigned long pgd = 0;

	rcu_read_lock();
	t = find_task_by_vpid(pid);
	if (t) {
		task_lock(t);
		pgd = (unsigned long)t->active_mm->pgd;
		task_unlock(t);
	}
	rcu_read_unlock();
	return pgd;
}
`;
    assert.deepEqual(await remote(src), []);
  });

  test("current's own mm", async () => {
    const src = `static unsigned long self_stats(void)
{
	unsigned long v = current->mm->total_vm;

	v += (unsigned long)current->active_mm->pgd;
	return v;
}
`;
    assert.deepEqual(await remote(src), []);
  });

  test('get_task_mm of the looked-up task, then the reference', async () => {
    const src = `static unsigned long pid_vsize_ref(pid_t pid)
{
	struct task_struct *t = find_get_task_by_vpid(pid);
	struct mm_struct *mm;
	unsigned long v = 0;

	if (!t)
		return 0;
	mm = get_task_mm(t);
	put_task_struct(t);
	if (mm) {
		v = mm->total_vm;
		mmput(mm);
	}
	return v;
}
`;
    assert.deepEqual(await remote(src), []);
  });

  test('find_lock_task_mm returns the task locked (oom dump_tasks)', async () => {
    const src = `static void dump_tasks_sketch(void)
{
	struct task_struct *p, *t;

	rcu_read_lock();
	for_each_process(p) {
		t = find_lock_task_mm(p);
		if (!t)
			continue;
		pr_info("%d %lu %d\\n", t->pid, t->mm->total_vm, t->mm == t->active_mm);
		task_unlock(t);
	}
	rcu_read_unlock();
}
`;
    assert.deepEqual(await remote(src), []);
  });

  test('a task parameter, not a lookup', async () => {
    const src = `static bool task_is_lazy_on(struct task_struct *tsk, struct mm_struct *mm)
{
	return !tsk->mm && tsk->active_mm == mm && tsk->active_mm->pgd == mm->pgd;
}
`;
    assert.deepEqual(await remote(src), []);
  });

  test("a remote task's mm compared, never dereferenced", async () => {
    const src = `static bool pid_shares_mm(pid_t pid)
{
	struct task_struct *t;
	bool same;

	rcu_read_lock();
	t = find_task_by_vpid(pid);
	same = t && t->mm == current->active_mm;
	rcu_read_unlock();
	return same;
}
`;
    assert.deepEqual(await remote(src), []);
  });
});
