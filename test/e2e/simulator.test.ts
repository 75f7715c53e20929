// The simulator panel in a real workbench: the "Simulate this path" code lens opens it beside the
// editor; inside the webview the verdict table (every policy x architecture, each "safe" or
// "violated"), the timeline and the charts render; changing the policy control re-renders the
// table; clicking a step of the path reveals its line in the editor. Driven through the panel's
// test hooks (data-testid), with "ready" in sim-status after each render.
// The callbacks of page.evaluate run in the browser:
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { ARCH_NAMES, POLICY_NAMES } from '../../server/src/sim/index';
import { assertNoErrors } from './support/clean';
import { poll, SUITE_TIMEOUT_MS } from './support/poll';
import { codeLenses, editor, focusEditorGroup, goToLine, openFile, statusBarText } from './support/ui';
import { Workbench } from './support/workbench';
import { example, makeWorkspace, removeWorkspace } from './support/workspace';

/** Simulating every policy on every architecture, interleavings explored, takes a while on 2 cores. */
const RENDER_MS = 120_000;

describe('e2e: simulator panel', { timeout: SUITE_TIMEOUT_MS }, () => {
  let wb: Workbench;
  let workspace: string;
  let panel: FrameLocator;

  before(async () => {
    workspace = makeWorkspace('simulator', { 'leak_on_error_path.c': example('leak_on_error_path.c') });
    wb = await Workbench.launch({ name: 'simulator', workspace });
    // The page inside the webview: VS Code nests it in an iframe of the webview's iframe.
    panel = wb.page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
  });
  after(async () => {
    await wb?.close();
    removeWorkspace(workspace);
  });

  const status = () => panel.locator('[data-testid="sim-status"]').innerText();
  const ready = (what: string) => poll(`the panel to be ready (${what})`, async () => (await status()).trim() === 'ready', RENDER_MS, 250);
  const cells = () =>
    panel.locator('[data-testid="verdict-table"] td[data-policy][data-arch]').evaluateAll((tds) =>
      tds.map((td) => ({ policy: td.getAttribute('data-policy')!, arch: td.getAttribute('data-arch')!, text: (td as HTMLElement).innerText.trim() })),
    );

  test('the "Simulate this path" lens above bind_ctx opens the panel', async () => {
    const { page } = wb;
    await openFile(page, 'leak_on_error_path.c');
    // Without the side bar the panel beside the editor has room for its table.
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await poll('the lenses', async () => (await codeLenses(page)).includes('Simulate this path'));
    await editor(page).locator('.codelens-decoration a', { hasText: 'Simulate this path' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'lazymm: simulate bind_ctx' }).waitFor();
    await panel.locator('[data-testid="sim-steps"]').waitFor();
  });

  test('the verdict table, the timeline and the charts render', async () => {
    await ready('first render');
    const all = await cells();
    assert.equal(all.length, POLICY_NAMES.length * ARCH_NAMES.length, JSON.stringify(all));
    assert.deepEqual([...new Set(all.map((c) => c.policy))].sort(), [...POLICY_NAMES].sort());
    assert.deepEqual([...new Set(all.map((c) => c.arch))].sort(), [...ARCH_NAMES].sort());
    for (const c of all) assert.match(c.text, /^(safe|violated)/, `${c.policy} on ${c.arch}: ${c.text}`);
    // The timeline is an SVG with a row per CPU; the charts are drawn (uPlot canvases).
    assert.ok((await panel.locator('[data-testid="timeline"] svg rect').count()) > 0, 'timeline bars');
    assert.ok((await panel.locator('[data-testid="chart"]').count()) > 0, 'charts');
    assert.ok((await panel.locator('[data-testid="chart"] canvas').count()) > 0, 'chart canvases');
    // The steps are bind_ctx's path, from the grab on line 22.
    const lines = await panel.locator('[data-testid="sim-step"]').evaluateAll((li) => li.map((s) => Number(s.getAttribute('data-line')) + 1));
    assert.ok(lines.includes(22), `steps on lines ${lines.join(', ')}`);
    await wb.screenshot('simulator');
    await panel.locator('[data-testid="timeline"]').scrollIntoViewIfNeeded();
    await wb.screenshot('simulator-timeline');
  });

  test('choosing one policy re-renders the table with that policy only', async () => {
    const policy = POLICY_NAMES[POLICY_NAMES.length - 1]!;
    await panel.locator('[data-testid="control-policy"]').selectOption(policy);
    // "ready" again, for the new controls (the page says "computing" at once on a change).
    await poll('the table for one policy', async () => {
      if ((await status()).trim() !== 'ready') return false;
      const c = await cells();
      return c.length === ARCH_NAMES.length && c.every((x) => x.policy === policy) && c;
    }, RENDER_MS, 250);
    for (const c of await cells()) assert.match(c.text, /^(safe|violated)/);
    await wb.screenshot('simulator-one-policy');
  });

  test('clicking a step reveals its line in the editor', async () => {
    const { page } = wb;
    // Put the cursor elsewhere first, so the reveal is what moves it; then back to the panel.
    await focusEditorGroup(page, 1);
    await goToLine(page, 1);
    await focusEditorGroup(page, 2);
    await panel.locator('[data-testid="sim-steps"]').waitFor();
    const steps = panel.locator('[data-testid="sim-step"]');
    const target = steps.last();
    const line = Number(await target.getAttribute('data-line')) + 1;
    assert.ok(line > 1);
    await target.click();
    // The text editor is active again, with the cursor on the step's line, which is on screen.
    await poll(`the editor cursor on line ${line}`, async () => (await statusBarText(page)).includes(`Ln ${line},`));
    const lineNumbers = await editor(page).locator('.margin-view-overlays .line-numbers').allInnerTexts();
    assert.ok(lineNumbers.map(Number).includes(line), `line ${line} on screen (${lineNumbers.join(' ')})`);
    await wb.screenshot('simulator-step-revealed');
  });

  test('no errors in the browser console (workbench and panel) or from lazymm in the extension host', () => {
    assertNoErrors(wb);
  });
});
