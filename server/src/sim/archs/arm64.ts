// arm64 (arch/arm64/mm/context.c, tlbflush.h): TLB invalidation is a broadcast TLBI that the
// hardware completes on every CPU, so no IPI and no code runs on the others; mm_cpumask() is not
// maintained (it was a bottleneck). A lazy CPU is never switched off a dying mm by a flush, and a
// shootdown has to IPI every CPU (seed 001).
import { load, markLazy, onlineCpus, spend } from '../ops';
import type { Cpu, Mm, World } from '../state';
import type { Arch } from './types';

export const arm64: Arch = {
  name: 'arm64',
  title: 'arm64: broadcast TLBI, no IPIs for flushes, mm_cpumask() not maintained',
  tracksCpumask: false,
  // __switch_to() ends in a DSB: the membarrier comment in __schedule() counts on it for arm64.
  switchToBarrier: true,
  switchMm(w: World, cpu: Cpu, next: Mm): void {
    if (cpu.loadedMm === next.id) {
      // ASIDs keep a lazy mm's TLB valid; broadcast flushes already reached this CPU.
      cpu.isLazy = false;
      return;
    }
    spend(w, cpu, w.m.costs.switchMmNs); // TTBR0 write + ISB
    load(w, cpu, next);
  },
  enterLazy(_w: World, cpu: Cpu, mm: Mm): void {
    markLazy(cpu, mm);
  },
  flushMm(w: World, cpu: Cpu, mm: Mm): void {
    mm.tlbGen++;
    spend(w, cpu, w.m.costs.broadcastFlushNs); // TLBI ASIDE1IS + DSB ISH
    w.metrics.broadcastFlushes++;
  },
  candidates(w: World): number[] {
    return onlineCpus(w);
  },
};
