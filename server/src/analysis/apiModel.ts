// The kernel API model: what each call does to mm lifetimes and to the context around them
// (reference counts, paired resources, IRQ state, locks, barriers, page-table access).
// The single source of truth for the analysis; hovers and the simulator read it too.

/** `count` is mm_count (mmgrab/mmdrop), `users` is mm_users (mmget/mmput). */
export type RefCount = 'count' | 'users';

/** Things a function takes and must give back on every path. */
export type ResourceKind = RefCount | 'kthread_mm' | 'tlb_gather' | 'flush_pending';

/** Contexts in which a plain mmdrop() (which may free and sleep in __mmdrop) is wrong. */
export type AtomicContext = 'rq lock' | 'raw spinlock' | 'IRQs off';

export interface ApiEffect {
  doc: string;
  /** Takes a resource on the argument at `arg`. */
  acquires?: ResourceKind;
  /** Gives back a resource on the argument at `arg`. */
  releases?: ResourceKind;
  arg?: number;
  /** The reference is taken only when the call returns true (mmget_not_zero). */
  onlyIfTrue?: boolean;
  /** Returns a new reference, or NULL / an ERR_PTR when it fails (get_task_mm, mm_access). */
  returns?: RefCount;
  /** A full memory barrier, as membarrier needs on a switch path. */
  barrier?: boolean;
  /** IRQ state change. `restore` may re-enable; we treat it as enabling. */
  irqs?: 'off' | 'on';
  /** Enters or leaves an atomic context that forbids a plain mmdrop(). */
  enters?: AtomicContext;
  leaves?: AtomicContext;
  /** Reads VMAs, page tables or user memory of the mm at `arg`: needs mm_users. */
  touchesVm?: boolean;
  /** Changes the loaded mm or lazy state: must run with IRQs off (LMM009). */
  switchesMm?: boolean;
  /** task_lock / task_unlock on the task at `arg`. */
  taskLock?: 'lock' | 'unlock';
  /** The mm at `arg` becomes the CPU's lazy mm: a held mm_count is handed to active_mm. */
  lazyHandOver?: boolean;
  /** Same as calling `kthread_use_mm`: the mm at `arg` must be held with mm_users. */
  needsUsers?: boolean;
}

const BARRIER = { barrier: true, doc: 'a full memory barrier' } as const;

function entries(): Array<[string, ApiEffect]> {
  const grab = (doc: string): ApiEffect => ({ acquires: 'count', arg: 0, barrier: true, doc });
  const drop = (doc: string): ApiEffect => ({ releases: 'count', arg: 0, barrier: true, doc });
  const put = (doc: string): ApiEffect => ({ releases: 'users', arg: 0, doc });
  const vm = (doc: string, arg = 0): ApiEffect => ({ touchesVm: true, arg, doc });
  const irqOff = (doc: string, enters?: AtomicContext): ApiEffect => ({ irqs: 'off', enters: enters ?? 'IRQs off', doc });
  const irqOn = (doc: string, leaves?: AtomicContext): ApiEffect => ({ irqs: 'on', leaves: leaves ?? 'IRQs off', doc });
  return [
    ['mmgrab', grab('takes an mm_count reference: keeps the struct mm_struct (and its PGD) alive, not the address space')],
    ['mmgrab_lazy_tlb', grab('takes the lazy-TLB mm_count reference (no reference at all under CONFIG_MMU_LAZY_TLB_SHOOTDOWN)')],
    ['mmdrop', drop('drops an mm_count reference; the last one frees the mm (__mmdrop), which must not run under the rq lock or with IRQs off')],
    ['mmdrop_async', drop('drops an mm_count reference, freeing from a workqueue; safe in atomic context')],
    ['mmdrop_sched', drop('drops an mm_count reference, deferring the free to RCU under PREEMPT_RT; safe under the rq lock')],
    ['mmdrop_lazy_tlb', drop('drops the lazy-TLB mm_count reference; provides the full barrier membarrier needs')],
    ['mmdrop_lazy_tlb_sched', drop('drops the lazy-TLB reference from the scheduler (finish_task_switch); safe under the rq lock')],
    ['mmget', { acquires: 'users', arg: 0, doc: 'takes an mm_users reference: keeps the address space (VMAs, page tables) alive; the caller must already hold one' }],
    ['mmget_not_zero', { acquires: 'users', arg: 0, onlyIfTrue: true, doc: 'takes an mm_users reference unless the address space is already being torn down; holds one only when it returns true' }],
    ['mmput', put('drops an mm_users reference; the last one tears down the address space (__mmput -> exit_mmap); may sleep')],
    ['mmput_async', put('drops an mm_users reference, tearing down from a workqueue; safe in atomic context')],
    ['get_task_mm', { returns: 'users', doc: "returns the task's mm with an mm_users reference, or NULL for a kernel thread or an exiting task" }],
    ['mm_alloc', { returns: 'users', doc: 'allocates a new mm with one mm_users reference, or NULL' }],
    ['mm_access', { returns: 'users', doc: "returns the task's mm with an mm_users reference after a ptrace access check, or NULL or an ERR_PTR" }],
    ['kthread_use_mm', { acquires: 'kthread_mm', arg: 0, needsUsers: true, switchesMm: false, barrier: true, doc: 'makes a kernel thread use an mm as its own; needs an mm_users reference held and a kthread_unuse_mm() on every path' }],
    ['kthread_unuse_mm', { releases: 'kthread_mm', arg: 0, barrier: true, doc: 'ends kthread_use_mm(): the thread goes back to lazy use of the mm' }],
    ['tlb_gather_mmu', { acquires: 'tlb_gather', arg: 0, doc: 'starts an mmu_gather batch of TLB invalidations; must end with tlb_finish_mmu()' }],
    ['tlb_gather_mmu_fullmm', { acquires: 'tlb_gather', arg: 0, doc: 'starts a full-mm mmu_gather (exit_mmap); must end with tlb_finish_mmu()' }],
    ['tlb_gather_mmu_vma', { acquires: 'tlb_gather', arg: 0, doc: 'starts an mmu_gather for one VMA; must end with tlb_finish_mmu()' }],
    ['tlb_finish_mmu', { releases: 'tlb_gather', arg: 0, doc: 'flushes and ends an mmu_gather batch' }],
    ['inc_tlb_flush_pending', { acquires: 'flush_pending', arg: 0, doc: 'marks a TLB flush pending on the mm (deferred past the PTE lock); must be paired with dec_tlb_flush_pending()' }],
    ['dec_tlb_flush_pending', { releases: 'flush_pending', arg: 0, doc: 'ends a pending TLB flush started by inc_tlb_flush_pending()' }],
    ['smp_mb', BARRIER],
    ['smp_mb__after_spinlock', BARRIER],
    ['smp_mb__after_mmgrab', BARRIER],
    ['smp_mb__before_atomic', BARRIER],
    ['smp_mb__after_atomic', BARRIER],
    ['membarrier_update_current_mm', { barrier: true, doc: 'tells membarrier the current mm changed' }],
    ['membarrier_switch_mm', { barrier: true, doc: "membarrier's hook on a switch of mm" }],
    ['membarrier_exec_mmap', { barrier: true, doc: "membarrier's hook in exec_mmap" }],
    ['local_irq_disable', irqOff('disables IRQs on this CPU')],
    ['local_irq_save', irqOff('disables IRQs on this CPU, saving the previous state')],
    ['local_irq_enable', irqOn('enables IRQs on this CPU')],
    ['local_irq_restore', irqOn('restores the saved IRQ state')],
    ['raw_spin_lock', { enters: 'raw spinlock', doc: 'takes a raw spinlock' }],
    ['raw_spin_unlock', { leaves: 'raw spinlock', doc: 'releases a raw spinlock' }],
    ['raw_spin_lock_irq', irqOff('takes a raw spinlock with IRQs off', 'raw spinlock')],
    ['raw_spin_lock_irqsave', irqOff('takes a raw spinlock with IRQs off', 'raw spinlock')],
    ['raw_spin_unlock_irq', irqOn('releases a raw spinlock and enables IRQs', 'raw spinlock')],
    ['raw_spin_unlock_irqrestore', irqOn('releases a raw spinlock and restores IRQs', 'raw spinlock')],
    ['spin_lock_irq', irqOff('takes a spinlock with IRQs off')],
    ['spin_lock_irqsave', irqOff('takes a spinlock with IRQs off')],
    ['spin_unlock_irq', irqOn('releases a spinlock and enables IRQs')],
    ['spin_unlock_irqrestore', irqOn('releases a spinlock and restores IRQs')],
    ['rq_lock', { enters: 'rq lock', doc: 'takes the runqueue lock' }],
    ['rq_lock_irq', irqOff('takes the runqueue lock with IRQs off', 'rq lock')],
    ['rq_lock_irqsave', irqOff('takes the runqueue lock with IRQs off', 'rq lock')],
    ['raw_spin_rq_lock', { enters: 'rq lock', doc: 'takes the runqueue lock' }],
    ['raw_spin_rq_lock_irq', irqOff('takes the runqueue lock with IRQs off', 'rq lock')],
    ['task_rq_lock', irqOff('takes the task runqueue lock with IRQs off', 'rq lock')],
    ['__task_rq_lock', { enters: 'rq lock', doc: 'takes the task runqueue lock' }],
    ['rq_unlock', { leaves: 'rq lock', doc: 'releases the runqueue lock' }],
    ['rq_unlock_irq', irqOn('releases the runqueue lock and enables IRQs', 'rq lock')],
    ['rq_unlock_irqrestore', irqOn('releases the runqueue lock and restores IRQs', 'rq lock')],
    ['raw_spin_rq_unlock', { leaves: 'rq lock', doc: 'releases the runqueue lock' }],
    ['raw_spin_rq_unlock_irq', irqOn('releases the runqueue lock and enables IRQs', 'rq lock')],
    ['task_rq_unlock', irqOn('releases the task runqueue lock and restores IRQs', 'rq lock')],
    ['__task_rq_unlock', { leaves: 'rq lock', doc: 'releases the task runqueue lock' }],
    ['mmap_read_lock', vm('takes mmap_lock for reading: walks VMAs')],
    ['mmap_read_lock_killable', vm('takes mmap_lock for reading: walks VMAs')],
    ['mmap_read_trylock', vm('takes mmap_lock for reading: walks VMAs')],
    ['mmap_write_lock', vm('takes mmap_lock for writing: changes VMAs')],
    ['mmap_write_lock_killable', vm('takes mmap_lock for writing: changes VMAs')],
    ['find_vma', vm('looks up a VMA')],
    ['vma_lookup', vm('looks up a VMA')],
    ['find_extend_vma', vm('looks up and may extend a VMA')],
    ['get_user_pages_remote', vm('pins pages of another mm')],
    ['pin_user_pages_remote', vm('pins pages of another mm')],
    ['access_remote_vm', vm('reads or writes user memory of another mm')],
    ['walk_page_range', vm('walks page tables')],
    ['switch_mm_irqs_off', { switchesMm: true, doc: 'loads another mm on this CPU; IRQs must be off' }],
    ['enter_lazy_tlb', { switchesMm: true, lazyHandOver: true, arg: 0, doc: 'keeps the previous mm loaded lazily for a kernel thread; the lazy reference now belongs to active_mm' }],
    ['task_lock', { taskLock: 'lock', arg: 0, doc: "takes the task's alloc_lock, which pins task->mm" }],
    ['task_unlock', { taskLock: 'unlock', arg: 0, doc: "releases the task's alloc_lock" }],
  ];
}

export const API: ReadonlyMap<string, ApiEffect> = new Map(entries());

export function apiEffect(callee: string): ApiEffect | undefined {
  return API.get(callee);
}

/** Names the release call that matches a resource, for messages and fixes. */
export function releaseFor(kind: ResourceKind): string {
  switch (kind) {
    case 'count':
      return 'mmdrop';
    case 'users':
      return 'mmput';
    case 'kthread_mm':
      return 'kthread_unuse_mm';
    case 'tlb_gather':
      return 'tlb_finish_mmu';
    case 'flush_pending':
      return 'dec_tlb_flush_pending';
  }
}

export function describeKind(kind: ResourceKind): string {
  switch (kind) {
    case 'count':
      return 'mm_count reference';
    case 'users':
      return 'mm_users reference';
    case 'kthread_mm':
      return 'kthread_use_mm() of the mm';
    case 'tlb_gather':
      return 'mmu_gather batch';
    case 'flush_pending':
      return 'pending TLB flush';
  }
}

export function isRefCount(kind: ResourceKind): kind is RefCount {
  return kind === 'count' || kind === 'users';
}
