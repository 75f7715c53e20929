// CONFIG_MMU_LAZY_TLB_SHOOTDOWN (Nicholas Piggin, powerpc 64s radix): lazy CPUs hold no reference.
// The final __mmdrop() runs cleanup_lazy_tlbs(), which IPIs every CPU that may still use the mm
// (mm_cpumask(), or all CPUs where the arch does not keep it) to switch away. Correct only if that
// set covers every lazy CPU (invariant 3). mmdrop_lazy_tlb() keeps an smp_mb() for membarrier.
import type { Ipi, IpiHandler } from '../events';
import { barrier, setActiveMm, switchMm } from '../ops';
import { sendIpis } from '../smp';
import { INIT_MM, type Cpu, type Mm, type World } from '../state';
import type { Policy } from './types';

/** do_shoot_lazy_tlb() in kernel/fork.c. */
const SHOOT_LAZY: IpiHandler = {
  name: 'shoot-lazy',
  kernel: 'do_shoot_lazy_tlb()',
  run(w: World, cpu: Cpu, ipi: Ipi): void {
    const task = w.tasks[cpu.curr]!;
    if (task.activeMm !== ipi.mm) return;
    setActiveMm(w, cpu, task, INIT_MM, 'do_shoot_lazy_tlb()');
    switchMm(w, cpu, w.mms[INIT_MM]!, 'do_shoot_lazy_tlb()');
  },
};

export const shootdown: Policy = {
  name: 'shootdown',
  title: 'shoot lazies at __mmdrop() (CONFIG_MMU_LAZY_TLB_SHOOTDOWN)',
  source: 'Piggin, "lazy tlb: shoot lazies, a non-refcounting lazy tlb option" (v7, Feb 2023)',
  reliesOnCpumask: true,
  countsLazy: false,
  reachesCandidates: true,
  lazyGrab(): void {},
  lazyDrop(w: World, cpu: Cpu): void {
    barrier(w, cpu);
  },
  usersGone(): void {},
  beforeFree(w: World, cpu: Cpu, mm: Mm): void {
    // on_each_cpu_mask(mm_cpumask(mm), do_shoot_lazy_tlb, mm, 1): this CPU runs it locally.
    sendIpis(w, cpu, shootdownTargets(w, mm), SHOOT_LAZY, mm, { policy: true, includeSelf: true });
  },
};

/** The CPUs cleanup_lazy_tlbs() reaches (invariant 3 compares them with the lazy CPUs). */
export function shootdownTargets(w: World, mm: Mm): number[] {
  return w.m.arch.candidates(w, mm);
}
