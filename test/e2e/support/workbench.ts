// One real VS Code workbench for a test file: the VSIX installed into a fresh code-server (its own
// user data, extensions and config dirs, nothing read from or written to $HOME), the server started
// on a free port, and headless Debian chromium on the workspace folder. Everything the browser logs
// is kept, so a test can assert that nothing but code-server's known noise is an error.
// The callbacks of page.evaluate run in the browser:
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { poll } from './poll';
import { ARTIFACTS, ensureTools } from './tools';
import { packageVsix } from './vsix';

export interface WorkbenchOptions {
  /** Names the artifacts (screenshots, logs) of this run. */
  name: string;
  /** The folder the window opens. */
  workspace: string;
  /** False: workspace trust on and the folder left untrusted (Restricted Mode). Default true. */
  trusted?: boolean;
  /** User settings beside the defaults that keep the screen clean. */
  settings?: Record<string, unknown>;
}

const CLEAN_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.commandCenter.enabled': false,
  // Without it a toast offering the parent folder's git repository covers the editor.
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  // Screenshots read better without the sticky function header over the first lines.
  'editor.stickyScroll.enabled': false,
};

/** Browser console lines that are code-server's, not ours: it does not ship VS Code's vsda module. */
function knownNoise(m: ConsoleMessage): boolean {
  return /Failed to load resource: .*404/.test(m.text()) && /\/vsda(\.js|_bg\.wasm)(\?|$)/.test(m.location().url);
}

export class Workbench {
  /** Browser console errors and uncaught page errors, known noise left out. */
  readonly errors: string[] = [];

  private constructor(
    readonly options: WorkbenchOptions,
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly server: ChildProcess,
    private readonly runDir: string,
  ) {}

  static async launch(options: WorkbenchOptions): Promise<Workbench> {
    const { codeServer, chromium: browser } = ensureTools();
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `lazymm-e2e-${options.name}-`));
    const dirs = { data: path.join(runDir, 'data'), ext: path.join(runDir, 'extensions'), xdg: path.join(runDir, 'xdg') };
    fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
    fs.mkdirSync(dirs.ext, { recursive: true });
    const trusted = options.trusted ?? true;
    const settings = {
      ...CLEAN_SETTINGS,
      'security.workspace.trust.enabled': !trusted,
      ...(trusted ? {} : { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' }),
      ...options.settings,
    };
    fs.writeFileSync(path.join(dirs.data, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    // Without --config code-server reads (and writes) ~/.config/code-server/config.yaml.
    const config = path.join(runDir, 'config.yaml');
    fs.writeFileSync(config, 'auth: none\ncert: false\n');
    const env = serverEnv(dirs.xdg);
    const common = ['--config', config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext];

    try {
      const vsix = packageVsix(runDir);
      const installed = execFileSync(codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
      if (!/lazymm.*successfully installed/i.test(installed)) throw new Error(`code-server --install-extension ${vsix} said:\n${installed}`);
    } catch (e) {
      removeRunDir(runDir);
      throw e;
    }

    const log = fs.openSync(path.join(ARTIFACTS, `${options.name}.code-server.log`), 'w');
    const server = spawn(
      codeServer,
      [
        ...common,
        '--bind-addr', '127.0.0.1:0',
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...(trusted ? ['--disable-workspace-trust'] : []),
      ],
      // Its own process group, so close() stops it and everything it started.
      { env, detached: true, stdio: ['ignore', 'pipe', log] },
    );
    // A test process that dies without close() must not leave the server running.
    process.once('exit', () => stop(server));
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      fs.writeSync(log, chunk);
    });
    let context: BrowserContext | undefined;
    try {
      const base = await poll('code-server to listen', () => {
        if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}: ${output}`);
        return /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      });
      await poll('code-server /healthz', async () => (await fetch(`${base}/healthz`)).ok);

      context = await chromium.launchPersistentContext(path.join(runDir, 'chromium'), {
        executablePath: browser,
        headless: true,
        viewport: { width: 1280, height: 960 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const bench = new Workbench(options, page, context, server, runDir);
      page.on('console', (m) => {
        if (m.type() === 'error' && !knownNoise(m)) bench.errors.push(`console: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => bench.errors.push(`page error: ${e.message}`));
      await page.goto(`${base}/?folder=${encodeURIComponent(options.workspace)}`);
      await page.locator('.monaco-workbench').waitFor();
      // The explorer lists the folder: the window has opened it.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
      return bench;
    } catch (e) {
      await context?.close().catch(() => undefined);
      stop(server);
      removeRunDir(runDir);
      throw e;
    }
  }

  /**
   * The extension host's logs: its own (remoteexthost.log: activations, uncaught errors) and
   * lazymm's output channel (the .log files of exthostN/lazymm.lazymm), newest window first.
   */
  extensionHostLogs(): Array<{ file: string; text: string }> {
    const found: Array<{ file: string; text: string }> = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'remoteexthost.log' || path.basename(dir) === 'lazymm.lazymm') found.push({ file: p, text: fs.readFileSync(p, 'utf8') });
      }
    };
    const logs = path.join(this.runDir, 'data', 'logs');
    if (fs.existsSync(logs)) walk(logs);
    return found;
  }

  /**
   * Saves a screenshot of the whole window as .cache/e2e/artifacts/<name>.png, once the fades of
   * hovers, menus and toasts have finished (endless ones, such as a progress bar, do not count).
   */
  async screenshot(name: string): Promise<string> {
    const file = path.join(ARTIFACTS, `${name}.png`);
    await poll('animations to settle before a screenshot', () =>
      this.page.evaluate(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)),
    );
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Leaves the last screen as <name>-last.png (what a failed test saw), then stops everything. */
  async close(): Promise<void> {
    await this.page.screenshot({ path: path.join(ARTIFACTS, `${this.options.name}-last.png`) }).catch(() => undefined);
    await this.context.close().catch(() => undefined);
    stop(this.server);
    removeRunDir(this.runDir);
  }
}

/**
 * The environment code-server runs in: XDG dirs of its own (it keeps a heartbeat and logs under
 * ~/.local/share otherwise), and none of an enclosing VS Code's variables (VSCODE_IPC_HOOK_CLI
 * would send --install-extension to that VS Code instead).
 */
function serverEnv(xdg: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VSCODE_')) env[k] = v;
  env.XDG_CONFIG_HOME = path.join(xdg, 'config');
  env.XDG_DATA_HOME = path.join(xdg, 'data');
  env.XDG_CACHE_HOME = path.join(xdg, 'cache');
  return env;
}

/** The run's dirs go, unless LAZYMM_E2E_KEEP asks to keep them (user data, logs) for a look. */
function removeRunDir(dir: string): void {
  if (!process.env.LAZYMM_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}

function stop(server: ChildProcess): void {
  if (server.pid === undefined || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
