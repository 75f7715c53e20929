// The kernel configuration the clean-up pass reads `#if`/`#ifdef` with. Either a real `.config`
// (`lazymm check --config .config`) or DEFAULT_CONFIG below. Findings say which one they hold for
// (`label`), because a branch the configuration hides is a branch the analysis did not see.

export interface KernelConfig {
  /** Names the configuration in findings and notes: "default x86_64 config", ".config", ... */
  label: string;
  /**
   * Whether the macro `symbol` (full name, `CONFIG_SMP`) is defined, as `include/generated/autoconf.h`
   * would define it: `=y` defines CONFIG_X, `=m` defines CONFIG_X_MODULE (and not CONFIG_X), a
   * number or string defines CONFIG_X with that value. This is what `#ifdef` and `defined()` see.
   */
  enabled(symbol: string): boolean;
  /** The raw `.config` value of `symbol`: `y`, `m`, `123`, `0x10`, `"str"`; undefined when not set. */
  value(symbol: string): string | undefined;
}

const MODULE_SUFFIX = '_MODULE';

class MapConfig implements KernelConfig {
  constructor(
    readonly label: string,
    private readonly values: ReadonlyMap<string, string>,
  ) {}

  enabled(symbol: string): boolean {
    if (symbol.endsWith(MODULE_SUFFIX) && this.values.get(symbol.slice(0, -MODULE_SUFFIX.length)) === 'm') return true;
    const v = this.values.get(symbol);
    return v !== undefined && v !== 'm' && v !== 'n';
  }

  value(symbol: string): string | undefined {
    const v = this.values.get(symbol);
    return v === 'n' ? undefined : v;
  }
}

/** Builds a configuration from `CONFIG_X -> value` pairs; `n` counts as not set. */
export function makeKernelConfig(label: string, values: Iterable<readonly [string, string]>): KernelConfig {
  return new MapConfig(label, new Map(values));
}

/**
 * Reads a kernel `.config`: `CONFIG_X=y|m|n|123|0x1f|"string"` lines set a symbol, and
 * `# CONFIG_X is not set` lines (like any symbol the file does not mention) leave it off. Anything
 * else (comments, blank lines, garbage) is ignored rather than rejected: a `.config` edited by hand
 * should still give an answer.
 */
export function parseKernelConfig(text: string, label: string): KernelConfig {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const set = /^(CONFIG_\w+)=(.*)$/.exec(line);
    if (set) {
      values.set(set[1]!, set[2]!.trim());
      continue;
    }
    const unset = /^#\s*(CONFIG_\w+) is not set$/.exec(line);
    if (unset) values.delete(unset[1]!);
  }
  return new MapConfig(label, values);
}

/**
 * Documented defaults: an x86_64 SMP kernel as a distribution builds it, with the options that decide
 * how the lazy-mm code reads. Every symbol not listed is off, which also hides debug-only code
 * (CONFIG_DEBUG_VM, CONFIG_LOCKDEP, CONFIG_PROVE_LOCKING, CONFIG_DEBUG_PREEMPT, CONFIG_KASAN, ...)
 * as in a production kernel, and other architectures' options (an arch's own files still read as
 * that arch's code, only their inner `#ifdef CONFIG_<ARCH>_...` choices fall back to off).
 */
const DEFAULT_VALUES: ReadonlyArray<readonly [string, string]> = [
  // The architecture: the reference target for lazy TLB (arch/x86/mm/tlb.c).
  ['CONFIG_X86', 'y'],
  ['CONFIG_X86_64', 'y'],
  ['CONFIG_64BIT', 'y'],
  // Without an MMU there is no mm switching at all; every real lazy-TLB user has one.
  ['CONFIG_MMU', 'y'],
  // Lazy TLB, mm_cpumask and the remote-CPU hazards exist only with more than one CPU.
  ['CONFIG_SMP', 'y'],
  // A distribution's CPU count (Debian amd64); `#if NR_CPUS > ...` picks the large-machine code.
  ['CONFIG_NR_CPUS', '8192'],
  // CPUs go offline and their idle threads drop active_mm (idle_task_exit, finish_cpu).
  ['CONFIG_HOTPLUG_CPU', 'y'],
  ['CONFIG_NUMA', 'y'],
  // Five-level page tables as distributions enable them on x86_64.
  ['CONFIG_X86_5LEVEL', 'y'],
  ['CONFIG_PGTABLE_LEVELS', '5'],
  // Lazy-TLB users hold mm_count through mmgrab_lazy_tlb/mmdrop_lazy_tlb. x86 does not select
  // CONFIG_MMU_LAZY_TLB_SHOOTDOWN (only powerpc book3s64 does), so that one stays off.
  ['CONFIG_MMU_LAZY_TLB_REFCOUNT', 'y'],
  // x86 flushes batched unmaps lazily (try_to_unmap_flush) and frees page tables via RCU.
  ['CONFIG_ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH', 'y'],
  ['CONFIG_MMU_GATHER_RCU_TABLE_FREE', 'y'],
  // PTI changes switch_mm_irqs_off (user/kernel ASIDs); distributions build it in.
  ['CONFIG_MITIGATION_PAGE_TABLE_ISOLATION', 'y'],
  // membarrier relies on the barrier implied by switch_mm; its sync-core variant is x86's.
  ['CONFIG_MEMBARRIER', 'y'],
  ['CONFIG_ARCH_HAS_MEMBARRIER_SYNC_CORE', 'y'],
  // Per-mm concurrency ids are updated on every context switch in 6.12 (mm_cid_*).
  ['CONFIG_SCHED_MM_CID', 'y'],
  ['CONFIG_RSEQ', 'y'],
  // Preemption as distributions ship it: PREEMPT_DYNAMIC (x86 via static calls) implies
  // PREEMPTION and, with tree RCU, PREEMPT_RCU; PREEMPT_RT stays off.
  ['CONFIG_PREEMPT_DYNAMIC', 'y'],
  ['CONFIG_HAVE_PREEMPT_DYNAMIC_CALL', 'y'],
  ['CONFIG_PREEMPT_BUILD', 'y'],
  ['CONFIG_PREEMPTION', 'y'],
  ['CONFIG_PREEMPT_VOLUNTARY', 'y'],
  ['CONFIG_PREEMPT_RCU', 'y'],
  ['CONFIG_TREE_RCU', 'y'],
  ['CONFIG_TASKS_RCU', 'y'],
  ['CONFIG_TASKS_TRACE_RCU', 'y'],
  // KVM's preempt notifiers run around context switches.
  ['CONFIG_PREEMPT_NOTIFIERS', 'y'],
  ['CONFIG_KVM', 'm'],
  // Scheduler features a distribution kernel has, so kernel/sched reads as it is built.
  ['CONFIG_CGROUPS', 'y'],
  ['CONFIG_CGROUP_SCHED', 'y'],
  ['CONFIG_FAIR_GROUP_SCHED', 'y'],
  ['CONFIG_CFS_BANDWIDTH', 'y'],
  ['CONFIG_SCHED_SMT', 'y'],
  ['CONFIG_SCHED_CORE', 'y'],
  ['CONFIG_SCHED_INFO', 'y'],
  ['CONFIG_NO_HZ_COMMON', 'y'],
  ['CONFIG_NUMA_BALANCING', 'y'],
  ['CONFIG_CPUSETS', 'y'],
  ['CONFIG_MEMCG', 'y'],
  ['CONFIG_BLK_CGROUP', 'y'],
  ['CONFIG_CPU_IDLE', 'y'],
  ['CONFIG_IRQ_WORK', 'y'],
  // The x86 entry code and task layout.
  ['CONFIG_GENERIC_ENTRY', 'y'],
  ['CONFIG_THREAD_INFO_IN_TASK', 'y'],
  ['CONFIG_VMAP_STACK', 'y'],
  ['CONFIG_STACKPROTECTOR', 'y'],
  ['CONFIG_ARCH_WANTS_DYNAMIC_TASK_STRUCT', 'y'],
  ['CONFIG_PARAVIRT', 'y'],
  ['CONFIG_JUMP_LABEL', 'y'],
  ['CONFIG_CPU_SUP_INTEL', 'y'],
  ['CONFIG_CPU_SUP_AMD', 'y'],
  ['CONFIG_X86_INTEL_MEMORY_PROTECTION_KEYS', 'y'],
  ['CONFIG_ADDRESS_MASKING', 'y'],
  ['CONFIG_COMPAT', 'y'],
  ['CONFIG_IA32_EMULATION', 'y'],
  ['CONFIG_HAVE_ARCH_COMPAT_MMAP_BASES', 'y'],
  // Memory-management features whose code takes and drops mm references.
  ['CONFIG_MMU_NOTIFIER', 'y'],
  ['CONFIG_PER_VMA_LOCK', 'y'],
  ['CONFIG_TRANSPARENT_HUGEPAGE', 'y'],
  ['CONFIG_HUGETLB_PAGE', 'y'],
  ['CONFIG_USERFAULTFD', 'y'],
  ['CONFIG_KSM', 'y'],
  ['CONFIG_SWAP', 'y'],
  ['CONFIG_COMPACTION', 'y'],
  ['CONFIG_LRU_GEN', 'y'],
  ['CONFIG_LRU_GEN_WALKS_MMU', 'y'],
  ['CONFIG_ANON_VMA_NAME', 'y'],
  ['CONFIG_SHMEM', 'y'],
  // Users of other tasks' mms (mmget/get_task_mm, kthread_use_mm): all visible.
  ['CONFIG_PROC_FS', 'y'],
  ['CONFIG_SYSCTL', 'y'],
  ['CONFIG_PROC_SYSCTL', 'y'],
  ['CONFIG_PERF_EVENTS', 'y'],
  ['CONFIG_UPROBES', 'y'],
  ['CONFIG_KPROBES', 'y'],
  ['CONFIG_IO_URING', 'y'],
  ['CONFIG_AIO', 'y'],
  ['CONFIG_FUTEX', 'y'],
  ['CONFIG_POSIX_TIMERS', 'y'],
  ['CONFIG_SECCOMP', 'y'],
  ['CONFIG_BPF_SYSCALL', 'y'],
  ['CONFIG_IOMMU_SVA', 'y'],
  ['CONFIG_IOMMU_MM_DATA', 'y'],
  ['CONFIG_ARCH_HAS_CPU_PASID', 'y'],
  ['CONFIG_VFIO', 'm'],
  ['CONFIG_DRM_AMDGPU', 'm'],
  ['CONFIG_HSA_AMD', 'y'],
  ['CONFIG_HSA_AMD_SVM', 'y'],
  ['CONFIG_ANDROID_BINDER_IPC', 'y'],
  ['CONFIG_MODULES', 'y'],
  ['CONFIG_BLOCK', 'y'],
  // /proc readers of other tasks' mms (smaps, pagemap, map_files, auxv, ldt, task accounting,
  // process_vm_readv, core dumps): all take mm_users references, so keep them visible.
  ['CONFIG_PROC_PAGE_MONITOR', 'y'],
  ['CONFIG_CHECKPOINT_RESTORE', 'y'],
  ['CONFIG_CROSS_MEMORY_ATTACH', 'y'],
  ['CONFIG_ADVISE_SYSCALLS', 'y'],
  ['CONFIG_ELF_CORE', 'y'],
  ['CONFIG_COREDUMP', 'y'],
  ['CONFIG_BINFMT_ELF', 'y'],
  ['CONFIG_MODIFY_LDT_SYSCALL', 'y'],
  ['CONFIG_TASKSTATS', 'y'],
  ['CONFIG_TASK_XACCT', 'y'],
  ['CONFIG_TASK_IO_ACCOUNTING', 'y'],
  ['CONFIG_HAVE_ARCH_USERFAULTFD_WP', 'y'],
  ['CONFIG_PTE_MARKER_UFFD_WP', 'y'],
  ['CONFIG_DRM_AMDGPU_USERPTR', 'y'],
  ['CONFIG_SYSFS', 'y'],
  ['CONFIG_DEBUG_FS', 'y'],
  ['CONFIG_STRICT_KERNEL_RWX', 'y'],
  ['CONFIG_SECURITY', 'y'],
  ['CONFIG_AUDIT', 'y'],
  ['CONFIG_NET', 'y'],
  ['CONFIG_PCI', 'y'],
];

export const DEFAULT_CONFIG: KernelConfig = makeKernelConfig('default x86_64 config', DEFAULT_VALUES);

/**
 * Macros the compiler and Kbuild define before any header, derived from the configuration, as
 * `name -> replacement`. These are not Kconfig symbols, so a `.config` does not list them:
 * - `__KERNEL__`: Kbuild compiles all kernel code with -D__KERNEL__ (headers shared with user space
 *   hide their kernel half behind it).
 * - `MODULE` is not defined: files are read as built into the kernel. Only a file built as a module
 *   sees it, and it guards module_init/exit glue, not mm handling.
 * - `__ASSEMBLY__`, `__CHECKER__` (sparse), `__GENKSYMS__` are not defined: we read C for gcc.
 * - The architecture's own predefines, word size and byte order follow the configuration, so
 *   `#if BITS_PER_LONG == 64` and `#ifdef __x86_64__` read as the configured machine would.
 */
export function predefinedMacros(config: KernelConfig): ReadonlyMap<string, string> {
  const is64 = config.enabled('CONFIG_64BIT');
  const bits = is64 ? '64' : '32';
  const macros = new Map<string, string>([
    ['__KERNEL__', '1'],
    ['__GNUC__', '12'],
    ['__STDC__', '1'],
    ['__STDC_VERSION__', '201112L'], // -std=gnu11
    ['BITS_PER_LONG', bits],
    ['__BITS_PER_LONG', bits],
  ]);
  if (config.enabled('CONFIG_CPU_BIG_ENDIAN')) macros.set('__BIG_ENDIAN', '4321');
  else macros.set('__LITTLE_ENDIAN', '1234');
  if (config.enabled('CONFIG_X86_64')) {
    macros.set('__x86_64__', '1');
    macros.set('__LP64__', '1');
  } else if (config.enabled('CONFIG_X86_32')) {
    macros.set('__i386__', '1');
  }
  if (config.enabled('CONFIG_ARM64')) macros.set('__aarch64__', '1');
  return macros;
}
