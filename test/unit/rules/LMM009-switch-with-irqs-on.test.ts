// LMM009 switch-with-irqs-on: current->active_mm assigned (directly or through tsk = current),
// switch_mm_irqs_off() or enter_lazy_tlb() called on a path where IRQs may be on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps, summary } from './util';

const irqsOn = (src: string) => linesOf(src, 'LMM009');

describe('LMM009 switch-with-irqs-on: flags', () => {
  test('current->active_mm assigned with IRQs on', async () => {
    const src = `static void use_borrowed_mm(struct mm_struct *mm)
{
	struct mm_struct *old = current->active_mm;

	current->active_mm = mm;
	switch_mm(old, mm, current);
}
`;
    const findings = await findingsOf(src, 'LMM009');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'error');
    assert.equal(findings[0]!.range.start.line + 1, 5);
    assert.match(findings[0]!.message, /^current->active_mm is changed while IRQs may be on/);
    assert.deepEqual(steps(findings[0]!), [['switch', 5]]);
  });

  test('exec_mmap without local_irq_disable: the alias and the switch', async () => {
    const src = `static int exec_mmap_sketch(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *active_mm;

	task_lock(tsk);
	active_mm = tsk->active_mm;
	tsk->active_mm = mm;
	tsk->mm = mm;
	switch_mm_irqs_off(active_mm, mm, tsk);
	task_unlock(tsk);
	return 0;
}
`;
    assert.deepEqual(await irqsOn(src), [8, 10]);
  });

  test('switch_mm_irqs_off after IRQs were enabled again, with the path', async () => {
    const src = `static void unuse_temporary_mm(struct mm_struct *temp_mm, struct mm_struct *prev)
{
	local_irq_disable();
	flush_pending_local();
	local_irq_enable();
	switch_mm_irqs_off(temp_mm, prev, current);
}
`;
    const findings = await findingsOf(src, 'LMM009');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 6);
    assert.match(findings[0]!.message, /^switch_mm_irqs_off\(\) is called while IRQs may be on/);
    assert.deepEqual(steps(findings[0]!), [
      ['irq', 3],
      ['irq', 5],
      ['switch', 6],
    ]);
  });

  test('enter_lazy_tlb with IRQs on (a kthread dropping its mm)', async () => {
    const src = `static void kthread_drop_mm(struct task_struct *tsk, struct mm_struct *mm)
{
	task_lock(tsk);
	tsk->mm = NULL;
	enter_lazy_tlb(mm, tsk);
	task_unlock(tsk);
}
`;
    assert.deepEqual(await irqsOn(src), [5]);
  });

  test('IRQs disabled on one branch only', async () => {
    const src = `static void load_user_mm(struct mm_struct *prev, struct mm_struct *next, bool disable)
{
	if (disable)
		local_irq_disable();
	switch_mm_irqs_off(prev, next, current);
	if (disable)
		local_irq_enable();
}
`;
    assert.deepEqual(await irqsOn(src), [5]);
  });

  test('active_mm changed after spin_unlock_irq', async () => {
    const src = `static void attach_mm_locked(struct ctx *ctx, struct mm_struct *mm)
{
	spin_lock_irq(&ctx->lock);
	ctx->mm = mm;
	spin_unlock_irq(&ctx->lock);
	current->active_mm = mm;
}
`;
    assert.deepEqual(await irqsOn(src), [6]);
  });

  test("switching away from current's active_mm through the tsk alias", async () => {
    const src = `static void switch_to_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;

	switch_mm_irqs_off(tsk->active_mm, mm, tsk);
	tsk->active_mm = mm;
}
`;
    assert.deepEqual(await irqsOn(src), [5, 6]);
  });

  test('context_switch called from a second caller that leaves IRQs on', async () => {
    const src = `static void ctx_switch_mm(struct task_struct *prev, struct task_struct *next)
{
	if (!next->mm)
		enter_lazy_tlb(prev->active_mm, next);
	else
		switch_mm_irqs_off(prev->active_mm, next->mm, next);
}

void schedule_locked(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	local_irq_disable();
	ctx_switch_mm(prev, next);
	local_irq_enable();
}

void yield_to_sketch(struct task_struct *prev, struct task_struct *next)
{
	ctx_switch_mm(prev, next);
}
`;
    const findings = await findingsOf(src, 'LMM009');
    assert.deepEqual(
      findings.map((f) => [f.functionName, f.range.start.line + 1]),
      [
        ['ctx_switch_mm', 4],
        ['ctx_switch_mm', 6],
      ],
    );
  });
});

describe('LMM009 switch-with-irqs-on: stays quiet on', () => {
  test('kthread_use_mm: the switch inside local_irq_disable/enable', async () => {
    const src = `static void use_mm_sketch(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *active_mm;

	task_lock(tsk);
	local_irq_disable();
	active_mm = tsk->active_mm;
	tsk->active_mm = mm;
	tsk->mm = mm;
	switch_mm_irqs_off(active_mm, mm, tsk);
	local_irq_enable();
	task_unlock(tsk);
}
`;
    assert.deepEqual(await irqsOn(src), []);
  });

  test('enter_lazy_tlb inside local_irq_save/restore', async () => {
    const src = `static void go_lazy(struct mm_struct *mm)
{
	unsigned long flags;

	local_irq_save(flags);
	enter_lazy_tlb(mm, current);
	local_irq_restore(flags);
}
`;
    assert.deepEqual(await irqsOn(src), []);
  });

  test('a function whose name says IRQs are off', async () => {
    const src = `void switch_mm_cpu_irqs_off(struct mm_struct *prev, struct mm_struct *next)
{
	switch_mm_irqs_off(prev, next, current);
	current->active_mm = next;
}
`;
    assert.deepEqual(await irqsOn(src), []);
  });

  test('a function that asserts IRQs are disabled', async () => {
    const src = `static void lazy_enter_checked(struct mm_struct *mm)
{
	lockdep_assert_irqs_disabled();
	enter_lazy_tlb(mm, current);
}
`;
    assert.deepEqual(await irqsOn(src), []);
  });

  test('context_switch: a static callee called only with IRQs off (all rules quiet)', async () => {
    const src = `static __always_inline struct rq *
context_switch_sketch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	prepare_task_switch(rq, prev, next);
	if (!next->mm) {
		enter_lazy_tlb(prev->active_mm, next);
		next->active_mm = prev->active_mm;
		if (prev->mm)
			mmgrab_lazy_tlb(prev->active_mm);
		else
			prev->active_mm = NULL;
	} else {
		membarrier_switch_mm(rq, prev->active_mm, next->mm);
		switch_mm_irqs_off(prev->active_mm, next->mm, next);
		if (!prev->mm) {
			rq->prev_mm = prev->active_mm;
			prev->active_mm = NULL;
		}
	}
	switch_to(prev, next, prev);
	return finish_task_switch(prev);
}

static void __sched schedule_sketch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	struct rq_flags rf;

	local_irq_disable();
	rq_lock(rq, &rf);
	rq = context_switch_sketch(rq, prev, next);
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('idle setup on init_mm (secondary_start_kernel)', async () => {
    const src = `void __init smp_callin_sketch(void)
{
	mmgrab(&init_mm);
	current->active_mm = &init_mm;
	enter_lazy_tlb(&init_mm, current);
}
`;
    assert.deepEqual(await irqsOn(src), []);
  });

  test('inside a raw_spin_rq_lock_irq section', async () => {
    const src = `static void sched_switch_to_idle(struct rq *rq, struct task_struct *idle)
{
	raw_spin_rq_lock_irq(rq);
	enter_lazy_tlb(current->mm, idle);
	current->active_mm = rq->idle_mm;
	raw_spin_rq_unlock_irq(rq);
}
`;
    assert.deepEqual(await irqsOn(src), []);
  });

  test("another task's active_mm: context_switch's kernel -> kernel hand-off", async () => {
    const src = `static void lazy_handoff(struct task_struct *prev, struct task_struct *next)
{
	next->active_mm = prev->active_mm;
	prev->active_mm = NULL;
}
`;
    assert.deepEqual(await irqsOn(src), []);
  });
});
