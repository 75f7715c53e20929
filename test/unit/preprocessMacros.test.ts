// The word-level clean-up: iterator and guard macros, attribute words, syscall definitions and the
// other kernel spellings tree-sitter-c cannot read. Every expected line is written out by hand,
// blanks counted from the length of the macro name they replace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findFunctions } from '../../server/src/analysis/functions';
import { cleanKernelC } from '../../server/src/parse/cleanup';
import { CParser } from '../../server/src/parse/parser';

const sp = (n: number) => ' '.repeat(n);

/** Cleans `body` placed inside a function and returns its lines, trailing blanks dropped. */
function inFunction(...body: string[]): string[] {
  const text = ['void f(void)', '{', ...body, '}'].join('\n');
  return cleanKernelC(text).split('\n').slice(2, -1).map((l) => l.trimEnd());
}

function atFileScope(...lines: string[]): string[] {
  return cleanKernelC(lines.join('\n')).split('\n').map((l) => l.trimEnd());
}

describe('iterator macros become while loops', () => {
  test('the name is overwritten by `while` padded to its length; the arguments stay', () => {
    assert.deepEqual(
      inFunction(
        '\tlist_for_each_entry(pos, head, member) {',
        '\t\tfor_each_cpu(cpu, mask)',
        '\t\t\tfor_each_online_cpu(cpu)',
        '\t\t\t\tx++;',
        '\t}',
        '\tfor_each_process(p) {',
        '\t\tfor_each_thread(p, t)',
        '\t\t\thlist_for_each_entry_safe(obj, tmp, head, node)',
        '\t\t\t\ty++;',
        '\t}',
        '\txa_for_each(&xa, index, entry) {',
        '\t}',
        '\tmt_for_each(mt, entry, index, max) {',
        '\t}',
        '\tif (mm)',
        '\t\tfor_each_vma(vmi, vma)',
        '\t\t\tz++;',
        '\telse',
        '\t\tvma_interval_tree_foreach(vma, root, start, last) {',
        '\t\t}',
      ),
      [
        `\twhile${sp(14)}(pos, head, member) {`,
        `\t\twhile${sp(7)}(cpu, mask)`,
        `\t\t\twhile${sp(14)}(cpu)`,
        '\t\t\t\tx++;',
        '\t}',
        `\twhile${sp(11)}(p) {`,
        `\t\twhile${sp(10)}(p, t)`,
        `\t\t\twhile${sp(20)}(obj, tmp, head, node)`,
        '\t\t\t\ty++;',
        '\t}',
        `\twhile${sp(6)}(&xa, index, entry) {`,
        '\t}',
        `\twhile${sp(6)}(mt, entry, index, max) {`,
        '\t}',
        '\tif (mm)',
        `\t\twhile${sp(7)}(vmi, vma)`,
        '\t\t\tz++;',
        '\telse',
        `\t\twhile${sp(20)}(vma, root, start, last) {`,
        '\t\t}',
      ],
    );
  });

  test('do-while forms: do { } for_each_vma_range(...); and do_each_pid_task ... while_each_pid_task', () => {
    assert.deepEqual(
      inFunction(
        '\tdo {',
        '\t\tfound = true;',
        '\t} for_each_vma_range(vmi, cur, end);',
        '\tdo {',
        '\t} while_each_thread(g, t);',
        '\tdo_each_pid_task(pid, type, task) {',
        '\t} while_each_pid_task(pid, type, task);',
      ),
      [
        '\tdo {',
        '\t\tfound = true;',
        `\t} while${sp(13)}(vmi, cur, end);`,
        '\tdo {',
        `\t} while${sp(12)}(g, t);`,
        `\twhile${sp(11)}(pid, type, task) {`,
        // Closes a while body, not a do: stays a call statement after the loop.
        '\t} while_each_pid_task(pid, type, task);',
      ],
    );
  });

  test('left alone: a call followed by `;`, a #define, a declaration, a definition, an expression', () => {
    const text = [
      '#define for_each_foo(x) list_for_each_entry(x, h, m)',
      'static void for_each_bar(int x);',
      'void for_each_baz(int x)',
      '{',
      '\tidr_for_each(&idr, fn, data);',
      '\tret = for_each_thing(a, b);',
      '\treturn for_each_thing(a, b) ? 1 : 0;',
      '}',
    ].join('\n');
    assert.equal(cleanKernelC(text), text);
  });
});

describe('scoped guards', () => {
  test('an unconditional guard leaves a plain block; try-locks and scoped_cond_guard become if', () => {
    assert.deepEqual(
      inFunction(
        '\tscoped_guard (mutex, &lock) {',
        '\t}',
        '\tscoped_guard (mutex_try, &lock) {',
        '\t}',
        '\tscoped_cond_guard(mutex_intr, return -EINTR, &lock) {',
        '\t}',
        '\tscoped_guard(rcu)',
        '\t\tmmgrab(mm);',
      ),
      [
        `\t${sp(28)}{`,
        '\t}',
        `\tif${sp(11)}(mutex_try, &lock) {`,
        '\t}',
        `\tif${sp(15)}(mutex_intr${sp(15)}, &lock) {`,
        '\t}',
        '',
        '\t\tmmgrab(mm);',
      ],
    );
  });
});

describe('attribute words and annotations', () => {
  test('bare attributes and annotation calls are blanked wherever they sit', () => {
    assert.deepEqual(
      atFileScope(
        'static __always_inline void __init foo(int __user *p) __acquires(x) __releases(y->lock)',
        'struct s { int a; } __randomize_layout ____cacheline_aligned_in_smp;',
        'noinstr void __no_profile bar(void) __must_hold(&rq->lock);',
        'int x __cacheline_aligned __attribute__((unused));',
      ),
      [
        `static${sp(17)}void${sp(8)}foo(int${sp(8)}*p)`,
        `struct s { int a; }${sp(48)};`,
        `${sp(8)}void${sp(14)}bar(void)${sp(23)};`,
        `int x${sp(44)};`,
      ],
    );
  });

  test("the file's own attribute macros are blanked too", () => {
    assert.deepEqual(
      atFileScope(
        '#define STATIC_NOPV',
        '#define __my_hot_inline __always_inline',
        '#define NOT_AN_ATTRIBUTE 42',
        'STATIC_NOPV void native_flush(void);',
        'static __my_hot_inline int hook(int NOT_AN_ATTRIBUTE);',
      ),
      [
        '#define STATIC_NOPV',
        '#define __my_hot_inline __always_inline',
        '#define NOT_AN_ATTRIBUTE 42',
        `${sp(12)}void native_flush(void);`,
        `static${sp(17)}int hook(int NOT_AN_ATTRIBUTE);`,
      ],
    );
  });
});

describe('definitions and file-scope statements', () => {
  test('SYSCALL_DEFINEn becomes a definition of the syscall name', () => {
    assert.deepEqual(atFileScope('SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)'), [
      'SYSCALL_DEFINE3 mprotect( unsigned long  start, size_t  len, unsigned long  prot)',
    ]);
  });

  test('EXPORT_SYMBOL and initcalls vanish; per-CPU variables and bitmaps become declarations', () => {
    assert.deepEqual(
      atFileScope(
        'EXPORT_SYMBOL_GPL(mmput);',
        'subsys_initcall(oom_init)',
        'static DEFINE_PER_CPU(struct mm_struct *, cpu_mm);',
        'static DEFINE_MUTEX(lock);',
        'static int __init damon_va_initcall(void)',
      ),
      ['', '', `static${sp(16)}struct mm_struct *  cpu_mm ;`, `${sp(7)}DEFINE_MUTEX(lock);`, `static int${sp(8)}damon_va_initcall(void)`],
    );
    assert.deepEqual(inFunction('\tDECLARE_BITMAP(mask, NR_CPUS) = { 0 };', '\tstatic DEFINE_RATELIMIT_STATE(rs, 5, 10);'), [
      '\tDECLARE_BITMAP mask[ NR_CPUS] = { 0 };',
      `\t${sp(7)}DEFINE_RATELIMIT_STATE(rs, 5, 10);`,
    ]);
  });
});

describe('expressions tree-sitter cannot read', () => {
  test('type arguments of macros are reduced to one word; casts, sizeof and parameters are not', () => {
    assert.deepEqual(
      inFunction(
        '\tmm = container_of(work, struct mm_struct, async_put_work);',
        '\tn = min_t(unsigned long, a, b);',
        '\tp = va_arg(ap, struct foo *);',
        '\treturn (struct foo *)p;',
        '\tx = sizeof(struct foo);',
        '\tf((unsigned long)x);',
      ),
      [
        `\tmm = container_of(work,${sp(8)}mm_struct, async_put_work);`,
        `\tn = min_t(${sp(9)}long, a, b);`,
        `\tp = va_arg(ap,${sp(8)}foo  );`,
        '\treturn (struct foo *)p;',
        '\tx = sizeof(struct foo);',
        '\tf((unsigned long)x);',
      ],
    );
  });

  test('offsetof designators, asm statements (asm goto kept), case ranges, directives inside bodies', () => {
    assert.deepEqual(
      inFunction(
        '\toff = offsetof(struct io_rings, sq.head);',
        '\tasm volatile(PPC_DSSALL);',
        '\tasm volatile("nop");',
        '\tasm goto("jmp %l[out]" : : : : out);',
        '\tswitch (x) {',
        '\tcase 1 ... 5:',
        '#define LOCAL 1',
        '\t\tbreak;',
        '\t}',
      ),
      [
        `\toff = offsetof(struct io_rings, sq${sp(5)});`,
        `\t${sp(24)};`,
        `\t${sp(19)};`,
        '\tasm goto("jmp %l[out]" : : : : out);',
        '\tswitch (x) {',
        `\tcase 1${sp(6)}:`,
        '',
        '\t\tbreak;',
        '\t}',
      ],
    );
  });

  test('IS_ENABLED(CONFIG_...) in code becomes 1 or 0 from the configuration', () => {
    assert.deepEqual(inFunction('\tif (IS_ENABLED(CONFIG_SMP) && !IS_ENABLED(CONFIG_MMU_LAZY_TLB_SHOOTDOWN))'), [
      `\tif (1${sp(21)} && !0${sp(40)})`,
    ]);
  });
});

test('a kernel-style file with all of the above parses without errors, every function found', async () => {
  const text = `// SPDX-License-Identifier: GPL-2.0
#include <linux/sched/mm.h>

static DEFINE_PER_CPU(struct mm_struct *, cpu_mm);

void __sched notrace drop_lazy(struct rq *rq) __releases(rq->lock)
{
	struct task_struct *p;
	struct mm_struct *mm = container_of(rq->work, struct mm_struct, async_put_work);

	for_each_online_cpu(cpu) {
		list_for_each_entry(p, &rq->tasks, node) {
			scoped_guard (spinlock, &p->alloc_lock)
				mmdrop(p->active_mm);
		}
	}
	if (IS_ENABLED(CONFIG_MMU_LAZY_TLB_REFCOUNT))
		mmdrop_lazy_tlb(mm);
}
EXPORT_SYMBOL_GPL(drop_lazy);

SYSCALL_DEFINE2(membarrier_lite, int, cmd, unsigned int, flags)
{
	DECLARE_BITMAP(mask, 64) = { 0 };

	switch (cmd) {
	case 1 ... 3:
		return 0;
	}
	return -EINVAL;
}
subsys_initcall(lazy_init)

static int __init lazy_init(void)
{
	return 0;
}
`;
  const parser = await CParser.load();
  const tree = parser.parse(text);
  try {
    assert.equal(tree.rootNode.hasError, false);
    assert.deepEqual(findFunctions(tree).map((f) => f.name), ['drop_lazy', 'membarrier_lite', 'lazy_init']);
    assert.equal(tree.rootNode.descendantsOfType('while_statement').length, 2);
  } finally {
    tree.delete();
  }
});
