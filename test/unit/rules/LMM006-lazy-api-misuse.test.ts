// LMM006 lazy-api-misuse: plain mmgrab/mmdrop of a lazily used mm (X->active_mm, X->prev_mm, or a
// local loaded from one), and a plain mmdrop under the rq lock, a raw spinlock or with IRQs off.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const misuses = (src: string) => linesOf(src, 'LMM006');

describe('LMM006 lazy-api-misuse: flags', () => {
  test('plain mmgrab of prev->active_mm on the user -> kernel switch, with the path', async () => {
    const src = `static void ctx_switch_lazy(struct task_struct *prev, struct task_struct *next)
{
	if (!next->mm) {
		next->active_mm = prev->active_mm;
		if (prev->mm)
			mmgrab(prev->active_mm);
	}
}
`;
    const findings = await findingsOf(src, 'LMM006');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 6);
    assert.match(findings[0]!.message, /^mmgrab\(prev->active_mm\) on a lazily used mm: use mmgrab_lazy_tlb\(\)/);
    assert.deepEqual(steps(findings[0]!), [['grab', 6]]);
  });

  test('plain mmdrop of a local loaded from rq->prev_mm (finish_task_switch)', async () => {
    const src = `static void finish_switch_drop(struct rq *rq)
{
	struct mm_struct *mm = rq->prev_mm;

	rq->prev_mm = NULL;
	if (mm)
		mmdrop(mm);
}
`;
    assert.deepEqual(await misuses(src), [7]);
  });

  test('mmdrop under the rq lock', async () => {
    const src = `static void rq_release_mm(struct rq *rq, struct mm_struct *mm)
{
	struct rq_flags rf;

	rq_lock(rq, &rf);
	detach_mm(rq, mm);
	mmdrop(mm);
	rq_unlock(rq, &rf);
}
`;
    const findings = await findingsOf(src, 'LMM006');
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [7],
    );
    assert.match(findings[0]!.message, /^mmdrop\(\) with the rq lock held/);
  });

  test('mmdrop inside local_irq_save, with the path', async () => {
    const src = `static void drop_saved_mm(struct saver *s)
{
	unsigned long flags;
	struct mm_struct *mm;

	local_irq_save(flags);
	mm = s->mm;
	s->mm = NULL;
	if (mm)
		mmdrop(mm);
	local_irq_restore(flags);
}
`;
    const findings = await findingsOf(src, 'LMM006');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 10);
    assert.match(findings[0]!.message, /^mmdrop\(\) with IRQs off/);
    assert.deepEqual(steps(findings[0]!), [
      ['irq', 6],
      ['branch', 9],
      ['drop', 10],
    ]);
  });

  test('mmdrop under a raw spinlock', async () => {
    const src = `static void pasid_table_clear(struct pasid_table *pt, int idx)
{
	struct mm_struct *mm;

	raw_spin_lock(&pt->lock);
	mm = pt->entries[idx];
	pt->entries[idx] = NULL;
	mmdrop(mm);
	raw_spin_unlock(&pt->lock);
}
`;
    assert.deepEqual(await misuses(src), [8]);
  });

  test('mmdrop in a function that asserts IRQs are disabled', async () => {
    const src = `static void lazy_switch_away(struct mm_struct *old)
{
	lockdep_assert_irqs_disabled();
	load_kernel_pgd();
	mmdrop(old);
}
`;
    assert.deepEqual(await misuses(src), [5]);
  });

  test('mmdrop under task_rq_lock', async () => {
    const src = `static void task_mm_cid_drop(struct task_struct *t)
{
	struct rq_flags rf;
	struct rq *rq = task_rq_lock(t, &rf);

	if (t->mm_cid_mm)
		mmdrop(t->mm_cid_mm);
	task_rq_unlock(rq, t, &rf);
}
`;
    assert.deepEqual(await misuses(src), [7]);
  });

  test('mmdrop in a static helper that every caller runs with IRQs off', async () => {
    const src = `static void drop_old(struct mm_struct *old)
{
	mmdrop(old);
}

void switch_temp_mm(struct mm_struct *old)
{
	local_irq_disable();
	load_temp_pgd();
	drop_old(old);
	local_irq_enable();
}
`;
    const findings = await findingsOf(src, 'LMM006');
    assert.deepEqual(
      findings.map((f) => [f.functionName, f.range.start.line + 1]),
      [['drop_old', 3]],
    );
  });
});

describe('LMM006 lazy-api-misuse: stays quiet on', () => {
  test('the lazy helpers on the lazy paths (context_switch)', async () => {
    const src = `static void ctx_switch_lazy_ok(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	if (!next->mm) {
		next->active_mm = prev->active_mm;
		if (prev->mm)
			mmgrab_lazy_tlb(prev->active_mm);
		else
			prev->active_mm = NULL;
	} else if (!prev->mm) {
		rq->prev_mm = prev->active_mm;
		prev->active_mm = NULL;
	}
}
`;
    assert.deepEqual(await misuses(src), []);
  });

  test('mmdrop_sched under the rq lock', async () => {
    const src = `static void rq_release_mm_ok(struct rq *rq, struct mm_struct *mm)
{
	struct rq_flags rf;

	rq_lock(rq, &rf);
	detach_mm(rq, mm);
	mmdrop_sched(mm);
	rq_unlock(rq, &rf);
}
`;
    assert.deepEqual(await misuses(src), []);
  });

  test('mmdrop after the rq lock is released', async () => {
    const src = `static void rq_release_mm_late(struct rq *rq, struct mm_struct *mm)
{
	struct rq_flags rf;

	rq_lock(rq, &rf);
	detach_mm(rq, mm);
	rq_unlock(rq, &rf);
	mmdrop(mm);
}
`;
    assert.deepEqual(await misuses(src), []);
  });

  test('mmdrop under a mutex', async () => {
    const src = `static void sva_unbind_locked(struct sva_bond *bond)
{
	mutex_lock(&sva_lock);
	list_del(&bond->node);
	mmdrop(bond->mm);
	mutex_unlock(&sva_lock);
}
`;
    assert.deepEqual(await misuses(src), []);
  });

  test('mmdrop after local_irq_restore', async () => {
    const src = `static void drop_saved_mm_late(struct saver *s)
{
	unsigned long flags;
	struct mm_struct *mm;

	local_irq_save(flags);
	mm = s->mm;
	s->mm = NULL;
	local_irq_restore(flags);
	if (mm)
		mmdrop(mm);
}
`;
    assert.deepEqual(await misuses(src), []);
  });

  test('mmdrop_lazy_tlb_sched of rq->prev_mm after the rq lock is dropped', async () => {
    const src = `static void finish_switch_ok(struct rq *rq)
{
	struct mm_struct *mm = rq->prev_mm;

	rq->prev_mm = NULL;
	raw_spin_rq_unlock_irq(rq);
	if (mm)
		mmdrop_lazy_tlb_sched(mm);
}
`;
    assert.deepEqual(await misuses(src), []);
  });

  test('entered with the rq lock held and IRQs off, mmdrop after raw_spin_rq_unlock_irq', async () => {
    const src = `static void balance_drop_mm(struct rq *rq, struct mm_struct *mm)
	__releases(rq->lock)
{
	raw_spin_rq_unlock_irq(rq);
	mmdrop(mm);
}
`;
    assert.deepEqual(await misuses(src), []);
  });
});
