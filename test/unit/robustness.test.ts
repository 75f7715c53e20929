// Bad input is normal input: the engine returns what it could analyse, notes the rest, and never
// throws or hangs. The budgets asserted here are hang guards with wide margins, not speed tests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkText } from '../../server/src/engine';
import { CParser } from '../../server/src/parse/parser';
import { ROOT } from '../helpers';
import { mutate, rng } from '../mutants';

const GENERATED_FN = (i: number) =>
  `static int gen_${i}(struct ctx *c)\n{\n\tstruct mm_struct *mm = get_task_mm(c->task);\n\n\tif (!mm)\n\t\treturn -ESRCH;\n\tif (c->flags & ${i})\n\t\treturn -EINVAL;\n\tmmput(mm);\n\treturn 0;\n}\n\n`;

describe('bad input', () => {
  test('a 20 MB generated file: findings for the part analysed within the budget, a note for the rest', async () => {
    const parser = await CParser.load();
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      parts.push(GENERATED_FN(i));
      size += parts[i]!.length;
    }
    const text = parts.join('');
    const start = Date.now();
    const { findings, notes } = checkText(parser, text, { budgetMs: 2000 });
    const elapsed = Date.now() - start;
    // A hang guard, not a speed test: the budget plus generous room for a loaded CI machine.
    assert.ok(elapsed < 20_000, `returned after ${elapsed} ms with a 2 s budget`);
    assert.ok(findings.length > 100, `only ${findings.length} findings`);
    // Every generated function leaks on its -EINVAL return, the 8th of its 12 lines: positions
    // stay right across the windows the file is cut into.
    for (const f of [findings[0]!, findings[findings.length - 1]!]) {
      const index = Number(/gen_(\d+)/.exec(f.functionName)![1]);
      assert.equal(f.range.start.line, index * 12 + 7, f.functionName);
      assert.equal(f.ruleId, 'LMM001');
    }
    assert.ok(notes.some((n) => /budget of 2 s ran out .* were not analysed/.test(n.message)), JSON.stringify(notes));
  });

  test('unbalanced braces, a truncated file, and garbage: no throw, and the intact function is still checked', async () => {
    const parser = await CParser.load();
    const leak = 'int ok(struct task_struct *t)\n{\n\tstruct mm_struct *mm = get_task_mm(t);\n\tif (!mm)\n\t\treturn -1;\n\treturn 0;\n}\n';
    for (const junk of ['}}}} int x(', '{{{{', '\u0000\u0001\uffff\ud800', '#if\n#else\n#endif\n#endif\n', 'static int f(void) { if (', '/* unterminated comment']) {
      const { findings } = checkText(parser, leak + junk);
      assert.deepEqual(findings.filter((f) => f.ruleId === 'LMM001').map((f) => f.range.start.line), [5], JSON.stringify(junk));
    }
  });

  test('200 mutants of the examples (truncations, byte flips, deleted braces) each return within the budget', async () => {
    const parser = await CParser.load();
    const random = rng(0x1a2b3c);
    const sources = fs.readdirSync(path.join(ROOT, 'examples')).map((f) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
    for (let i = 0; i < 200; i++) {
      const mutant = mutate(sources[i % sources.length]!, random);
      const start = Date.now();
      const result = checkText(parser, mutant, { budgetMs: 1000 });
      assert.ok(Date.now() - start < 10_000, `mutant ${i} took ${Date.now() - start} ms`);
      assert.ok(Array.isArray(result.findings));
    }
  });
});
