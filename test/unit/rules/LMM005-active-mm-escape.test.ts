// LMM005 active-mm-escape: an X->active_mm value (or a local alias) stored in a field or a global
// other than the lazy-TLB slots, or returned, with no mmgrab of it in the function, unless the
// function starts with IRQs off.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const escapes = (src: string) => linesOf(src, 'LMM005');

describe('LMM005 active-mm-escape: flags', () => {
  test('current->active_mm saved in a global (text poking), with the path', async () => {
    const src = `static struct mm_struct *poke_saved_mm;

static void text_poke_begin(void)
{
	poke_saved_mm = current->active_mm;
	switch_to_poking_mm();
}
`;
    const findings = await findingsOf(src, 'LMM005');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.functionName, 'text_poke_begin');
    assert.equal(f.range.start.line + 1, 5);
    assert.match(f.message, /stored in poke_saved_mm without an mmgrab\(\)/);
    assert.deepEqual(steps(f), [
      ['use', 5],
      ['handover', 5],
    ]);
  });

  test("stored in an object's field (perf sample)", async () => {
    const src = `static void perf_sample_owner(struct perf_ctx *pc)
{
	pc->sampled_mm = current->active_mm;
	pc->sampled_at = jiffies;
}
`;
    assert.deepEqual(await escapes(src), [3]);
  });

  test('returned to the caller', async () => {
    const src = `static struct mm_struct *cpu_lazy_mm(struct task_struct *p)
{
	return p->active_mm;
}
`;
    const findings = await findingsOf(src, 'LMM005');
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [3],
    );
    assert.match(findings[0]!.message, /^cpu_lazy_mm\(\) returns an active_mm pointer without a reference/);
  });

  test('a local alias stored in a field (KVM host mm)', async () => {
    const src = `static void kvm_note_host_mm(struct vcpu *vcpu)
{
	struct mm_struct *mm = current->active_mm;

	if (mm == &init_mm)
		return;
	vcpu->host_mm = mm;
}
`;
    assert.deepEqual(await escapes(src), [7]);
  });

  test('a local alias published in a global per-CPU slot array', async () => {
    const src = `static struct mm_struct *hazard_slot[NR_CPUS];

static void publish_lazy(int cpu, struct task_struct *next)
{
	struct mm_struct *mm = next->active_mm;

	hazard_slot[cpu] = mm;
}
`;
    assert.deepEqual(await escapes(src), [7]);
  });

  test('a store that outlives the IRQs-off section it was made in', async () => {
    const src = `static void save_lazy(struct saver *s)
{
	unsigned long flags;

	local_irq_save(flags);
	s->mm = current->active_mm;
	local_irq_restore(flags);
}
`;
    assert.deepEqual(await escapes(src), [6]);
  });
});

describe('LMM005 active-mm-escape: stays quiet on', () => {
  test('an alias that is grabbed before it is stored', async () => {
    const src = `static void kvm_pin_host_mm(struct vcpu *vcpu)
{
	struct mm_struct *mm = current->active_mm;

	mmgrab(mm);
	vcpu->host_mm = mm;
}
`;
    assert.deepEqual(await escapes(src), []);
  });

  test('a function whose name says IRQs are off', async () => {
    const src = `static void lazy_note_irqs_off(struct lazy_ctx *lc)
{
	lc->mm = current->active_mm;
}
`;
    assert.deepEqual(await escapes(src), []);
  });

  test('a function that asserts IRQs are disabled', async () => {
    const src = `static void tlb_track_lazy(struct tlb_state *ts)
{
	lockdep_assert_irqs_disabled();
	ts->lazy_mm = current->active_mm;
}
`;
    assert.deepEqual(await escapes(src), []);
  });

  test("context_switch's hand-offs between lazy slots", async () => {
    const src = `static void switch_lazy_sketch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
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
    assert.deepEqual(await escapes(src), []);
  });

  test('an alias used only within the function', async () => {
    const src = `static void flush_if_lazy(void)
{
	struct mm_struct *mm = current->active_mm;

	if (mm != current->mm)
		flush_tlb_mm(mm);
}
`;
    assert.deepEqual(await escapes(src), []);
  });

  test('a function whose first IRQ call restores: it runs with IRQs off', async () => {
    const src = `static void lazy_restore_hook(struct saver *s, unsigned long flags)
{
	s->lazy = current->active_mm;
	local_irq_restore(flags);
}
`;
    assert.deepEqual(await escapes(src), []);
  });

  test("x86's loaded_mm slot", async () => {
    const src = `static void note_loaded(struct task_struct *next)
{
	this_tlbstate.loaded_mm = next->active_mm;
}
`;
    assert.deepEqual(await escapes(src), []);
  });
});
