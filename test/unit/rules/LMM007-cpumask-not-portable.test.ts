// LMM007 cpumask-not-portable: generic (non-arch/) code that consumes mm_cpumask() with a call other
// than mask maintenance, or iterates it. check(text) passes no file name: the code counts as generic.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps } from './util';

const relies = (src: string, fileName?: string) => linesOf(src, 'LMM007', fileName ? { fileName } : undefined);

describe('LMM007 cpumask-not-portable: flags', () => {
  test('an IPI to the mm_cpumask of a dying mm (lazy shootdown), with the path', async () => {
    const src = `static void lazy_shootdown(struct mm_struct *mm)
{
	on_each_cpu_mask(mm_cpumask(mm), do_shoot_lazy_tlb, mm, 1);
}
`;
    const findings = await findingsOf(src, 'LMM007');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.range.start.line + 1, 3);
    assert.match(f.message, /^on_each_cpu_mask\(\) relies on mm_cpumask\(\) listing every CPU/);
    assert.deepEqual(steps(f), [['use', 3]]);
  });

  test('for_each_cpu over mm_cpumask', async () => {
    const src = `static int count_lazy_cpus(struct mm_struct *mm)
{
	int cpu, n = 0;

	for_each_cpu(cpu, mm_cpumask(mm)) {
		if (per_cpu(cpu_lazy_mm, cpu) == mm)
			n++;
	}
	return n;
}
`;
    const findings = await findingsOf(src, 'LMM007');
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [5],
    );
    assert.match(findings[0]!.message, /^for_each_cpu\(\) relies on mm_cpumask\(\)/);
  });

  test('cpumask_test_cpu in kernel/sched/', async () => {
    const src = `static bool cpu_may_use_mm(struct mm_struct *mm, int cpu)
{
	return cpumask_test_cpu(cpu, mm_cpumask(mm));
}
`;
    assert.deepEqual(await relies(src, 'kernel/sched/core.c'), [3]);
  });

  test('smp_call_function_many for a membarrier IPI', async () => {
    const src = `static void membarrier_ipi_mm(struct mm_struct *mm)
{
	preempt_disable();
	smp_call_function_many(mm_cpumask(mm), ipi_mb, NULL, 1);
	preempt_enable();
}
`;
    assert.deepEqual(await relies(src), [4]);
  });

  test('cpumask_any_but in a condition', async () => {
    const src = `static bool mm_is_multi_cpu(struct mm_struct *mm)
{
	if (cpumask_any_but(mm_cpumask(mm), smp_processor_id()) < nr_cpu_ids)
		return true;
	return false;
}
`;
    assert.deepEqual(await relies(src), [3]);
  });

  test('a header under include/ is generic too', async () => {
    const src = `static inline int mm_cpus_weight(struct mm_struct *mm)
{
	return cpumask_weight(mm_cpumask(mm));
}
`;
    assert.deepEqual(await relies(src, 'include/linux/sched/mm.h'), [3]);
  });

  test('maintenance and reliance in one function: only the reliance', async () => {
    const src = `static void mm_track_and_flush(struct mm_struct *mm, int cpu)
{
	cpumask_set_cpu(cpu, mm_cpumask(mm));
	if (cpumask_weight(mm_cpumask(mm)) > 1)
		flush_tlb_others(mm_cpumask(mm), mm);
}
`;
    assert.deepEqual(await relies(src), [4, 5]);
  });

  test('a mask kept in a local and iterated', async () => {
    const src = `static void flush_lazy_cpus(struct mm_struct *mm)
{
	const struct cpumask *mask = mm_cpumask(mm);
	int cpu;

	for_each_cpu(cpu, mask)
		flush_cpu(cpu, mm);
}
`;
    // Reported where the mask is relied on (the loop, line 6), with the read at line 3 in the path.
    assert.deepEqual(await relies(src), [6]);
  });
});

describe('LMM007 cpumask-not-portable: stays quiet on', () => {
  test('cpumask_set_cpu for the boot CPU mask (secondary_start_kernel)', async () => {
    const src = `void __init secondary_start_kernel(void)
{
	struct mm_struct *mm = &init_mm;
	unsigned int cpu = smp_processor_id();

	mmgrab(mm);
	current->active_mm = mm;
	cpumask_set_cpu(cpu, mm_cpumask(mm));
	cpu_startup_entry(CPUHP_AP_ONLINE_IDLE);
}
`;
    assert.deepEqual(await relies(src), []);
  });

  test('cpumask_clear_cpu when a CPU goes offline', async () => {
    const src = `void idle_task_exit_sketch(void)
{
	struct mm_struct *mm = current->active_mm;
	unsigned int cpu = smp_processor_id();

	if (mm != &init_mm)
		cpumask_clear_cpu(cpu, mm_cpumask(mm));
}
`;
    assert.deepEqual(await relies(src), []);
  });

  test('an IPI to mm_cpumask in arch/x86', async () => {
    const src = `static void native_flush_others(struct mm_struct *mm, struct flush_tlb_info *info)
{
	on_each_cpu_mask(mm_cpumask(mm), flush_tlb_func, info, true);
}
`;
    assert.deepEqual(await relies(src, 'arch/x86/mm/tlb.c'), []);
  });

  test('for_each_cpu over mm_cpumask in arch/arm64', async () => {
    const src = `static void arch_mm_cpus(struct mm_struct *mm)
{
	int cpu;

	for_each_cpu(cpu, mm_cpumask(mm))
		note_cpu(cpu);
}
`;
    assert.deepEqual(await relies(src, 'arch/arm64/kernel/smp.c'), []);
  });

  test('an arch path with Windows separators', async () => {
    const src = `static bool radix_mm_is_local(struct mm_struct *mm)
{
	return cpumask_test_cpu(smp_processor_id(), mm_cpumask(mm));
}
`;
    assert.deepEqual(await relies(src, 'arch\\powerpc\\mm\\book3s64\\radix_tlb.c'), []);
  });

  test('initialising and clearing the mask at fork', async () => {
    const src = `static void mm_init_mask_sketch(struct mm_struct *mm)
{
	mm_init_cpumask(mm);
	cpumask_clear(mm_cpumask(mm));
}
`;
    assert.deepEqual(await relies(src), []);
  });

  test('copying a mask into mm_cpumask', async () => {
    const src = `static void mm_mask_all_online(struct mm_struct *mm)
{
	cpumask_copy(mm_cpumask(mm), cpu_online_mask);
}
`;
    assert.deepEqual(await relies(src), []);
  });
});
