// The packaged extension in a real VS Code workbench (code-server + headless chromium): the VSIX
// installs, opening a kernel-style C file activates it, and its findings show as squiggles, as
// Problems rows with their rule IDs and paths, as code lenses and in the status bar. The screenshot
// is the README's (docs/media/diagnostics.png).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertNoErrors } from './support/clean';
import { poll, SUITE_TIMEOUT_MS } from './support/poll';
import { codeLenses, goToLine, lazymmStatus, openFile, problemRows, scrollToTop, squiggleLines } from './support/ui';
import { Workbench } from './support/workbench';
import { example, fixture, makeWorkspace, removeWorkspace } from './support/workspace';

const LEAK_MESSAGE = 'mm_count reference taken by mmgrab(mm) at line 22 is leaked: this path reaches the return without mmdrop() or a hand-over';

describe('e2e: diagnostics in the workbench', { timeout: SUITE_TIMEOUT_MS }, () => {
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = makeWorkspace('diagnostics', {
      'leak_on_error_path.c': example('leak_on_error_path.c'),
      'context_switch.c': example('context_switch.c'),
      'release_twice.c': fixture('release_twice.c'),
    });
    wb = await Workbench.launch({ name: 'diagnostics', workspace });
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(workspace);
  });

  test('the VSIX is installed and opening a C file activates lazymm', async () => {
    await openFile(wb.page, 'leak_on_error_path.c');
    // The status bar item is the extension's own; the server's first analysis gives it a count.
    assert.equal(await poll('the lazymm status bar item to count the hazard', async () => (await lazymmStatus(wb.page)) === 'lazymm: 1' && 'ok'), 'ok');
    const activation = await poll('the activation in the extension host log', () =>
      wb.extensionHostLogs().map((l) => /_doActivateExtension lazymm\.lazymm, startup: \w+, activationEvent: '([^']+)'/.exec(l.text)?.[1]).find(Boolean),
    );
    assert.equal(activation, 'onLanguage:c');
  });

  test('leak_on_error_path.c: a warning squiggle on line 37, the LMM001 row with its path, the code lenses', async () => {
    await openFile(wb.page, 'leak_on_error_path.c');
    // The first lenses on screen are bind_ctx's (the editor renders those of the lines in view).
    const lenses = await poll('lenses above bind_ctx', async () => {
      const l = await codeLenses(wb.page);
      return l.includes('1 lazy-mm hazard') && l;
    });
    assert.deepEqual(lenses.slice(0, 2), ['Simulate this path', '1 lazy-mm hazard']);
    const rows = await poll('the Problems rows of the file', async () => {
      const r = await problemRows(wb.page);
      return r.length === 7 && r;
    });
    assert.deepEqual(rows, [
      'leak_on_error_path.c 1',
      `${LEAK_MESSAGE} lazymm LMM001 [Ln 37, Col 2] Kernel configuration: default x86_64 config`,
      'leak_on_error_path.c [Ln 22, Col 2] : mm_count reference taken by mmgrab(mm)',
      "leak_on_error_path.c [Ln 25, Col 6] : assuming 'ret' is false",
      "leak_on_error_path.c [Ln 29, Col 6] : assuming 'ret' is true",
      "leak_on_error_path.c [Ln 30, Col 3] : jumps to 'err_free_pasid'",
      'leak_on_error_path.c [Ln 37, Col 2] : returns here with the reference still held',
    ]);
    // bind_ctx (lines 17-41) on screen, with its lenses, for the squiggle and the screenshot.
    await goToLine(wb.page, 37, 2);
    await scrollToTop(wb.page, 16);
    assert.deepEqual(await poll('the squiggle', async () => {
      const lines = await squiggleLines(wb.page, 'warning');
      return lines.length > 0 && lines;
    }), [37]);
    assert.deepEqual(await squiggleLines(wb.page, 'error'), []);
    await wb.screenshot('diagnostics');
  });

  test('release_twice.c: an error squiggle on line 14 and its LMM002 row', async () => {
    await openFile(wb.page, 'release_twice.c');
    assert.deepEqual(await poll('the error squiggle', async () => {
      const lines = await squiggleLines(wb.page, 'error');
      return lines.length > 0 && lines;
    }), [14]);
    const rows = await poll('the LMM002 row', async () => {
      const r = await problemRows(wb.page);
      return r.some((row) => row.includes('LMM002')) && r;
    });
    assert.ok(
      rows.includes('mmdrop(mm) drops an mm_count reference this path already released at line 13: double drop lazymm LMM002 [Ln 14, Col 2] Kernel configuration: default x86_64 config'),
      rows.join('\n'),
    );
    // Both open files' findings: the status bar counts them.
    assert.equal(await poll('the status bar to count both files', async () => (await lazymmStatus(wb.page)) === 'lazymm: 2' && 'ok'), 'ok');
  });

  test('context_switch.c, which is correct, gets no squiggle and no row', async () => {
    await openFile(wb.page, 'context_switch.c');
    // Analysed: its lenses are there (Simulate this path, no hazard count).
    const lenses = await poll('the lenses of context_switch.c', async () => {
      const l = await codeLenses(wb.page);
      return l.length > 0 && l;
    });
    assert.ok(lenses.every((l) => l === 'Simulate this path'), lenses.join(', '));
    assert.deepEqual(await squiggleLines(wb.page, 'warning'), []);
    assert.deepEqual(await squiggleLines(wb.page, 'error'), []);
    assert.ok(!(await problemRows(wb.page)).some((r) => r.startsWith('context_switch.c')));
  });

  test('no errors in the browser console or from lazymm in the extension host', () => {
    assertNoErrors(wb);
  });
});
