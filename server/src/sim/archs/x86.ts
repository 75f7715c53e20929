// x86-64 bare metal (arch/x86/mm/tlb.c, Linux 6.12): TLB flushes are IPIs to mm_cpumask(); a CPU
// leaves the mask when it switches to another mm, but a lazy CPU stays in it. Ordinary flushes
// skip lazy CPUs (should_flush_tlb(); they catch up through tlb_gen when they switch back), a
// flush that frees page tables (the exit flush) reaches them, and flush_tlb_func() switches a
// lazy CPU to init_mm. It does not touch current->active_mm: that is the dangling pointer of
// seed 003 when nothing else keeps the mm alive.
import { FULL_FLUSH, type Ipi, type IpiHandler } from '../events';
import { cpumaskClear, cpumaskCpus, cpumaskSet, load, markLazy, spend, switchMm } from '../ops';
import { sendIpis } from '../smp';
import { INIT_MM, type Cpu, type Mm, type World } from '../state';
import type { Arch } from './types';

/** switch_mm_irqs_off(). */
export function x86SwitchMm(w: World, cpu: Cpu, next: Mm): void {
  const c = w.m.costs;
  if (cpu.loadedMm === next.id) {
    // Same mm (back from lazy mode): no CR3 write, so no barrier, but flushes skipped while lazy
    // are caught up now (tlb_gen).
    if (cpu.loadedGen !== next.tlbGen) spend(w, cpu, c.switchMmNs);
    cpu.loadedGen = next.tlbGen;
    cpu.isLazy = false;
    return;
  }
  const prev = w.mms[cpu.loadedMm]!;
  // A CR3 write serialises the CPU: the membarrier comment in __schedule() counts on it for x86.
  spend(w, cpu, c.switchMmNs);
  cpu.mbPending = false;
  // "Stop remote flushes for the previous mm", then "start receiving IPIs" for the next one.
  if (prev.id !== INIT_MM) cpumaskClear(w, cpu, prev, cpu.id);
  if (next.id !== INIT_MM) cpumaskSet(w, cpu, next, cpu.id);
  load(w, cpu, next);
}

/** flush_tlb_func() on this CPU. */
export function x86FlushHere(w: World, cpu: Cpu, mm: Mm, pages: number): void {
  const c = w.m.costs;
  // A stale bit (the CPU switched away meanwhile): nothing to flush here.
  if (cpu.loadedMm !== mm.id) return;
  if (cpu.isLazy) {
    // "switching to init_mm is barely slower than a minimal flush, just switch to init_mm."
    switchMm(w, cpu, w.mms[INIT_MM]!, 'flush_tlb_func() on a lazy CPU');
    return;
  }
  spend(w, cpu, pages === FULL_FLUSH || pages > c.invlpgCeiling ? c.switchMmNs : pages * c.invlpgNs);
  cpu.loadedGen = mm.tlbGen;
}

export const X86_FLUSH: IpiHandler = {
  name: 'flush',
  kernel: 'flush_tlb_func()',
  run(w: World, cpu: Cpu, ipi: Ipi): void {
    x86FlushHere(w, cpu, w.mms[ipi.mm]!, ipi.arg);
  },
};

/**
 * The CPUs flush_tlb_mm_range() reaches: the cpumask, without lazy CPUs unless page tables are
 * freed (should_flush_tlb() vs info->freed_tables), and this CPU (a local call, no IPI) when it
 * has the mm loaded.
 */
export function x86FlushTargets(w: World, cpu: Cpu, mm: Mm, freedTables: boolean): number[] {
  const out = cpumaskCpus(w, mm).filter((i) => i !== cpu.id && (freedTables || !w.cpus[i]!.isLazy));
  if (cpu.loadedMm === mm.id) out.push(cpu.id);
  return out;
}

export const x86: Arch = {
  name: 'x86',
  title: 'x86-64 bare metal: IPI TLB shootdown to mm_cpumask(), lazy CPUs kept in the mask',
  tracksCpumask: true,
  switchToBarrier: false,
  switchMm: x86SwitchMm,
  enterLazy(_w: World, cpu: Cpu, mm: Mm): void {
    markLazy(cpu, mm);
  },
  flushMm(w: World, cpu: Cpu, mm: Mm, freedTables: boolean, pages: number): void {
    mm.tlbGen++;
    sendIpis(w, cpu, x86FlushTargets(w, cpu, mm, freedTables), X86_FLUSH, mm, { policy: false, includeSelf: true, arg: freedTables ? FULL_FLUSH : pages });
  },
  candidates: cpumaskCpus,
};
