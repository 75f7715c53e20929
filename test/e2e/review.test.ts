// "lazymm: Review Patch…" in a real workbench, on a git repository whose working tree adds an
// error path that leaks the mmgrab (not committed): picked as "the working tree against a git
// base", the review reports one new hazard, the lazymm Review view lists it under New, a click
// opens the file at the leaking return, and "Copy Review Reply" puts the draft reply on the
// clipboard.
// The callbacks of page.evaluate run in the browser:
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { ACCEL_C, LEAKY_ACCEL_C } from '../unit/review/fixtures';
import { assertNoErrors } from './support/clean';
import { poll, SUITE_TIMEOUT_MS } from './support/poll';
import { recordNotifications, runCommand, statusBarText } from './support/ui';
import { Workbench } from './support/workbench';
import { makeWorkspace, removeWorkspace, writeFiles } from './support/workspace';

const FILE = 'drivers/misc/accel.c';

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=Jane Developer', '-c', 'user.email=jane@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe('e2e: patch review', { timeout: SUITE_TIMEOUT_MS }, () => {
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    // The driver as committed, then the leaking change in the working tree only.
    workspace = makeWorkspace('review', { [FILE]: ACCEL_C });
    git(workspace, 'init', '-q');
    git(workspace, 'add', '.');
    git(workspace, 'commit', '-qm', 'misc: accel: a driver');
    writeFiles(workspace, { [FILE]: LEAKY_ACCEL_C });
    wb = await Workbench.launch({ name: 'review', workspace });
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(workspace);
  });

  test('the working tree against HEAD: one new hazard, listed in the lazymm Review view, opened at its line', async () => {
    const { page } = wb;
    const seen = await recordNotifications(page);
    await runCommand(page, 'lazymm: Review Patch…');
    // The quick pick: what to review.
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('Working tree');
    await poll('the working-tree choice', async () => (await page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label'))?.includes('Working tree against a git base'));
    await page.keyboard.press('Enter');
    // The input box: the base revision.
    await poll('the base revision box', async () => (await page.locator('.quick-input-widget .quick-input-message, .quick-input-widget').first().innerText()).includes('The revision the change starts from'));
    await input.fill('HEAD');
    await page.keyboard.press('Enter');

    // LEAKY_ACCEL_C adds `goto err_free_pasid` to a label that returns without mmdrop (fixtures.ts).
    const summary = await poll('the review summary', async () => (await seen()).find((m) => m.startsWith('lazymm: lazy-mm hazards: ')), 60_000);
    assert.equal(summary, 'lazymm: lazy-mm hazards: 1 new, 0 fixed, 0 pre-existing.');

    // The view in the Explorer: New (1) with the finding, Fixed (0), Pre-existing (0).
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /lazymm Review/i }) });
    await view.waitFor();
    const rows = await poll('the review tree rows', async () => {
      const r = await view.locator('.monaco-list-row').allInnerTexts();
      return r.length >= 4 && r.map((t) => t.replace(/\s+/g, ' ').trim());
    });
    assert.deepEqual(rows.slice(0, 1), ['New (1)']);
    // The new return is line 30 of the file after the change (fixtures.ts: 0-based 29).
    // The label, then the description (innerText runs them together).
    assert.match(rows[1]!, /^LMM001 bind_ctx\(\)\s*drivers\/misc\/accel\.c:30$/);
    assert.deepEqual(rows.slice(2), ['Fixed (0)', 'Pre-existing (0)']);

    await view.locator('.monaco-list-row', { hasText: 'LMM001 bind_ctx()' }).click();
    await page.locator('.tabs-container .tab.active[aria-label*="accel.c"]').waitFor();
    await poll('the cursor on the leaking return', async () => (await statusBarText(page)).includes('Ln 30,'));
    // The line is marked as new in this change (an `after` decoration on it).
    await poll('the "new in this change" mark', async () =>
      page.evaluate(() => [...document.querySelectorAll('.view-overlays .cdr, .view-lines span')].some((e) => getComputedStyle(e, '::after').content.includes('new in this change: LMM001'))),
    );
    await wb.screenshot('review');
  });

  test('Copy Review Reply puts the draft reply on the clipboard', async () => {
    const { page } = wb;
    const seen = await recordNotifications(page);
    await runCommand(page, 'lazymm: Copy Review Reply');
    await poll('the clipboard notification', async () => (await seen()).includes('lazymm: the review reply is on the clipboard.'));
  });

  test('no errors in the browser console or from lazymm in the extension host', () => {
    assertNoErrors(wb);
  });
});
