// lazymm in an untrusted workspace (workspace trust on, the folder not trusted: Restricted Mode).
// The extension declares untrustedWorkspaces: supported, since it only reads files, so it must
// activate there and work as usual, with no error in the browser console or the extension host.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertNoErrors } from './support/clean';
import { poll, SUITE_TIMEOUT_MS } from './support/poll';
import { goToLine, lazymmStatus, openFile, problemRows, squiggleLines, statusBarText } from './support/ui';
import { Workbench } from './support/workbench';
import { example, makeWorkspace, removeWorkspace } from './support/workspace';

describe('e2e: untrusted workspace', { timeout: SUITE_TIMEOUT_MS }, () => {
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = makeWorkspace('untrusted', { 'leak_on_error_path.c': example('leak_on_error_path.c') });
    wb = await Workbench.launch({ name: 'untrusted', workspace, trusted: false });
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(workspace);
  });

  test('the window is in Restricted Mode', async () => {
    await poll('the Restricted Mode indicator', async () => (await statusBarText(wb.page)).includes('Restricted Mode'));
  });

  test('opening a C file activates lazymm there: the squiggle, the LMM001 row, the status bar', async () => {
    const { page } = wb;
    await openFile(page, 'leak_on_error_path.c');
    await poll('the status bar to count the hazard', async () => (await lazymmStatus(page)) === 'lazymm: 1');
    const rows = await poll('the LMM001 row', async () => {
      const r = await problemRows(page);
      return r.some((row) => row.includes('LMM001 [Ln 37, Col 2]')) && r;
    });
    assert.equal(rows[0], 'leak_on_error_path.c 1');
    await goToLine(page, 37, 2);
    assert.deepEqual(await poll('the squiggle', async () => {
      const lines = await squiggleLines(page, 'warning');
      return lines.length > 0 && lines;
    }), [37]);
    // No error toast (an activation failure or a server crash would show one).
    const toasts = await page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
    assert.deepEqual(toasts.filter((t) => /lazymm|error/i.test(t)), []);
    await wb.screenshot('untrusted');
  });

  test('no errors in the browser console or from lazymm in the extension host', () => {
    assertNoErrors(wb);
  });
});
