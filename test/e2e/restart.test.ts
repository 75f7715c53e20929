// The language server killed under a real workbench (as a crash would end it): the client starts a
// new one, which checks the open document again, so its squiggle, Problems row and status come
// back without the user doing anything, and goes on following the edits.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { poll, SUITE_TIMEOUT_MS } from './support/poll';
import { goToLine, lazymmStatus, openFile, problemRows, squiggleLines } from './support/ui';
import { Workbench } from './support/workbench';
import { example, makeWorkspace, removeWorkspace } from './support/workspace';

/** PIDs of this run's lazymm language servers (the run's own extensions dir is in their command line). */
function serverPids(run: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(`lazymm-e2e-${run}-`) && /lazymm\.lazymm-[\d.]+\/dist\/server\.js/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe('e2e: the language server restarts after a crash', { timeout: SUITE_TIMEOUT_MS }, () => {
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = makeWorkspace('restart', { 'leak_on_error_path.c': example('leak_on_error_path.c') });
    wb = await Workbench.launch({ name: 'restart', workspace });
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(workspace);
  });

  test('killed, it is started again and the open document is checked again', async () => {
    const { page } = wb;
    await openFile(page, 'leak_on_error_path.c');
    await goToLine(page, 37, 2);
    await poll('the first analysis', async () => (await lazymmStatus(page)) === 'lazymm: 1');
    const [first, ...others] = serverPids('restart');
    assert.ok(first !== undefined && others.length === 0, `one server running, found ${JSON.stringify([first, ...others])}`);

    process.kill(first, 'SIGKILL');
    // Typing while it is down: the client's writes to the dead server fail (EPIPE) before it sees
    // the exit, the race that once made the client give the server up for good.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.type('x');
      await page.keyboard.press('Backspace');
    }
    // A new server, then its own analysis of the open document: squiggle, row and status again.
    const second = await poll('a new language server', () => serverPids('restart').find((p) => p !== first));
    assert.notEqual(second, first);
    assert.deepEqual(await poll('the squiggle back on line 37', async () => {
      const lines = await squiggleLines(page, 'warning');
      return lines.length > 0 && lines;
    }), [37]);
    const rows = await poll('the LMM001 row back', async () => {
      const r = await problemRows(page);
      return r.some((row) => row.includes('LMM001 [Ln 37, Col 2]')) && r;
    });
    assert.ok(rows.length > 0);
    await poll('the status back to one hazard', async () => (await lazymmStatus(page)) === 'lazymm: 1');
    await wb.screenshot('restart');

    // The new server has the document (the client opened it there again): an edit that drops the
    // reference before the leaking return is analysed, and the hazard goes away.
    await goToLine(page, 37, 2);
    await page.keyboard.type('mmdrop(mm);');
    await page.keyboard.press('Enter');
    await poll('the squiggle gone after the fix', async () => (await squiggleLines(page, 'warning')).length === 0);
    await poll('the status at no hazard', async () => (await lazymmStatus(page)) === 'lazymm');
  });
});
