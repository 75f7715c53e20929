// The review-comment text (server/src/paths/reviewComment.ts) outside the editor: the CLI's
// `review` uses the same function. The full example is asserted in test/lsp/codeActions.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reviewComment, wrap } from '../../server/src/paths/reviewComment';
import { check } from '../helpers';

describe('review comment', () => {
  test('a finding without a path or a function quotes its own line', async () => {
    const src = 'int a;\n/* lazymm: ignore LMM001 */\nint b;\n';
    const [f] = (await check(src)).findings;
    assert.equal(
      reviewComment(f!, src),
      [
        '> /* lazymm: ignore LMM001 */',
        '',
        "lazymm suppression of LMM001 needs a reason after '--': say why the",
        'analysis is wrong here.',
        '',
        '(lazymm LMM000 suppression, default x86_64 config)',
        '',
      ].join('\n'),
    );
  });

  test('wrapping: greedy at 72 columns, a longer word alone on its line', () => {
    const long = 'x'.repeat(80);
    assert.equal(wrap(`a ${long} b`), `a\n${long}\nb`);
    const x70 = 'x'.repeat(70);
    assert.equal(wrap(`${x70} y`), `${x70} y`, '72 columns fit');
    assert.equal(wrap(`${x70} yz`), `${x70}\nyz`, '73 do not');
  });
});
