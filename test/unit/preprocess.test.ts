// The `#if` pass and the kernel configuration: which branch is kept, that every offset survives,
// and that a brace split across branches no longer swallows the next function. Expected lines are
// written out by hand: '' is a line the clean-up blanked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Edit } from 'web-tree-sitter';
import { findFunctions } from '../../server/src/analysis/functions';
import { cleanKernelC, cleanKernelCDetailed } from '../../server/src/parse/cleanup';
import { DEFAULT_CONFIG, parseKernelConfig, type KernelConfig } from '../../server/src/parse/config';
import { pointAt } from '../../server/src/parse/points';
import { CParser } from '../../server/src/parse/parser';

/** The cleaned text line by line, trailing blanks dropped: what survives of each line. */
function visible(src: string, config: KernelConfig = DEFAULT_CONFIG): string[] {
  return cleanKernelC(src, config).split('\n').map((l) => l.trimEnd());
}

const lines = (...ls: string[]) => ls.join('\n');

const DOT_CONFIG = `#
# Automatically generated file; DO NOT EDIT.
# Linux/powerpc 6.12.0 Kernel Configuration
#
CONFIG_SMP=y
CONFIG_KVM=m
CONFIG_NR_CPUS=64
CONFIG_PGTABLE_LEVELS=4
CONFIG_LOCALVERSION="-lazymm"
# CONFIG_MMU_LAZY_TLB_REFCOUNT is not set
CONFIG_MMU_LAZY_TLB_SHOOTDOWN=y
CONFIG_64BIT=y
`;

describe('kernel configuration', () => {
  test('a .config file: y, m, numbers, strings, "is not set"', () => {
    const c = parseKernelConfig(DOT_CONFIG, 'ppc .config');
    assert.equal(c.label, 'ppc .config');
    assert.equal(c.enabled('CONFIG_SMP'), true);
    assert.equal(c.value('CONFIG_SMP'), 'y');
    // =m defines CONFIG_KVM_MODULE, not CONFIG_KVM, as autoconf.h does.
    assert.equal(c.enabled('CONFIG_KVM'), false);
    assert.equal(c.enabled('CONFIG_KVM_MODULE'), true);
    assert.equal(c.value('CONFIG_KVM'), 'm');
    assert.equal(c.value('CONFIG_NR_CPUS'), '64');
    assert.equal(c.value('CONFIG_LOCALVERSION'), '"-lazymm"');
    assert.equal(c.enabled('CONFIG_MMU_LAZY_TLB_REFCOUNT'), false);
    assert.equal(c.value('CONFIG_MMU_LAZY_TLB_REFCOUNT'), undefined);
    assert.equal(c.enabled('CONFIG_MMU_LAZY_TLB_SHOOTDOWN'), true);
    assert.equal(c.enabled('CONFIG_X86'), false);
  });

  test('the documented defaults: x86_64 SMP, refcounted lazy TLB, no shootdown', () => {
    assert.equal(DEFAULT_CONFIG.label, 'default x86_64 config');
    for (const on of ['CONFIG_X86_64', 'CONFIG_MMU', 'CONFIG_SMP', 'CONFIG_MMU_LAZY_TLB_REFCOUNT', 'CONFIG_MEMBARRIER', 'CONFIG_PREEMPT_RCU']) {
      assert.equal(DEFAULT_CONFIG.enabled(on), true, on);
    }
    for (const off of ['CONFIG_MMU_LAZY_TLB_SHOOTDOWN', 'CONFIG_PREEMPT_RT', 'CONFIG_DEBUG_VM', 'CONFIG_ARM64']) {
      assert.equal(DEFAULT_CONFIG.enabled(off), false, off);
    }
    assert.equal(DEFAULT_CONFIG.value('CONFIG_NR_CPUS'), '8192');
  });
});

describe('#if branch choice', () => {
  test('#ifdef / #ifndef / #else with the defaults; directive lines are blanked too', () => {
    const src = lines(
      '#ifdef CONFIG_SMP',
      'int smp;',
      '#else',
      'int up;',
      '#endif',
      '#ifndef CONFIG_DEBUG_VM',
      'int quiet;',
      '#endif /* CONFIG_DEBUG_VM */',
      '#ifdef CONFIG_NOT_A_REAL_SYMBOL',
      'int never;',
      '#endif',
    );
    assert.deepEqual(visible(src), ['', 'int smp;', '', '', '', '', 'int quiet;', '', '', '', '']);
  });

  test('defined(), !, &&, ||, parentheses and line continuations', () => {
    const src = lines(
      '#if defined(CONFIG_SMP) && !defined(CONFIG_PREEMPT_RT)',
      'int a;',
      '#endif',
      '#if (defined CONFIG_DEBUG_VM || defined(CONFIG_NUMA)) && \\',
      '    defined(CONFIG_NOPE)',
      'int b;',
      '#else',
      'int c;',
      '#endif',
    );
    assert.deepEqual(visible(src), ['', 'int a;', '', '', '', '', '', 'int c;', '']);
  });

  test('Kconfig helpers: a tristate =m is IS_ENABLED and IS_MODULE but not #ifdef, IS_BUILTIN or IS_REACHABLE', () => {
    const src = lines(
      '#if IS_ENABLED(CONFIG_KVM)',
      'int enabled;',
      '#endif',
      '#ifdef CONFIG_KVM',
      'int ifdef;',
      '#endif',
      '#if IS_BUILTIN(CONFIG_KVM)',
      'int builtin;',
      '#elif IS_MODULE(CONFIG_KVM)',
      'int module;',
      '#endif',
      '#if IS_REACHABLE(CONFIG_KVM)',
      'int reachable;',
      '#endif',
      '#if IS_BUILTIN(CONFIG_SMP)',
      'int smp;',
      '#endif',
    );
    assert.deepEqual(visible(src), ['', 'int enabled;', '', '', '', '', '', '', '', 'int module;', '', '', '', '', '', 'int smp;', '']);
  });

  test('integer comparisons over configuration values, #elif chains; a .config changes the choice', () => {
    const src = lines(
      '#if CONFIG_PGTABLE_LEVELS > 4',
      'int p4d;',
      '#elif CONFIG_PGTABLE_LEVELS > 3',
      'int pud;',
      '#else',
      'int pmd;',
      '#endif',
      '#if CONFIG_NR_CPUS > 64 && BITS_PER_LONG == 64',
      'int big;',
      '#endif',
    );
    assert.deepEqual(visible(src), ['', 'int p4d;', '', '', '', '', '', '', 'int big;', '']);
    assert.deepEqual(visible(src, parseKernelConfig(DOT_CONFIG, '.config')), ['', '', '', 'int pud;', '', '', '', '', '', '']);
  });

  test('#if 0, #if 1 and nesting: an inner true branch inside an outer false one stays blank', () => {
    const src = lines(
      '#if 0',
      '#ifdef CONFIG_SMP',
      'int dead;',
      '#endif',
      '#else',
      '#if 1',
      'int live;',
      '#else',
      'int other;',
      '#endif',
      '#endif',
    );
    assert.deepEqual(visible(src), ['', '', '', '', '', '', 'int live;', '', '', '', '']);
  });

  test('an unreadable condition takes its branch, and says where', () => {
    const src = lines(
      '#if __has_attribute(__fallthrough__)',
      'int first;',
      '#elif 1',
      'int second;',
      '#endif',
      '#if 0',
      '#elif KERNEL_VERSION(6, 1, 0) > 0',
      'int third;',
      '#else',
      'int fourth;',
      '#endif',
    );
    const r = cleanKernelCDetailed(src);
    assert.deepEqual(r.text.split('\n').map((l) => l.trimEnd()), ['', 'int first;', '', '', '', '', '', 'int third;', '', '', '']);
    assert.deepEqual(r.undecided, [0, src.indexOf('#elif KERNEL_VERSION')]);
    assert.equal(r.config.label, 'default x86_64 config');
  });

  test('header guards keep their content; the file\'s own #define and #undef are followed', () => {
    const src = lines(
      '#ifndef _LINUX_SCHED_MM_H',
      '#define _LINUX_SCHED_MM_H',
      '#ifndef arch_lazy_tlb',
      '#define arch_lazy_tlb 1',
      '#endif',
      '#if arch_lazy_tlb',
      'int lazy;',
      '#endif',
      '#undef arch_lazy_tlb',
      '#ifdef arch_lazy_tlb',
      'int gone;',
      '#endif',
      '#endif /* _LINUX_SCHED_MM_H */',
    );
    assert.deepEqual(visible(src), [
      '',
      '#define _LINUX_SCHED_MM_H',
      '',
      '#define arch_lazy_tlb 1',
      '',
      '',
      'int lazy;',
      '',
      '#undef arch_lazy_tlb',
      '',
      '',
      '',
      '',
    ]);
  });

  test('__KERNEL__ is defined, MODULE is not', () => {
    const src = lines('#ifdef __KERNEL__', 'int kernel;', '#endif', '#ifdef MODULE', 'int module;', '#else', 'int builtin;', '#endif');
    assert.deepEqual(visible(src), ['', 'int kernel;', '', '', '', '', 'int builtin;', '']);
  });

  test('a #else inside a comment is not a directive; an unterminated #if blanks to the end', () => {
    const src = lines('#ifdef CONFIG_SMP', '/* a comment', '#else', '*/', 'int smp;', '#endif', '#if 0', 'int tail;');
    assert.deepEqual(visible(src), ['', '/* a comment', '#else', '*/', 'int smp;', '', '', '']);
  });
});

describe('offsets', () => {
  const MIXED = lines(
    '// SPDX-License-Identifier: GPL-2.0',
    '#include <linux/sched/mm.h>',
    '#ifdef CONFIG_SMP\r',
    'static DEFINE_PER_CPU(struct mm_struct *, lazy_mm);',
    '#else',
    'static struct mm_struct *lazy_mm;',
    '#endif',
    'void __sched notrace f(struct rq *rq) __releases(rq->lock)',
    '{',
    '\tconst char *s = "list_for_each_entry(a) { #ifdef";',
    '\tlist_for_each_entry(pos, &rq->list, node) {',
    '\t\tscoped_guard (spinlock, &pos->lock)',
    '\t\t\tmmgrab(pos->mm);',
    '\t}',
    '\tif (IS_ENABLED(CONFIG_MMU_LAZY_TLB_SHOOTDOWN))',
    '\t\tx = container_of(p, struct mm_struct, list);',
    '}',
    'EXPORT_SYMBOL_GPL(f);',
    'SYSCALL_DEFINE2(membarrier, int, cmd, unsigned int, flags)',
    '{',
    '\tDECLARE_BITMAP(mask, 64) = { 0 };',
    '\treturn 0;',
    '}',
  );

  test('same length, line breaks in place; only blanks and same-length rewrites', () => {
    const cleaned = cleanKernelC(MIXED);
    assert.equal(cleaned.length, MIXED.length);
    for (let i = 0; i < MIXED.length; i++) {
      const was = MIXED[i]!;
      const now = cleaned[i]!;
      if (was === '\n' || was === '\r' || now === '\n' || now === '\r') assert.equal(now, was, `line break moved at ${i}`);
      // The only non-blank characters written: while/if over macro names, 1/0 for IS_ENABLED,
      // the ( and [ ] punctuation of the SYSCALL_DEFINE and DECLARE_BITMAP rewrites.
      if (now !== was && now !== ' ') assert.match(now, /[whilef10(\[\]]/, `offset ${i}: ${JSON.stringify(was)} -> ${JSON.stringify(now)}`);
    }
    // The string literal is untouched even though it looks like code.
    assert.ok(cleaned.includes('"list_for_each_entry(a) { #ifdef"'));
  });

  test('random kernel-ish token soup keeps the invariant, never throws', () => {
    const TOKENS = [
      '#if 0\n', '#ifdef CONFIG_SMP\n', '#else\n', '#endif\n', '#elif defined(X) \\\n && 1\n', '#define F(x) x\n',
      'list_for_each_entry(', 'for_each_cpu(c, m) ', 'scoped_guard(', 'scoped_cond_guard(m, return -1, ', 'IS_ENABLED(CONFIG_SMP)',
      '__releases(', '__init ', 'SYSCALL_DEFINE1(', 'DECLARE_BITMAP(', 'DEFINE_PER_CPU(', 'EXPORT_SYMBOL(', 'static ', 'DEFINE_MUTEX(',
      'offsetof(', 'asm volatile(', 'case 1 ... 3:', '{', '}', '(', ')', ';', ',', ' ', '\n', '\r\n', '\t', '"str(', "')'", '/* c */',
      '// line\n', '/* open', 'x', 'struct s', 'unsigned long', '*', 'do', 'while', 'if', '\\\n',
    ];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      let src = '';
      const count = 5 + rand(60);
      for (let k = 0; k < count; k++) src += TOKENS[rand(TOKENS.length)];
      const cleaned = cleanKernelC(src);
      assert.equal(cleaned.length, src.length);
      for (let i = 0; i < src.length; i++) {
        const lineBreak = (c: string) => c === '\n' || c === '\r';
        if (lineBreak(src[i]!) || lineBreak(cleaned[i]!)) assert.equal(cleaned[i], src[i], `round ${round}, offset ${i}: ${JSON.stringify(src)}`);
      }
    }
  });
});

describe('parsing with the chosen branch', () => {
  const SPLIT = lines(
    'static void grab_active(struct task_struct *tsk)',
    '{',
    '#ifdef CONFIG_SMP',
    '\tif (tsk->active_mm) {',
    '#else',
    '\tif (tsk->mm) {',
    '#endif',
    '\t\tmmgrab(tsk->active_mm);',
    '\t}',
    '}',
    '',
    'static void drop_active(struct task_struct *tsk)',
    '{',
    '\tmmdrop(tsk->active_mm);',
    '}',
    '',
  );

  test('a brace split across #ifdef branches no longer swallows the next function', async () => {
    const parser = await CParser.load();
    const raw = parser.parseRaw(SPLIT);
    const tree = parser.parse(SPLIT);
    try {
      // Bare tree-sitter sees both `if (...) {` and only one `}`.
      assert.equal(raw.rootNode.hasError, true);
      assert.equal(tree.rootNode.hasError, false);
      assert.deepEqual(findFunctions(tree).map((f) => f.name), ['grab_active', 'drop_active']);
      const cond = tree.rootNode.descendantsOfType('if_statement')[0]!.childForFieldName('condition')!;
      assert.equal(cond.text, '(tsk->active_mm)');
    } finally {
      raw.delete();
      tree.delete();
    }
  });

  test('the configuration passed to parse() picks the branch', async () => {
    const parser = await CParser.load();
    const up = parseKernelConfig('# CONFIG_SMP is not set\n', 'UP');
    const tree = parser.parse(SPLIT, undefined, up);
    try {
      assert.equal(tree.rootNode.hasError, false);
      assert.equal(tree.rootNode.descendantsOfType('if_statement')[0]!.childForFieldName('condition')!.text, '(tsk->mm)');
    } finally {
      tree.delete();
    }
  });

  test('incremental parse: an edit that flips a branch far away re-reads that branch', async () => {
    const parser = await CParser.load();
    // Editing the #define changes which function exists 9 lines below, in a node the edit does not touch.
    const before = lines(
      '#define USE_ACTIVE 1',
      '',
      'static void first(void)',
      '{',
      '}',
      '',
      '#if USE_ACTIVE',
      'static void grab_active(struct task_struct *tsk) { mmgrab(tsk->active_mm); }',
      '#else',
      'static void grab_mm(struct task_struct *tsk)     { mmgrab(tsk->mm); }',
      '#endif',
      '',
    );
    const at = before.indexOf('1');
    const after = before.slice(0, at) + '0' + before.slice(at + 1);
    const old = parser.parse(before);
    old.edit(
      new Edit({
        startIndex: at,
        oldEndIndex: at + 1,
        newEndIndex: at + 1,
        startPosition: pointAt(before, at),
        oldEndPosition: pointAt(before, at + 1),
        newEndPosition: pointAt(after, at + 1),
      }),
    );
    const incremental = parser.parse(after, old);
    const fresh = parser.parse(after);
    try {
      assert.deepEqual(findFunctions(incremental).map((f) => f.name), ['first', 'grab_mm']);
      assert.equal(incremental.rootNode.toString(), fresh.rootNode.toString());
    } finally {
      old.delete();
      incremental.delete();
      fresh.delete();
    }
  });
});
