// The kernel API model: what each call does to the two reference counts of an mm.
// Source of truth for the analysis; hovers (issue #4) and the simulator read it too.

/** `count` is mm_count (mmgrab/mmdrop), `users` is mm_users (mmget/mmput). */
export type RefCount = 'count' | 'users';

export interface ApiEffect {
  /** Takes a reference on the argument at `arg`. */
  acquires?: RefCount;
  /** Releases a reference on the argument at `arg`. */
  releases?: RefCount;
  arg?: number;
  /** The reference is taken only when the call returns true (mmget_not_zero). */
  onlyIfTrue?: boolean;
  /** Returns a new reference, or NULL / an ERR_PTR when it fails (get_task_mm, mm_access). */
  returns?: RefCount;
  doc: string;
}

export const API: Readonly<Record<string, ApiEffect>> = {
  mmgrab: { acquires: 'count', arg: 0, doc: 'takes an mm_count reference: keeps the struct mm_struct (and its PGD) alive, not the address space' },
  mmgrab_lazy_tlb: { acquires: 'count', arg: 0, doc: 'takes the lazy-TLB mm_count reference (a no-op reference under CONFIG_MMU_LAZY_TLB_SHOOTDOWN)' },
  mmdrop: { releases: 'count', arg: 0, doc: 'drops an mm_count reference; the last one frees the mm (__mmdrop)' },
  mmdrop_sched: { releases: 'count', arg: 0, doc: 'drops an mm_count reference, deferring the free to RCU under PREEMPT_RT; safe under the rq lock' },
  mmdrop_lazy_tlb: { releases: 'count', arg: 0, doc: 'drops the lazy-TLB mm_count reference; provides the full barrier membarrier needs' },
  mmdrop_lazy_tlb_sched: { releases: 'count', arg: 0, doc: 'drops the lazy-TLB reference from the scheduler (finish_task_switch)' },
  mmget: { acquires: 'users', arg: 0, doc: 'takes an mm_users reference: keeps the address space (VMAs, page tables) alive; the caller must already hold one' },
  mmget_not_zero: { acquires: 'users', arg: 0, onlyIfTrue: true, doc: 'takes an mm_users reference unless the address space is already being torn down; holds one only when it returns true' },
  mmput: { releases: 'users', arg: 0, doc: 'drops an mm_users reference; the last one tears down the address space (__mmput -> exit_mmap)' },
  mmput_async: { releases: 'users', arg: 0, doc: 'drops an mm_users reference, tearing down from a workqueue; safe in atomic context' },
  get_task_mm: { returns: 'users', doc: "returns the task's mm with an mm_users reference, or NULL for a kernel thread or an exiting task" },
  mm_access: { returns: 'users', doc: "returns the task's mm with an mm_users reference after a ptrace access check, or NULL or an ERR_PTR" },
};

export function apiEffect(callee: string): ApiEffect | undefined {
  return Object.prototype.hasOwnProperty.call(API, callee) ? API[callee] : undefined;
}

/** Names the release call that matches a reference of this kind, for messages and fixes. */
export function releaseFor(kind: RefCount): string {
  return kind === 'count' ? 'mmdrop' : 'mmput';
}
