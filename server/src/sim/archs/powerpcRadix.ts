// powerpc 64s radix (arch/powerpc/mm/book3s64/radix_tlb.c, Linux 6.12): flushes are tlbie
// broadcasts; mm_cpumask() is kept and trimmed lazily (a CPU that switches away stays in it).
// Under lazy shootdown the fullmm flush of exit_mmap() first IPIs the cpumask with
// exit_flush_lazy_tlbs(), "so might as well do it as part of the final flush now": the handler
// moves a lazy kernel thread to init_mm, fixes current->active_mm, drops the lazy use and trims
// the mask. Without shootdown the exit flush is a tlbie only and runs no code on other CPUs.
import type { Ipi, IpiHandler } from '../events';
import { cpumaskClear, cpumaskCpus, cpumaskSet, load, markLazy, setActiveMm, spend, switchMm } from '../ops';
import { sendIpis } from '../smp';
import { INIT_MM, type Cpu, type Mm, type World } from '../state';
import type { Arch } from './types';

/** do_exit_flush_lazy_tlb() -> exit_lazy_flush_tlb(mm, true). */
const EXIT_FLUSH_LAZY: IpiHandler = {
  name: 'exit-flush-lazy',
  kernel: 'do_exit_flush_lazy_tlb()',
  run(w: World, cpu: Cpu, ipi: Ipi): void {
    const mm = w.mms[ipi.mm]!;
    const task = w.tasks[cpu.curr]!;
    // A kthread inside kthread_use_mm() is using the mm, not lazily: leave it alone.
    if (task.mm === mm.id) return;
    if (task.activeMm === mm.id) {
      setActiveMm(w, cpu, task, INIT_MM, 'exit_lazy_flush_tlb()');
      switchMm(w, cpu, w.mms[INIT_MM]!, 'exit_lazy_flush_tlb()');
      w.m.policy.lazyDrop(w, cpu, mm, cpu);
    }
    cpumaskClear(w, cpu, mm, cpu.id);
  },
};

export const powerpcRadix: Arch = {
  name: 'powerpc-radix',
  title: 'powerpc 64s radix: tlbie broadcast; under shootdown the exit flush IPIs mm_cpumask() and shoots lazy CPUs',
  tracksCpumask: true,
  switchToBarrier: false,
  switchMm(w: World, cpu: Cpu, next: Mm): void {
    if (cpu.loadedMm === next.id) {
      cpu.isLazy = false;
      return;
    }
    spend(w, cpu, w.m.costs.switchMmNs); // mtspr PID + isync
    // membarrier_arch_switch_mm() issues smp_mb() when the mm changes.
    cpu.mbPending = false;
    // The bit of the previous mm stays set: trimmed by flushes, not by switches.
    if (next.id !== INIT_MM) cpumaskSet(w, cpu, next, cpu.id);
    load(w, cpu, next);
  },
  enterLazy(_w: World, cpu: Cpu, mm: Mm): void {
    markLazy(cpu, mm);
  },
  flushMm(w: World, cpu: Cpu, mm: Mm, freedTables: boolean): void {
    mm.tlbGen++;
    // tlbie + eieio; tlbsync; ptesync. (In the kernel it follows the IPIs below; the cost is the same.)
    spend(w, cpu, w.m.costs.broadcastFlushNs);
    w.metrics.broadcastFlushes++;
    if (freedTables && w.m.policy.reliesOnCpumask) {
      // radix__tlb_flush(): fullmm with CONFIG_MMU_LAZY_TLB_SHOOTDOWN -> exit_flush_lazy_tlbs(),
      // smp_call_function_many() over the cpumask (this CPU excluded).
      sendIpis(w, cpu, cpumaskCpus(w, mm), EXIT_FLUSH_LAZY, mm, { policy: false, includeSelf: false });
    }
  },
  candidates: cpumaskCpus,
};
