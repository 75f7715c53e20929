// Runs the webview pages in headless Chromium as VS Code would show them: the real HTML (the
// extension's own simPanelHtml()), the built bundles of dist/ served over a localhost HTTP server
// started here, and a stand-in for acquireVsCodeApi() that records what the page posts and keeps
// its state, as VS Code does. Needs `node scripts/build.mjs` first and /usr/bin/chromium.
//
// The test project does not reference the client project (test/tsconfig.json), so the page
// generator is loaded by a dynamic import that tsc does not follow; its signature is restated
// here, and a mismatch fails the first test.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
export const CHROMIUM = process.env.LAZYMM_CHROMIUM ?? '/usr/bin/chromium';

interface SimPanelHtmlModule {
  simPanelHtml(o: { cspSource: string; nonce: string; scriptUri: string; styleUri: string; workerUri: string; functionName?: string }): string;
}

async function loadPageGenerator(): Promise<SimPanelHtmlModule> {
  const file = path.join(ROOT, 'client/src/simPanelHtml.ts');
  return (await import(file)) as SimPanelHtmlModule;
}

/** The paths panel's page as client/src/pathPanel.ts writes it (same CSP, same bundle). */
function pathsPanelHtml(cspSource: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<title>lazymm: paths</title></head>
<body><div id="root"></div><script nonce="${nonce}" src="${cspSource}/paths.js"></script></body></html>`;
}

const TYPES: Readonly<Record<string, string>> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export interface Harness {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  for (const f of ['simulator.js', 'simWorker.js', 'simulator.css', 'paths.js']) {
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`dist/${f} is missing: run node scripts/build.mjs first`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/install-deps.sh) or set LAZYMM_CHROMIUM`);
  const gen = await loadPageGenerator();
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const nonce = crypto.randomBytes(18).toString('base64');
    if (url.pathname === '/simulator.html') {
      const html = gen.simPanelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/simulator.js`, styleUri: `${origin}/simulator.css`, workerUri: `${origin}/simWorker.js` });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (url.pathname === '/paths.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pathsPanelHtml(origin, nonce));
      return;
    }
    const file = path.join(DIST, path.basename(url.pathname));
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The stand-in for VS Code's acquireVsCodeApi(), injected before the page's own script runs
 * (addInitScript is not subject to the page's CSP). It also records CSP violations from the start.
 * Plain JavaScript in a string: the test project has no DOM types.
 */
function standIn(initialState: unknown, theme: 'dark' | 'light'): string {
  return `(() => {
  const rec = { posted: [], state: ${JSON.stringify(initialState ?? null)} ?? undefined, violations: [], seen: 0 };
  window.__lazymm = rec;
  document.addEventListener('securitypolicyviolation', (e) => rec.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { rec.posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => rec.state,
      setState: (s) => { rec.state = JSON.parse(JSON.stringify(s)); return s; },
    });
  };
  document.addEventListener('DOMContentLoaded', () => {
    document.body.classList.add(${JSON.stringify(theme === 'dark' ? 'vscode-dark' : 'vscode-light')});
    const vars = ${JSON.stringify(theme === 'dark' ? DARK : LIGHT)};
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
  });
})();`;
}

/** A few of the variables VS Code sets (Dark Modern / Light Modern), enough to see the theming. */
const DARK: Record<string, string> = {
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-editorWidget-border': '#454545',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-errorForeground': '#f85149',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textPreformat-foreground': '#d0d0d0',
  '--vscode-editorLineNumber-foreground': '#6e7681',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-disabledForeground': '#888888',
};

const LIGHT: Record<string, string> = {
  ...DARK,
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-editor-background': '#ffffff',
  '--vscode-editorWidget-background': '#f8f8f8',
  '--vscode-editorWidget-border': '#c8c8c8',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-badge-background': '#cccccc',
  '--vscode-badge-foreground': '#3b3b3b',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-foreground': '#3b3b3b',
  '--vscode-input-border': '#cecece',
  '--vscode-dropdown-background': '#ffffff',
  '--vscode-dropdown-foreground': '#3b3b3b',
  '--vscode-dropdown-border': '#cecece',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-list-hoverBackground': '#f2f2f2',
  '--vscode-errorForeground': '#e51400',
  '--vscode-testing-iconPassed': '#388a34',
  '--vscode-textLink-foreground': '#005fb8',
  '--vscode-textPreformat-foreground': '#3b3b3b',
  '--vscode-editorLineNumber-foreground': '#6e7681',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-red': '#e51400',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#652d90',
  '--vscode-charts-yellow': '#bf8803',
};

export interface OpenOptions {
  state?: unknown;
  theme?: 'dark' | 'light';
  width?: number;
}

/** A new page on the simulator panel, its script loaded and its 'ready' posted. */
export async function openSimulator(h: Harness, o: OpenOptions = {}): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width: o.width ?? 1200, height: 900 } });
  await page.addInitScript({ content: standIn(o.state, o.theme ?? 'dark') });
  await page.goto(`${h.origin}/simulator.html`);
  await waitPosted(page, 'ready');
  return page;
}

export async function openPaths(h: Harness): Promise<Page> {
  const page = await h.browser.newPage();
  await page.addInitScript({ content: standIn(null, 'dark') });
  await page.goto(`${h.origin}/paths.html`);
  return page;
}

/**
 * What the predicates below may touch in the page. They are functions, not strings: the page's
 * CSP forbids eval, which Playwright's string predicates need; the test project has no DOM types.
 */
interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
  __lazymm: { posted: unknown[]; violations: string[]; seen: number };
}

/** What the extension would post (webview.postMessage arrives as a window 'message' event). */
export async function post(page: Page, message: unknown): Promise<void> {
  await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
}

/** Waits until the page has handled every message posted so far (its listener runs before this one). */
export async function settleMessages(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).__lazymm.seen >= n, count);
}

export async function countMessages(page: Page): Promise<void> {
  await page.evaluate(`window.addEventListener('message', () => { window.__lazymm.seen++; })`);
}

export async function posted(page: Page): Promise<unknown[]> {
  return (await page.evaluate('window.__lazymm.posted')) as unknown[];
}

export async function pageState(page: Page): Promise<unknown> {
  return page.evaluate('window.__lazymm.state');
}

export async function violations(page: Page): Promise<string[]> {
  return (await page.evaluate('window.__lazymm.violations')) as string[];
}

/** Polls sim-status until it reads "ready" (no timing assumed; the timeout only stops a hang). */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="sim-status"]')?.textContent === 'ready', undefined, { timeout: 120_000 });
}

/** Until the page has posted a message of this type. */
export async function waitPosted(page: Page, type: string): Promise<void> {
  await page.waitForFunction((t) => (globalThis as unknown as PageGlobals).__lazymm.posted.some((m) => (m as { type?: unknown }).type === t), type);
}

/** Until a CSP violation of this directive (e.g. 'script-src') has been reported. */
export async function waitViolation(page: Page, directive: string): Promise<void> {
  await page.waitForFunction((d) => (globalThis as unknown as PageGlobals).__lazymm.violations.some((v) => v.startsWith(d)), directive);
}

export async function cellText(page: Page, policy: string, arch: string): Promise<string> {
  return (await page.locator(`[data-testid="verdict-table"] td[data-policy="${policy}"][data-arch="${arch}"]`).textContent()) ?? '';
}

/** The values row of one series in a chart's data table (chart = data-metric). */
export async function chartRow(page: Page, metric: string, series: string): Promise<string[]> {
  return page.locator(`[data-testid="chart"][data-metric="${metric}"] tr[data-series="${series}"] td`).allTextContents();
}
