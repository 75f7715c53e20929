// What a user does and sees in the workbench, as the tests need it: open a file, run a command from
// the palette, go to a line, and read squiggles, Problems rows, code lenses, the status bar and
// notifications. Selectors are VS Code 1.100's (code-server 4.100.3).
// The callbacks of page.evaluate run in the browser:
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Locator, Page } from 'playwright-core';
import { poll } from './poll';

/** Quick Open (Ctrl+P) on a workspace-relative path; resolves when its editor tab is active. */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const name = relPath.split('/').pop()!;
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(relPath);
  // The picker fills in asynchronously: Enter only once the first row is this file.
  await poll(`Quick Open to list ${relPath}`, async () => (await page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label'))?.includes(name));
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/**
 * The command palette (F1) on a command's full title, e.g. "lazymm: Scan Workspace". The palette
 * lists the commands known when it opens; one contributed by an extension the workbench is still
 * registering shows up on a later try.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await poll(`the palette to offer "${title}"`, async () => {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    const offered = await poll(`"${title}" in the palette`, async () => (await first.getAttribute('aria-label'))?.startsWith(title), 3_000).catch(() => false);
    if (!offered) await page.keyboard.press('Escape');
    return offered;
  });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Quick Open's ":line:column": puts the cursor on a 1-based line (and column) of the active editor, revealed. */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await poll(`the cursor on line ${line}`, async () => (await statusBarText(page)).includes(`Ln ${line},`));
}

/** Scrolls the active editor (with the mouse wheel) until 1-based `line` is its top line. */
export async function scrollToTop(page: Page, line: number): Promise<void> {
  const top = async () =>
    editor(page).evaluate((ed) => {
      const box = ed.querySelector('.view-lines')!.getBoundingClientRect();
      const numbers = [...ed.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')]
        .map((n) => ({ top: n.getBoundingClientRect().top, line: Number(n.textContent) }))
        .filter((n) => n.top >= box.top - 1)
        .sort((a, b) => a.top - b.top);
      return { line: numbers[0]?.line ?? 1, height: ed.querySelector<HTMLElement>('.view-line')?.offsetHeight ?? 19 };
    });
  const box = await editor(page).boundingBox();
  if (!box) throw new Error('no active editor to scroll');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await poll(`line ${line} at the top of the editor`, async () => {
    const now = await top();
    if (now.line === line) return true;
    await page.mouse.wheel(0, (line - now.line) * now.height);
    return false;
  });
}

/** Ctrl+<n>: focuses the n-th editor group (1-based), e.g. the text editor beside a panel. */
export async function focusEditorGroup(page: Page, n: number): Promise<void> {
  await page.keyboard.press(`Control+${n}`);
  await poll(`editor group ${n} to be active`, () => page.locator('.editor-group-container').nth(n - 1).evaluate((g) => g.classList.contains('active')));
}

/** The active editor (the one with the cursor's text area focused last, else the first). */
export function editor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** One rendered source line of the active editor, by its text. */
export function viewLine(page: Page, text: string | RegExp): Locator {
  return editor(page).locator('.view-lines .view-line', { hasText: text }).first();
}

/** The visible lines of the active editor in order, as the user reads them (tabs shown as spaces). */
export async function visibleText(page: Page): Promise<string[]> {
  return editor(page).evaluate((ed) =>
    [...ed.querySelectorAll<HTMLElement>('.view-lines .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')),
  );
}

/**
 * The 1-based line numbers under the active editor's squiggles of one severity: each squiggle is
 * matched to the line number in the gutter at the same height.
 */
export async function squiggleLines(page: Page, severity: 'warning' | 'error' | 'info'): Promise<number[]> {
  return editor(page).evaluate((ed, cls) => {
    const numbers = [...ed.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')].map((n) => ({ rect: n.getBoundingClientRect(), line: Number(n.textContent) }));
    const lines = [...ed.querySelectorAll<HTMLElement>(`.view-overlays .squiggly-${cls}, .view-overlays .cdr.squiggly-${cls}`)].map((s) => {
      const r = s.getBoundingClientRect();
      const mid = r.top + r.height / 2;
      return numbers.find((n) => mid >= n.rect.top && mid < n.rect.bottom)?.line ?? -1;
    });
    return [...new Set(lines)].sort((a, b) => a - b);
  }, severity);
}

/** Opens (and focuses) the Problems panel. */
export async function openProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor();
  return panel;
}

/** The Problems panel's rows as the user reads them; lines of a row joined with spaces. */
export async function problemRows(page: Page): Promise<string[]> {
  const panel = await openProblems(page);
  const rows = await panel.locator('.monaco-list-row').evaluateAll((els) =>
    els
      .map((e) => ({ top: parseFloat((e as HTMLElement).style.top) || 0, text: (e as HTMLElement).innerText }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.text),
  );
  return rows.map((r) => r.replace(/\s*\n\s*/g, ' ').trim());
}

export async function statusBarText(page: Page): Promise<string> {
  return page.locator('.part.statusbar').innerText();
}

/** The lazymm status bar item's text (an icon's name is not text: "lazymm: 1", "lazymm"). */
export async function lazymmStatus(page: Page): Promise<string> {
  return (await page.locator('.part.statusbar .statusbar-item[id="lazymm.lazymm.lazymm.status"]').innerText()).trim();
}

/** Titles of the code lenses shown in the active editor. */
export async function codeLenses(page: Page): Promise<string[]> {
  return (await editor(page).locator('.codelens-decoration a').allInnerTexts()).filter((t) => t.trim() !== '');
}

/**
 * Records, in the page, the text of every notification that is ever rendered (toasts and progress
 * alike), so a short-lived progress message cannot slip between two polls.
 */
export async function recordNotifications(page: Page): Promise<() => Promise<string[]>> {
  // A string, not a function: tsx would wrap the named functions of a callback in a helper the page lacks.
  await page.evaluate(`(() => {
    if (window.__lazymmSeen) return;
    const seen = (window.__lazymmSeen = []);
    const take = () => {
      for (const m of document.querySelectorAll('.notification-list-item-message')) {
        const text = (m.textContent || '').trim();
        if (text && !seen.includes(text)) seen.push(text);
      }
    };
    new MutationObserver(take).observe(document.body, { subtree: true, childList: true, characterData: true });
    take();
  })()`);
  return () => page.evaluate(() => [...((window as unknown as { __lazymmSeen?: string[] }).__lazymmSeen ?? [])]);
}
