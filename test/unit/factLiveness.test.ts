// Facts (the remembered outcome of a condition tested more than once) are read only where the
// condition is tested again: factLiveness says where that can still happen, and the explorer merges
// paths that differ only in facts nothing reads any more. The first tests check liveness on a
// snippet worked out by hand; the last ones check that merging keeps what facts are for (branch
// correlation) while a function with many independent flags no longer runs out of its visit budget.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCfg } from '../../server/src/analysis/cfg';
import { factLiveness } from '../../server/src/analysis/factLiveness';
import { checkText } from '../../server/src/engine';
import { CParser } from '../../server/src/parse/parser';

async function liveness(source: string, repeated: string[]) {
  const parser = await CParser.load();
  const tree = parser.parse(source);
  const fn = tree.rootNode.descendantsOfType('function_definition')[0]!;
  const cfg = buildCfg(fn.childForFieldName('body')!);
  const live = factLiveness(cfg, new Set(repeated));
  const at = (text: string): number => {
    const ids = cfg.nodes.filter((n) => n.ast && n.kind !== 'join' && n.ast.text.replace(/\s+/g, ' ').trim() === text).map((n) => n.id);
    assert.equal(ids.length, 1, `one node for ${text}`);
    return ids[0]!;
  };
  return { live, at };
}

describe('fact liveness', () => {
  const src = `
void f(int flag, int x)
{
\tif (flag)
\t\ta();
\tif (x)
\t\tb();
\tif (flag)
\t\tc();
\td();
}
`;

  test('a fact is live up to the last test of its condition, and dead after it', async () => {
    const { live, at } = await liveness(src, ['flag']);
    assert.ok(live);
    // Both tests of `flag` and everything between them can still reach a test of it.
    assert.equal(live(at('a();'), 'flag'), true);
    assert.equal(live(at('x'), 'flag'), true);
    assert.equal(live(at('b();'), 'flag'), true);
    // After the second test nothing reads it.
    assert.equal(live(at('c();'), 'flag'), false);
    assert.equal(live(at('d();'), 'flag'), false);
    // A key that is not a repeated condition is never live.
    assert.equal(live(at('a();'), 'x'), false);
  });

  test('a loop keeps a fact live inside the whole loop', async () => {
    const loop = `
void f(int flag)
{
\twhile (more()) {
\t\tif (flag)
\t\t\ta();
\t\tb();
\t}
\tif (flag)
\t\tc();
\td();
}
`;
    const { live, at } = await liveness(loop, ['flag']);
    assert.equal(live!(at('b();'), 'flag'), true);
    assert.equal(live!(at('more()'), 'flag'), true);
    assert.equal(live!(at('d();'), 'flag'), false);
  });

  test('no repeated condition: nothing to track', async () => {
    const { live } = await liveness(src, []);
    assert.equal(live, undefined);
  });
});

describe('merging on live facts', () => {
  /** `n` independent flags, each tested twice in a row: 2^n paths if every fact were kept to the end. */
  const flags = (n: number) =>
    Array.from({ length: n }, (_, i) => `\tif (f${i})\n\t\ta${i}();\n\tif (f${i})\n\t\tb${i}();\n`).join('');
  const src = (n: number) => `
void work(struct mm_struct *mm, bool take, ${Array.from({ length: n }, (_, i) => `int f${i}`).join(', ')})
{
\tif (take)
\t\tmmgrab(mm);
${flags(n)}\tif (take)
\t\tmmdrop(mm);
}
`;

  test('sixteen independent flags are explored to the end, and the correlated take/drop is still paired', async () => {
    const parser = await CParser.load();
    const r = checkText(parser, src(16), { fileName: 'kernel/work.c' });
    // Without merging, 2^16 fact combinations overrun the visit budget and the analysis says so.
    assert.deepEqual(
      r.notes.map((n) => n.message),
      [],
    );
    // `take` is tested again at the end: its fact stays live, so no path grabs without dropping.
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      [],
    );
  });

  test('the control: with an unconditional grab, the take=false path leaks it', async () => {
    const parser = await CParser.load();
    const r = checkText(parser, src(16).replace('\tif (take)\n\t\tmmgrab(mm);', '\tmmgrab(mm);'), { fileName: 'kernel/work.c' });
    assert.deepEqual(r.notes, []);
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      ['LMM001'],
    );
  });
});
