// What the whole-tree scan shares between files: summaries of exported helpers (read from text),
// and the blanking of function bodies the analysis does not need (parse/focus.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeText } from '../../server/src/analysis/workspaceSummaries';
import { cleanKernelC } from '../../server/src/parse/cleanup';
import { DEFAULT_CONFIG } from '../../server/src/parse/config';

describe('workspace summaries', () => {
  test('an exported helper that puts its second argument releases mm_users at index 1', () => {
    const text = 'void ctx_put_mm(struct ctx *ctx, struct mm_struct *mm)\n{\n\tctx->busy = 0;\n\tmmput(mm);\n}\n';
    assert.deepEqual(summarizeText(text), [{ name: 'ctx_put_mm', releases: 'users', arg: 1 }]);
  });

  test('a helper returning get_task_mm() directly or through a local returns a reference', () => {
    const text = [
      'struct mm_struct *owner_mm(struct ctx *ctx)\n{\n\treturn get_task_mm(ctx->task);\n}\n',
      'struct mm_struct *checked_mm(struct task_struct *t)\n{\n\tstruct mm_struct *mm;\n\n\tmm = get_task_mm(t);\n\treturn mm;\n}\n',
    ].join('\n');
    assert.deepEqual(summarizeText(text), [
      { name: 'owner_mm', returns: 'users' },
      { name: 'checked_mm', returns: 'users' },
    ]);
  });

  test('static helpers, helpers that also take a reference, and mentions in comments are not summarised', () => {
    const text = [
      'static void local_put(struct mm_struct *mm)\n{\n\tmmput(mm);\n}\n',
      '',
      'void cycle(struct mm_struct *mm)\n{\n\tmmget(mm);\n\tmmput(mm);\n}\n',
      '',
      'void commented(struct mm_struct *mm)\n{\n\t/* mmput(mm) is done by the caller */\n\tuse(mm);\n}\n',
    ].join('\n');
    assert.deepEqual(summarizeText(text).map((s) => s.name), []);
  });
});

describe('focusing the parse on relevant functions', () => {
  const text = [
    'struct ctx {\n\tstruct mm_struct *mm;\n};\n',
    'static int unrelated(int a)\n{\n\tif (a)\n\t\treturn a * 2;\n\treturn 0;\n}\n',
    '/* Takes a reference for the caller. */\nstatic __always_inline void\ngrabber_prototype(void);\n',
    'static void grabber(struct mm_struct *mm)\n{\n\tmmgrab(mm);\n}\n',
    'void caller(struct mm_struct *mm)\n{\n\tlocal_irq_disable();\n\tgrabber(mm);\n}\n',
  ].join('\n');
  const cleaned = cleanKernelC(text, DEFAULT_CONFIG, { relevantBody: /\bmmgrab\b/ });

  test('keeps every offset and line break', () => {
    assert.equal(cleaned.length, text.length);
    assert.deepEqual([...cleaned.matchAll(/\n/g)].map((m) => m.index), [...text.matchAll(/\n/g)].map((m) => m.index));
  });

  test('blanks the unrelated function and the other top-level text, keeps the relevant definition and the one that calls it', () => {
    assert.doesNotMatch(cleaned, /unrelated|return a \* 2|struct ctx|prototype|Takes a reference/);
    // Whole definitions, from the return type on the line after the previous `;` or `}`.
    assert.match(cleaned, /\nstatic void grabber\(struct mm_struct \*mm\)\n\{\n\tmmgrab\(mm\);\n\}\n/);
    assert.match(cleaned, /\nvoid caller\(struct mm_struct \*mm\)\n\{\n\tlocal_irq_disable\(\);\n\tgrabber\(mm\);\n\}\n$/);
  });
});
