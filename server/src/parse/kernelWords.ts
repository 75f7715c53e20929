// Every kernel macro name the clean-up pass knows, in one place, with what it does to the text.
// tree-sitter-c reads C as the standard writes it; these are the kernel's spellings that it cannot
// read without their expansion. Add a word here (and a test in test/unit/preprocess.test.ts) when
// the parse-coverage script shows a new mis-parse.

/**
 * Bare words that expand to attributes, sparse annotations or nothing: blanked wherever they occur
 * in code. As written they look like a type or declarator name to tree-sitter, so
 * `void __init foo(void)` would declare `__init` and `struct s {...} __randomize_layout;` would
 * declare a variable.
 */
export const ATTRIBUTE_WORDS: readonly string[] = [
  // Function placement, inlining and calling convention.
  '__always_inline', '__inline_maybe_unused', 'noinline', 'noinline_for_stack', 'nokprobe_inline',
  '__init', '__exit', '__ref', '__init_or_module', '__init_memblock', '__meminit', '__head',
  '__sched', '__lockfunc', '__cpuidle', '__irq_entry', '__softirq_entry', '__kprobes',
  'asmlinkage', '__visible', '__noreturn', '__weak', '__cold', '__hot', '__flatten', '__pure',
  '__used', '__maybe_unused', '__always_unused', '__must_check', '__malloc', '__naked', '__noclone',
  '__attribute_const__', '__latent_entropy', '__bpf_kfunc', '__deprecated', '__gnu_inline',
  '__function_aligned', '__fastpath_inline', '__net_init', '__net_exit', '__net_initdata',
  // Instrumentation control.
  'notrace', 'noinstr', '__noinstr', '__no_profile', '__nocfi', '__noscs', '__noendbr',
  '__no_kcsan', '__no_sanitize_address', '__no_sanitize_thread', '__no_sanitize_memory',
  '__no_sanitize_or_inline', '__no_kmsan_checks', '__no_stack_protector', '__nostackprotector',
  // Data placement and alignment.
  '__initdata', '__initconst', '__exitdata', '__meminitdata', '__initdata_memblock', '__refdata',
  '__read_mostly', '__ro_after_init', '__lsm_ro_after_init', '__page_aligned_data',
  '__page_aligned_bss', '__cacheline_aligned', '__cacheline_aligned_in_smp',
  '____cacheline_aligned', '____cacheline_aligned_in_smp', '____cacheline_internodealigned_in_smp',
  '__aligned_largest', '__packed', '__randomize_layout', '__no_randomize_layout', '__designated_init',
  '__nonstring',
  // kernel/sched: `const` or `__read_mostly` depending on CONFIG_SCHED_DEBUG, defined in sched.h.
  'const_debug',
  // sparse address-space and type annotations.
  '__user', '__kernel', '__iomem', '__percpu', '__rcu', '__force', '__bitwise', '__nocast', '__safe',
  '__private',
  // alpha's `extern inline` spelling in headers; xfs's and the decompressors' `static` (or nothing).
  '__EXTERN_INLINE', 'STATIC',
];

/**
 * Attribute-like macros with an argument list: the word and its balanced `(...)` are blanked.
 * `__releases(rq->lock)` after a declarator, `__free(kfree)` in a declaration (the analysis can read
 * the original text at the same offsets when it needs to know about scope-based clean-up; no
 * `DEFINE_FREE` in 6.12 concerns an mm).
 */
export const ANNOTATION_CALLS: readonly string[] = [
  '__acquires', '__releases', '__must_hold', '__cond_acquires', '__attribute__', '__attribute',
  '__aligned', '__section', '__printf', '__scanf', '__alloc_size', '__assume_aligned', '__counted_by',
  '__free', '__cleanup', '__compiletime_error', '__diag_ignore_all', '__no_kcsan_or_inline',
];

/**
 * File-scope statements that only register a symbol or a callback: `EXPORT_SYMBOL_GPL(mmput);`,
 * `subsys_initcall(oom_init)` (often written without a `;`, which glues it to the next definition),
 * `MODULE_LICENSE("GPL");`, and the cleanup-class definitions (`DEFINE_GUARD(mutex, ...)`,
 * `DEFINE_LOCK_GUARD_1(...)`, `DEFINE_FREE(...)`) whose arguments are types and statements; no
 * class in 6.12 concerns an mm reference. Blanked with their `;` when they stand at file scope, so the
 * translation unit holds only declarations and function definitions.
 */
export const TOP_LEVEL_STATEMENTS =
  /^(?:EXPORT_\w+|NOKPROBE_SYMBOL|ALLOW_ERROR_INJECTION|STACK_FRAME_NON_STANDARD\w*|(?:pure|core|postcore|arch|subsys|fs|rootfs|device|late|early|console|security)_initcall(?:_sync)?|__initcall|module_init|module_exit|__exitcall|__setup|__setup_param|early_param|core_param|MODULE_\w+|DEFINE_(?:LOCK_)?GUARD\w*|DEFINE_CLASS|EXTEND_CLASS|DEFINE_FREE)$/;

/**
 * `static DEFINE_MUTEX(lock);`, `static DECLARE_WORK(w, fn);`, `static LIST_HEAD(list);`: a
 * storage class before an all-capitals macro that expands to a whole definition. tree-sitter reads
 * `static X(...)` as the start of a declaration and fails; the `static` is blanked, leaving a
 * macro call that reads as a statement (inside a function) or a file-scope invocation.
 */
export const DEFINITION_MACRO = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;
export const STORAGE_CLASSES: readonly string[] = ['static', 'extern'];

/**
 * Object-like macros defined in the file itself whose replacement is only made of these words (or
 * empty: `#define STATIC_NOPV`, `#define __fastpath_inline __always_inline`) are attribute macros
 * too, and are blanked like ATTRIBUTE_WORDS.
 */
export const LOCAL_ATTRIBUTE_WORDS: readonly string[] = ['static', 'inline', '__inline', '__inline__', 'extern', 'const', 'volatile'];

/**
 * `DECLARE_BITMAP(name, bits)` declares `unsigned long name[BITS_TO_LONGS(bits)]`. Rewritten to
 * `DECLARE_BITMAP name[ bits]` (the `(` blanked, the comma becoming `[`, the `)` becoming `]`): a
 * declaration of an array with the macro name as its type, initializer and all.
 */
export const ARRAY_DECLARATORS: readonly string[] = ['DECLARE_BITMAP'];

/**
 * `MACRO(type, name)` that defines a variable of that type: the macro name, its parentheses and the
 * comma before the name are blanked, leaving the declaration `type name`.
 * `static DEFINE_PER_CPU(unsigned int, clock);` reads as `static unsigned int clock;`.
 */
export const TYPED_DECLARATORS: readonly string[] = [
  'DEFINE_PER_CPU', 'DECLARE_PER_CPU', 'DEFINE_PER_CPU_ALIGNED', 'DECLARE_PER_CPU_ALIGNED',
  'DEFINE_PER_CPU_SHARED_ALIGNED', 'DECLARE_PER_CPU_SHARED_ALIGNED', 'DEFINE_PER_CPU_READ_MOSTLY',
  'DECLARE_PER_CPU_READ_MOSTLY', 'DEFINE_PER_CPU_PAGE_ALIGNED', 'DECLARE_PER_CPU_PAGE_ALIGNED',
  'DEFINE_PER_CPU_DECRYPTED', 'DECLARE_PER_CPU_DECRYPTED', 'DEFINE_PER_CPU_CACHE_HOT',
];

/**
 * Function-defining macros `NAME(fn, type1, arg1, type2, arg2, ...)`: SYSCALL_DEFINE3(mmap, ...).
 * Rewritten to `NAME fn( type1  arg1, type2  arg2)`, a definition of `fn` with return type `NAME`,
 * by moving no character: the `(` becomes a blank, the comma after the name becomes `(`, and the
 * commas between each type and its argument name become blanks. The `0` forms (`SYSCALL_DEFINE0(fork)`)
 * already read as a definition of `fork` and are left alone.
 */
export const FUNCTION_DEFINERS = /^(?:COMPAT_)?SYSCALL_DEFINE[1-6]$|^SYSCALL32_DEFINE[1-6]$|^BPF_CALL_[1-5]$/;

/**
 * Iterator macros: `list_for_each_entry(pos, head, member) stmt` expands to a `for` loop. Any
 * identifier with a `for_each` (or `foreach`: vma_interval_tree_foreach) word in it or starting with
 * `for_` (for_other_threads, for_class_mod_mem_type, for_next_zone_zonelist_nodemask), the
 * capitalised FOREACH_* forms, drm_exec_until_all_locked (a retry loop in amdgpu/amdkfd), plus the `do_each_*` openers of the `do_each_pid_task(...)
 * { } while_each_pid_task(...);` pairs, and `scoped_seqlock_read` (a lockless pass, then a locked
 * retry: a loop). At the start of a statement and followed by `(...)` and a
 * statement, or as the `while` of a do-while (`do { } while_each_thread(g, t);`), the name is overwritten by `while` padded with blanks; the argument list becomes the
 * loop condition, a comma expression.
 */
export const ITERATOR_PATTERN = /(?:^|_)(?:for_?each|FOR_?EACH)(?:_|$)|^for_\w|^do_each_|^while_each_|^scoped_seqlock_read$|^drm_exec_until_all_locked$/;

/**
 * Inline assembly: tree-sitter-c reads only the simplest forms, and kernel templates are built from
 * macros (`asm volatile(PPC_DSSALL)`, `"1: " _ASM_EXTABLE(...)`, register variables with
 * `asm("rdx")`). Assembly does nothing to mm references, so the whole `asm ...(...)` is blanked,
 * leaving an empty statement. `asm goto` is kept when its template is a string literal: its labels
 * are jump targets the CFG must see.
 */
export const ASM_WORDS: readonly string[] = ['asm', '__asm__', '__asm', 'asm_inline'];
export const ASM_QUALIFIERS: readonly string[] = ['volatile', '__volatile__', 'goto', 'inline', '__inline__'];

/**
 * `offsetof(type, member)`: tree-sitter-c reads only a single field name as the member, but the
 * kernel writes designators (`offsetof(struct io_rings, sq.head)`, `offsetof(struct s, a[3])`).
 * Everything after the first field name is blanked; the value of an offset never matters here.
 */
export const OFFSETOF = 'offsetof';

/**
 * Macros that take a type as an argument (`container_of(p, struct mm_struct, member)`,
 * `min_t(unsigned long, a, b)`, `va_arg(ap, struct foo *)`) are calls to tree-sitter, and a type is
 * not an expression. Inside a call's argument list, an argument that is only a type is reduced to
 * one word: the `struct`/`union`/`enum` keyword, all but the last word of a multi-word builtin type
 * (`unsigned long` -> `long`), qualifiers and trailing `*`s are blanked. An argument that is a
 * statement (`PP_ASSERT_WITH_CODE(!ret, "msg", return ret)`: it starts with one of
 * STATEMENT_ARGUMENT_KEYWORDS) is blanked with its comma; the CFG then misses that early exit, but
 * the function still parses. TYPE_TAKING_KEYWORDS take types natively and are left alone.
 */
export const STATEMENT_ARGUMENT_KEYWORDS: readonly string[] = ['return', 'break', 'continue', 'goto'];

export const TYPE_TAKING_KEYWORDS: readonly string[] = [
  'sizeof', 'typeof', '__typeof__', '__typeof', 'typeof_unqual', '__typeof_unqual__', '_Alignof',
  'alignof', '__alignof__', '__alignof', 'offsetof', '__builtin_offsetof', '_Generic',
  // C keywords before a parenthesis: `return (struct foo *)p` is a cast, not a call.
  'return', 'if', 'while', 'for', 'switch', 'case', 'else', 'do', 'goto', 'defined', '__asm__', 'asm',
  '__asm', 'volatile', '__volatile__',
];

/**
 * Scoped guards (include/linux/cleanup.h). In 6.12 `scoped_guard(lock, args) body` is a `for` that
 * runs `body` exactly once for an unconditional lock class; for a conditional class (a try-lock:
 * `mutex_try`, `rwsem_read_try`, `mutex_intr`, ...) only if the lock was taken.
 * - Unconditional: the whole `scoped_guard(...)` header is blanked, leaving `body` as a plain block
 *   that runs once. An `if` would add a path that skips the body, which does not exist, and a
 *   `while` a path that runs it twice; for an analysis that counts references both are false paths.
 * - Conditional (`scoped_cond_guard`, or a class ending in one of CONDITIONAL_GUARD_SUFFIXES): the
 *   name becomes `if` padded with blanks and the arguments the condition, so the body may be skipped.
 *   `scoped_cond_guard(mutex_intr, return -EINTR, &lock)` also blanks its failure statement, which is
 *   not an expression; the analysis sees the skip path without the early return.
 * `scoped_class(name, var, args)` and `scoped_with_kernel_creds()` are the same construction and
 * always unconditional.
 * Known gap: `break`/`continue` inside a scoped_guard body leave the guard in 6.12, while the
 * rewritten text sends them to the enclosing loop or switch.
 */
export const UNCONDITIONAL_GUARD = 'scoped_guard';
/** Other `for`-once scopes built the same way: the body runs exactly once. */
export const RUN_ONCE_SCOPES: readonly string[] = ['scoped_guard', 'scoped_class', 'scoped_with_kernel_creds'];
export const CONDITIONAL_GUARD = 'scoped_cond_guard';
export const CONDITIONAL_GUARD_SUFFIXES: readonly string[] = ['_try', '_intr', '_killable', '_timeout'];

/**
 * The Kconfig helpers in C code, `if (IS_ENABLED(CONFIG_MMU_LAZY_TLB_SHOOTDOWN))`: the preprocessor
 * turns them into 1 or 0, and so do we, from the same configuration as the `#if` branches (`1` or
 * `0` then blanks). The CFG folds constant conditions, so code a configuration compiles out is
 * unreachable, exactly as with `#ifdef`. Only the plain `HELPER(CONFIG_NAME)` form is rewritten.
 */
export const KCONFIG_HELPERS: readonly string[] = ['IS_ENABLED', 'IS_BUILTIN', 'IS_MODULE', 'IS_REACHABLE'];
