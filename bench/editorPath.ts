// Section: the editor path on kernel/sched/core.c from the real tree, through the built language
// server over stdio, next to bare tree-sitter on the same text in the same run:
//   open -> first diagnostics, and a full bare parse;
//   keystroke -> diagnostics at p50/p95 over scripted edits (the debounce subtracted), and a bare
//   incremental parse (tree.edit + parse(text, oldTree)) of the same edits;
//   the server's memory after the first edit and after 10,000 more.
// Issue #4's goals: p95 keystroke -> diagnostics within 2x of bare incremental parsing; no growth.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { Edit, type Tree } from 'web-tree-sitter';
import { DEBOUNCE_MS } from '../server/src/lsp/documents';
import { SERVER_EXEC_ARGV } from '../server/src/lsp/extensionProtocol';
import { median, round, type Context, type SectionOutput } from './section';

const ROOT = path.resolve(__dirname, '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const FILE = 'kernel/sched/core.c';
const SCRIPTED_EDITS = 200;
const MEMORY_EDITS = 10_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Offsets of line starts inside function bodies: where a scripted space goes in and out again. */
function editPoints(text: string, count: number): number[] {
  const starts: number[] = [];
  for (let i = text.indexOf('\n\t'); i >= 0; i = text.indexOf('\n\t', i + 1)) starts.push(i + 1);
  const step = Math.max(1, Math.floor(starts.length / count));
  return Array.from({ length: count }, (_, i) => starts[(i * step) % starts.length]!);
}

function point(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  const row = before.split('\n').length - 1;
  return { row, column: offset - (before.lastIndexOf('\n') + 1) };
}

export async function editorPathSection(ctx: Context): Promise<SectionOutput> {
  const k = ctx.kernel;
  if (!k.ok) return { rows: [['editor path (core.c)', `skipped: ${k.reason}`]], result: { skipped: k.reason } };
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run 'node scripts/build.mjs' (npm run bench does)`);
  const file = path.join(k.tree, FILE);
  const uri = pathToFileURL(file).href;
  let text = fs.readFileSync(file, 'utf8');

  // Bare tree-sitter on the same text and the same edits, in this process.
  const fullParse: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    ctx.parser.parseRaw(text).delete();
    fullParse.push(performance.now() - t);
  }

  const server = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri && p.version !== undefined) waiting.get(p.version)?.(p);
  });
  conn.listen();
  const diagnosticsAt = (version: number) => new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(version, resolve));
  try {
    await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await conn.sendNotification(InitializedNotification.type, {});

    let version = 1;
    let t = performance.now();
    const opened = diagnosticsAt(version);
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'c', version, text } });
    await opened;
    const openMs = performance.now() - t;

    // Scripted edits: a space typed at the start of a body line, then deleted; each waits for its diagnostics.
    const keystroke: number[] = [];
    const incremental: number[] = [];
    let tree: Tree = ctx.parser.parseRaw(text);
    let firstRss = 0;
    for (const at of editPoints(text, SCRIPTED_EDITS / 2)) {
      for (const insert of [true, false]) {
        const pos = point(text, at);
        const range = insert ? { start: { line: pos.row, character: pos.column }, end: { line: pos.row, character: pos.column } } : { start: { line: pos.row, character: pos.column }, end: { line: pos.row, character: pos.column + 1 } };
        text = insert ? `${text.slice(0, at)} ${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
        version++;
        const published = diagnosticsAt(version);
        t = performance.now();
        await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
        await published;
        keystroke.push(performance.now() - t - DEBOUNCE_MS);
        if (!firstRss) firstRss = rssMb(server.pid!);
        const after = { row: pos.row, column: pos.column + 1 };
        const edit = insert
          ? new Edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: pos, oldEndPosition: pos, newEndPosition: after })
          : new Edit({ startIndex: at, oldEndIndex: at + 1, newEndIndex: at, startPosition: pos, oldEndPosition: after, newEndPosition: pos });
        tree.edit(edit);
        const p0 = performance.now();
        const next = ctx.parser.parseRawIncremental(text, tree);
        incremental.push(performance.now() - p0);
        tree.delete();
        tree = next;
      }
    }
    tree.delete();

    // 10,000 more edits sent as fast as typing allows (the debounce folds them into few analyses),
    // then 10,000 again: growth that stops after the first batch is the heap sizing itself to the
    // churn of 280 KB document strings, growth that goes on is a leak.
    const [at] = editPoints(text, 1);
    const pos = point(text, at!);
    const batchRss: number[] = [];
    for (let batch = 0; batch < 2; batch++) {
      for (let i = 0; i < MEMORY_EDITS; i++) {
        const insert = i % 2 === 0;
        version++;
        const range = insert ? { start: { line: pos.row, character: pos.column }, end: { line: pos.row, character: pos.column } } : { start: { line: pos.row, character: pos.column }, end: { line: pos.row, character: pos.column + 1 } };
        await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
      }
      await diagnosticsAt(version);
      batchRss.push(rssMb(server.pid!));
    }
    const [lastRss, secondRss] = batchRss as [number, number];

    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    const p50 = percentile(keystroke, 50);
    const p95 = percentile(keystroke, 95);
    const inc50 = median(incremental);
    const inc95 = percentile(incremental, 95);
    const result = {
      file: FILE,
      bytes: text.length,
      openToDiagnosticsMs: round(openMs, 1),
      bareFullParseMs: round(median(fullParse), 1),
      keystrokeToDiagnosticsMs: { p50: round(p50, 1), p95: round(p95, 1), edits: keystroke.length, debounceSubtractedMs: DEBOUNCE_MS },
      bareIncrementalParseMs: { p50: round(inc50, 2), p95: round(inc95, 2) },
      p95OverBareIncremental: round(p95 / inc95, 1),
      serverRssMb: { afterFirstEdit: round(firstRss, 1), after10000Edits: round(lastRss, 1), after20000Edits: round(secondRss, 1) },
      goals: { p95OverBareIncrementalMax: 2, memoryGrowth: 'none beyond noise' },
    };
    const rows = [
      [`editor path ${FILE} (${(text.length / 1000).toFixed(0)} KB)`, `open -> diagnostics: ${openMs.toFixed(0)} ms`, `bare full parse: ${median(fullParse).toFixed(1)} ms`, ''],
      ['', `keystroke -> diagnostics p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${keystroke.length} edits)`, `bare incremental parse p50 ${inc50.toFixed(2)} ms, p95 ${inc95.toFixed(2)} ms`, `ratio ${(p95 / inc95).toFixed(1)}x at p95 (goal <= 2x)`],
      ['', `server RSS after 1 edit: ${firstRss.toFixed(0)} MB, after ${MEMORY_EDITS} more: ${lastRss.toFixed(0)} MB, after ${MEMORY_EDITS} again: ${secondRss.toFixed(0)} MB`, '', 'goal: no growth beyond noise'],
    ];
    return { rows, result };
  } finally {
    conn.dispose();
    server.kill();
  }
}
