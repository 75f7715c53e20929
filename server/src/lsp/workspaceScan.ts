// "lazymm: Scan Workspace": every C file of the workspace folders checked with the settings and with
// what the files share (helpers and dropped fields, as `lazymm check` on the tree), the results in
// the Problems panel. It reports `$/progress`, stops between files when cancelled, and yields to
// the event loop after each file so edits, hovers and code actions are answered during a long scan.
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { sharedOptions } from '../cli/analyzeFile';
import { readSource } from '../cli/files';
import { ScanContextBuilder } from '../cli/scanContext';
import { checkText, type CheckOptions } from '../engine';
import type { Finding } from '../rules/finding';
import { registerServerCommand } from './commands';
import { SCAN_WORKSPACE_COMMAND, type ScanSummary } from './extensionProtocol';
import type { FeatureContext } from './feature';
import { diagnosticsFor, uriToPath } from './findingsView';
import { startProgress, type Progress } from './progress';
import { workspaceRoots, type SettingsStore } from './settings';
import type { AnalysisStatus } from './status';
import { listWorkspaceFiles } from './workspaceFiles';

export const SCAN_TITLE = 'lazymm: scanning';
/** Per-file limit handed to the engine's budget, as `lazymm check --file-timeout` would. */
const FILE_TIMEOUT_S = 10;
/** Progress at most this often: a kernel tree has 60,000 files, the client needs a hundred updates. */
const REPORT_EVERY_MS = 100;
/** The shared-context pre-pass reads this many files between yields (each is a quick regex pass). */
const PREPASS_BATCH = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function describe(s: ScanSummary, total: number): string {
  const found = `${s.findings} lazy-mm hazard${s.findings === 1 ? '' : 's'}`;
  return s.cancelled ? `cancelled after ${s.files}/${total} files: ${found} so far` : `${s.files} files scanned: ${found}`;
}

/**
 * `onShared` receives what a completed scan learnt about the files (helpers' summaries, dropped
 * fields), so open documents are checked with the same knowledge as the scanned ones.
 */
export function registerWorkspaceScan(ctx: FeatureContext, settings: SettingsStore, status: AnalysisStatus, onShared: (options: Omit<CheckOptions, 'fileName'>) => void): void {
  /** The last scan's findings per file: republished through new settings (rules off, severities). */
  let scanned = new Map<string, Finding[]>();
  let sharedOptions: Omit<CheckOptions, 'fileName'> | undefined;
  let running: CancellationTokenSource | undefined;

  const publish = (uri: string, findings: readonly Finding[]): number => {
    const diagnostics = diagnosticsFor(settings.current, settings.roots, uri, findings);
    // Open documents publish their own, from the text being edited.
    if (!ctx.documents.get(uri)) void ctx.connection.sendDiagnostics({ uri, diagnostics });
    return diagnostics.length;
  };
  settings.onChange(() => {
    for (const [uri, findings] of scanned) publish(uri, findings);
  });
  // A scanned file closed in the editor goes back to the scan's view of it, read again from disk
  // (the editor may have saved changes); after documents.ts has cleared the editor's diagnostics.
  ctx.documents.onDidClose((e) => {
    const uri = e.document.uri;
    if (!scanned.has(uri) || sharedOptions === undefined) return;
    const options = sharedOptions;
    setImmediate(() => {
      const file = uriToPath(uri);
      if (ctx.documents.get(uri) || file === undefined) return;
      void ctx.parser.then((parser) => {
        const findings = checkFile(ctx, parser, file, options);
        if (findings === undefined) return;
        scanned.set(uri, findings);
        publish(uri, findings);
      });
    });
  });

  registerServerCommand(ctx, SCAN_WORKSPACE_COMMAND, async (params, requestToken): Promise<ScanSummary> => {
    // A new scan replaces one still running.
    running?.cancel();
    const mine = new CancellationTokenSource();
    running = mine;
    const progress = await startProgress(ctx, params.workDoneToken);
    const isCancelled = () => requestToken.isCancellationRequested || mine.token.isCancellationRequested || progress.cancelled?.isCancellationRequested === true;
    const summary: ScanSummary = { files: 0, findings: 0, cancelled: false };
    const reached = new Map<string, Finding[]>();
    let total = 0;
    progress.begin(SCAN_TITLE, 'listing files');
    try {
      const roots = await workspaceRoots(ctx);
      const { files, unreadable } = await listWorkspaceFiles(roots, settings.current.ignore, isCancelled);
      for (const u of unreadable) ctx.connection.console.warn(`lazymm: scan: cannot read directory ${u}`);
      total = files.length;
      progress.report(0, `reading ${total} files`);
      const { options, quiet } = await sharedScanOptions(files, settings, isCancelled);
      sharedOptions = options;
      const parser = await ctx.parser;

      let lastReport = 0;
      for (const [i, file] of files.entries()) {
        if (isCancelled()) break;
        const uri = pathToFileURL(file).href;
        const open = ctx.analyses.current(uri);
        if (open) {
          // An open file's Problems entries come from the editor's analysis of its unsaved text.
          summary.findings += diagnosticsFor(settings.current, settings.roots, uri, open.result.findings).length;
        } else {
          // A quiet file's findings are known to be none (cli/analyzeFile.ts isQuiet): no second read.
          const findings = quiet.has(i) ? [] : checkFile(ctx, parser, file, options);
          if (findings) {
            reached.set(uri, findings);
            summary.findings += publish(uri, findings);
          }
        }
        summary.files++;
        if (Date.now() - lastReport >= REPORT_EVERY_MS || summary.files === total) {
          lastReport = Date.now();
          report(progress, status, summary.files, total);
        }
        await nextTurn();
      }
      summary.cancelled = isCancelled();
      if (!summary.cancelled) onShared(options);
    } finally {
      // Files of the previous scan that this one no longer lists (deleted, now ignored) lose their
      // problems; a cancelled scan only adds what it reached.
      if (!summary.cancelled) for (const uri of scanned.keys()) if (!reached.has(uri) && !ctx.documents.get(uri)) void ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
      scanned = summary.cancelled ? new Map([...scanned, ...reached]) : reached;
      if (running === mine) running = undefined;
      mine.dispose();
      status.scanning(undefined);
      progress.end(describe(summary, total));
    }
    ctx.connection.console.info(`lazymm: scan: ${describe(summary, total)}`);
    return summary;
  });
}

function report(progress: Progress, status: AnalysisStatus, done: number, total: number): void {
  const message = `${done}/${total} files`;
  progress.report((done / Math.max(1, total)) * 100, message);
  status.scanning(message);
}

/**
 * What the files share, read first as `lazymm check` does (a few files at a time, yielding
 * between), and which of them (indices) are quiet.
 */
async function sharedScanOptions(files: string[], settings: SettingsStore, isCancelled: () => boolean): Promise<{ options: Omit<CheckOptions, 'fileName'>; quiet: ReadonlySet<number> }> {
  const builder = new ScanContextBuilder();
  const quiet = new Set<number>();
  // A single file has nobody else to share with (as prepareScan).
  for (let i = 0; files.length > 1 && i < files.length && !isCancelled(); i++) {
    if (builder.add(files[i]!)) quiet.add(i);
    if (i % PREPASS_BATCH === PREPASS_BATCH - 1) await nextTurn();
  }
  const kc = settings.current.kernelConfig;
  return { options: sharedOptions(builder.build({ fileTimeoutS: FILE_TIMEOUT_S, ...(kc ? { config: { text: kc.text, label: kc.config.label } } : {}) })), quiet };
}

/** One file's findings, or undefined when it could not be read or analysed (said in the log). */
function checkFile(ctx: FeatureContext, parser: Awaited<FeatureContext['parser']>, file: string, options: Omit<CheckOptions, 'fileName'>): Finding[] | undefined {
  const source = readSource(file);
  if (!source.ok) {
    ctx.connection.console.info(`lazymm: scan: ${file}: ${source.reason}`);
    return undefined;
  }
  try {
    const { findings, notes } = checkText(parser, source.text, { ...options, fileName: file });
    for (const n of notes) ctx.connection.console.info(`lazymm: scan: ${file}: ${n.message}`);
    return findings;
  } catch (e) {
    ctx.connection.console.error(`lazymm: scan: analysis of ${file} failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
