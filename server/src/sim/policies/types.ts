// The interface every lazy-TLB policy implements. The generic kernel (kernel.ts) calls these hooks
// at the points where the real kernel's behaviour depends on the policy; a policy never reaches
// into another policy's module, so adding one is one new file plus a line in policies/index.ts.
import type { Cpu, Mm, World } from '../state';

export interface Policy {
  readonly name: string;
  readonly title: string;
  /** Where the idea comes from, for the panel and the CLI. */
  readonly source: string;
  /** Correct only if mm_cpumask() covers every lazy CPU when __mmdrop() runs (invariant 3). */
  readonly reliesOnCpumask: boolean;
  /** rq->prev_mm holds a counted reference that finish_task_switch() will mmdrop(). */
  readonly countsLazy: boolean;
  /** It IPIs or scans every CPU the architecture says may use the mm (Arch.candidates). */
  readonly reachesCandidates: boolean;
  /** mmgrab_lazy_tlb(): this CPU starts using `mm` lazily (user -> kernel, exit_mm, kthread_unuse_mm). */
  lazyGrab(w: World, cpu: Cpu, mm: Mm): void;
  /**
   * mmdrop_lazy_tlb(): CPU `of` stopped using `mm` lazily; `cpu` runs the call (they differ only when
   * CPU hotplug's finish_cpu() cleans up after a dead CPU). Must be a full barrier: membarrier
   * relies on it on the kernel -> user switch.
   */
  lazyDrop(w: World, cpu: Cpu, mm: Mm, of: Cpu): void;
  /** __mmput() starts: mm_users reached zero. */
  usersGone(w: World, cpu: Cpu, mm: Mm): void;
  /** __mmdrop(), before the mm is freed. */
  beforeFree(w: World, cpu: Cpu, mm: Mm): void;
}
