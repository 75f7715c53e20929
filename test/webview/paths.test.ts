// The paths panel (client/src/pathPanel.ts, dist/paths.js) still renders after the webview
// code was split into two entry points: its findings, their steps as text, and a reveal on click.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPaths, post, posted, startHarness, waitPosted, type Harness } from './harness';

describe('paths panel', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  test('lists each finding with its steps, as text, and reveals a clicked step', async () => {
    const page = await openPaths(h);
    await post(page, {
      type: 'findings',
      file: 'mm/example.c',
      findings: [
        {
          ruleId: 'LMM001',
          message: 'mm_count reference taken by mmgrab(mm) at line 22 is leaked',
          line: 36,
          steps: [
            { line: 21, character: 1, message: 'mm_count reference taken by mmgrab(mm)', source: 'mmgrab(mm);' },
            { line: 36, character: 1, message: 'returns here with the reference still held', source: 'return <b>ret</b>;' },
          ],
        },
      ],
    });
    await page.locator('section.finding').waitFor();
    assert.equal(await page.locator('h2').textContent(), 'mm/example.c');
    assert.equal(await page.locator('.finding h3').textContent(), 'LMM001line 37: mm_count reference taken by mmgrab(mm) at line 22 is leaked');
    assert.deepEqual(await page.locator('.finding li code').allTextContents(), ['mmgrab(mm);', 'return <b>ret</b>;']);
    assert.equal(await page.locator('.finding b').count(), 0);
    await page.locator('.finding li').nth(1).click();
    await waitPosted(page, 'reveal');
    assert.deepEqual(await posted(page), [{ type: 'reveal', line: 36, character: 1 }]);
    await page.close();
  });
});
