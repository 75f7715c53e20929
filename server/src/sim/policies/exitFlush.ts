// No lazy reference at all; rely on the exit flush (Linus Torvalds, seed 000): on x86 the TLB flush
// in exit_mmap() must IPI every CPU in mm_cpumask() anyway, and the handler already switches a lazy
// CPU to init_mm, so lazy users need no count and there are zero extra IPIs. Its holes, which the
// model must show: exit_mmap() skips the flush when there are no VMAs; a paravirtual flush runs no
// guest code on a preempted vCPU; an architecture whose flush runs no code on other CPUs (arm64)
// never switches them; and current->active_mm can still name the freed mm (seed 003).
// mmdrop_lazy_tlb() keeps an smp_mb(): removing the refcount must not remove membarrier's barrier.
import { barrier } from '../ops';
import type { Cpu, World } from '../state';
import type { Policy } from './types';

export const exitFlush: Policy = {
  name: 'exit-flush',
  title: 'no lazy reference: rely on the exit flush of exit_mmap()',
  source: 'Torvalds, reply to van Riel, Jan 9 2022 (seed 000)',
  reliesOnCpumask: false,
  countsLazy: false,
  reachesCandidates: false,
  lazyGrab(): void {},
  lazyDrop(w: World, cpu: Cpu): void {
    barrier(w, cpu);
  },
  usersGone(): void {},
  beforeFree(): void {},
};
