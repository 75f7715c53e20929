// "lazymm: Scan Workspace" in a real workbench, on a folder none of whose files is open: the
// notification reports progress ("k/N files"), then a summary, and the Problems panel fills with the
// findings of every file, helpers of other files taken into account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertNoErrors } from './support/clean';
import { poll, SUITE_TIMEOUT_MS } from './support/poll';
import { problemRows, recordNotifications, runCommand } from './support/ui';
import { Workbench } from './support/workbench';
import { example, fixture, makeWorkspace, removeWorkspace } from './support/workspace';

/** Correct files to give the scan some length (about 2 s): progress is reported every 100 ms. */
const PADDING = 400;

describe('e2e: workspace scan', { timeout: SUITE_TIMEOUT_MS }, () => {
  let wb: Workbench;
  let workspace: string;
  const files: Record<string, string> = {
    'drivers/accel/bind.c': example('leak_on_error_path.c'),
    'mm/teardown.c': fixture('release_twice.c'),
    // ctx_attach() leaks unless the helper in the other file is known to put the mm.
    'drivers/ctx/user.c': fixture('ctx_user.c'),
    'drivers/ctx/helper.c': fixture('ctx_helper.c'),
  };
  for (let i = 0; i < PADDING; i++) files[`kernel/sq/sq${i % 20}/ring${i}.c`] = example('kthread_use_mm.c');

  before(async () => {
    workspace = makeWorkspace('scan', files);
    wb = await Workbench.launch({ name: 'scan', workspace });
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(workspace);
  });

  test('the command shows its progress, then a summary, and the Problems panel lists every file with findings', async () => {
    const { page } = wb;
    const seen = await recordNotifications(page);
    // The language server starts with the first C file, or with the command that needs it.
    await runCommand(page, 'lazymm: Scan Workspace');
    const total = Object.keys(files).length;
    // While it runs: the notification with the count so far (and its Cancel button).
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: /lazymm: scanning: \d+\/\d+ files/ });
    await toast.waitFor();
    await wb.screenshot('scan-progress');
    const summary = await poll('the summary notification', async () => (await seen()).find((m) => m.startsWith('lazymm: ') && m.includes('see the Problems panel')), 90_000);
    assert.equal(summary, `lazymm: 2 lazy-mm hazards in ${total} files; see the Problems panel.`);
    // Several counts, rising, out of the number of files the summary names.
    const counts = (await seen()).flatMap((m) => {
      const c = new RegExp(`^lazymm: scanning: (\\d+)/${total} files$`).exec(m);
      return c ? [Number(c[1])] : [];
    });
    assert.ok(counts.length >= 3, `progress messages with a count of files, seen: ${JSON.stringify(await seen())}`);
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'the count only rises');

    const rows = await poll('the Problems rows of the scanned files', async () => {
      const r = await problemRows(page);
      return r.some((row) => row.includes('LMM001')) && r.some((row) => row.includes('LMM002')) && r;
    });
    assert.ok(rows.some((r) => r.startsWith('bind.c') && r.includes('drivers/accel')), `a row for drivers/accel/bind.c:\n${rows.join('\n')}`);
    assert.ok(rows.some((r) => r.startsWith('teardown.c') && r.includes('mm')), `a row for mm/teardown.c:\n${rows.join('\n')}`);
    assert.ok(rows.some((r) => r.includes('LMM001 [Ln 37, Col 2]')), rows.join('\n'));
    assert.ok(rows.some((r) => r.includes('LMM002 [Ln 14, Col 2]')), rows.join('\n'));
    // ctx_attach hands the mm to the helper of another file, which puts it: no finding there.
    assert.ok(!rows.some((r) => r.startsWith('user.c')), rows.join('\n'));
    await wb.screenshot('scan');
  });

  test('no errors in the browser console or from lazymm in the extension host', () => {
    assertNoErrors(wb);
  });
});
