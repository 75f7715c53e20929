// The interface every architecture implements: how it loads an mm, keeps mm_cpumask(), flushes
// TLBs (IPIs, broadcast instructions, hypervisor help) and what its flush IPI does to a lazy CPU.
import type { ArchName, Cpu, Mm, World } from '../state';

export interface Arch {
  readonly name: ArchName;
  readonly title: string;
  /** mm_cpumask() is maintained; where it is not, "every CPU that may use the mm" is every CPU. */
  readonly tracksCpumask: boolean;
  /** switch_mm_irqs_off(): load `next` on this CPU (cpumask upkeep, CR3/TTBR/PID write, barrier). */
  switchMm(w: World, cpu: Cpu, next: Mm): void;
  /** enter_lazy_tlb(): a kernel thread keeps `mm` loaded. */
  enterLazy(w: World, cpu: Cpu, mm: Mm): void;
  /**
   * Flush `mm` everywhere it may be cached: flush_tlb_mm() for `pages` pages, or the exit flush of
   * exit_mmap() when `freedTables` (page tables freed, so lazy CPUs must let go too). IPIs it sends
   * are waited for by the caller's CPU before its next step.
   */
  flushMm(w: World, cpu: Cpu, mm: Mm, freedTables: boolean, pages: number): void;
  /** CPUs that may have `mm` loaded: mm_cpumask(), or every online CPU where it is not kept. */
  candidates(w: World, mm: Mm): number[];
  /** switch_to() itself is a full barrier (arm64), so every context switch satisfies membarrier. */
  readonly switchToBarrier: boolean;
}
