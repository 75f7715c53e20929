// Hover and quick fix in a real workbench: the mouse over `mmgrab` shows the lifetime help with what
// the paths hold there, and the fix picked from the light bulb on the leaking return inserts the
// mmdrop, clears the diagnostic, and saves to disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertNoErrors } from './support/clean';
import { poll, SUITE_TIMEOUT_MS } from './support/poll';
import { codeLenses, editor, goToLine, lazymmStatus, openFile, problemRows, squiggleLines, viewLine, visibleText } from './support/ui';
import { Workbench } from './support/workbench';
import { example, makeWorkspace, removeWorkspace } from './support/workspace';

describe('e2e: hover and quick fix', { timeout: SUITE_TIMEOUT_MS }, () => {
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = makeWorkspace('quickfix', { 'leak_on_error_path.c': example('leak_on_error_path.c') });
    wb = await Workbench.launch({ name: 'quickfix', workspace });
    await openFile(wb.page, 'leak_on_error_path.c');
    await poll('the first analysis', async () => (await lazymmStatus(wb.page)) === 'lazymm: 1');
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(workspace);
  });

  test('hovering mmgrab shows which count it takes, what that keeps alive, its pair and what is held there', async () => {
    const { page } = wb;
    await goToLine(page, 22);
    const token = viewLine(page, 'mmgrab(mm);').locator('span > span', { hasText: /^mmgrab$/ });
    await token.hover();
    const hover = page.locator('.monaco-hover:visible .hover-contents, .monaco-hover:visible .rendered-markdown').first();
    const text = await poll('the hover', async () => {
      const t = (await hover.innerText()).replace(/\s+/g, ' ');
      return t.includes('(lazymm)') && t;
    });
    for (const part of [
      'mmgrab (lazymm): takes an mm_count reference: keeps the struct mm_struct (and its PGD) alive, not the address space.',
      'Changes: mm_count +1',
      'Keeps alive: the struct mm_struct and its PGD, not the address space',
      'Give it back with: mmdrop()',
      'At this point (on entry to line 22): no mm reference held here.',
    ]) {
      assert.ok(text.includes(part), `hover lacks "${part}":\n${text}`);
    }
    await wb.screenshot('hover');
    await page.keyboard.press('Escape');
    await page.mouse.move(0, 0);
  });

  test('the light bulb on the leaking return offers the fixes; the preferred one inserts mmdrop(mm) and the diagnostic goes away', async () => {
    const { page } = wb;
    await goToLine(page, 37, 2);
    const bulb = editor(page).locator('.lightBulbWidget');
    await bulb.waitFor();
    await bulb.click();
    const menu = page.locator('.action-widget');
    await menu.waitFor();
    const items = await poll('the quick fixes', async () => {
      const rows = (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((t) => t.trim());
      return rows.length > 0 && rows;
    });
    assert.deepEqual(items.slice(0, 2), ['Add mmdrop(mm) before the return', 'Suppress LMM001 here']);
    await wb.screenshot('quickfix-menu');
    // The menu ignores clicks until the pointer has moved over it (VS Code's context-view pointer block).
    const fix = menu.locator('.monaco-list-row.action', { hasText: 'Add mmdrop(mm) before the return' });
    const box = (await fix.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    await fix.click();

    const lines = await poll('the inserted mmdrop', async () => {
      const l = await visibleText(page);
      return l.some((x) => x.trim() === 'err_free_pasid:') && l.join('\n').includes('free_pasid(ctx->pasid);\n    mmdrop(mm);\n    return ret;\nerr_drop:') && l;
    });
    assert.ok(lines.length > 0);
    await poll('the squiggle to go', async () => (await squiggleLines(page, 'warning')).length === 0);
    await poll('the status bar to show no hazard', async () => (await lazymmStatus(page)) === 'lazymm');
    await poll('the hazard lens to go', async () => {
      const lenses = await codeLenses(page);
      return lenses.length > 0 && !lenses.some((l) => /hazard/.test(l));
    });
    assert.deepEqual(await problemRows(page), []);

    // Saved, the file on disk has the fix.
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, 'leak_on_error_path.c');
    await poll('the save', () => fs.readFileSync(file, 'utf8') !== example('leak_on_error_path.c'));
    assert.equal(fs.readFileSync(file, 'utf8'), example('leak_on_error_path.c').replace('free_pasid(ctx->pasid);\n\treturn ret;\n', 'free_pasid(ctx->pasid);\n\tmmdrop(mm);\n\treturn ret;\n'));
    await wb.screenshot('quickfix-applied');
  });

  test('no errors in the browser console or from lazymm in the extension host', () => {
    assertNoErrors(wb);
  });
});
