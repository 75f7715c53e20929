// Section: the editor path on kernel/sched/core.c from the real tree, through the built language
// server over stdio, next to bare tree-sitter on the same text in the same run:
//   open -> first diagnostics, and a full bare parse;
//   keystroke -> diagnostics at p50/p95 over scripted edits (the debounce subtracted), and a bare
//   incremental parse (tree.edit + parse(text, oldTree)) of the same edits;
//   the server's memory after the first edit, after 10,000 more and after 10,000 again: RSS as the
//   system sees it, and what it is made of (lazymm/memoryUsage, the server started with --expose-gc
//   for the measurement): the live heap after a full GC, the heap V8 had committed before it, the
//   wasm linear memory, RSS once the GC's pages are returned, and RSS after a pause in typing.
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
import { MEMORY_USAGE_REQUEST, SERVER_EXEC_ARGV, type MemoryUsageParams, type MemoryUsageResult } from '../server/src/lsp/extensionProtocol';
import { median, round, type Context, type SectionOutput } from './section';

const ROOT = path.resolve(__dirname, '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const FILE = 'kernel/sched/core.c';
const SCRIPTED_EDITS = 200;
const MEMORY_EDITS = 10_000;
/** Long enough for V8's memory reducer (it starts 8 s after the last major GC once allocation stops). */
const IDLE_MS = 12_000;
/** After a forced GC, V8 returns freed pages from a background thread: RSS is read this much later. */
const SETTLE_MS = 1_000;
const MB = 1048576;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** The server's memory at one point, in MB: what the system sees, and what it is made of. */
interface MemoryPoint {
  /** RSS as it is, garbage included: what the user's system monitor shows. */
  rss: number;
  /** RSS after a pause in typing of IDLE_MS, no GC forced (only measured after the last batch). */
  rssAfterIdle?: number;
  /** RSS after a full GC, once V8 has returned the freed pages. */
  rssAfterGc: number;
  /** V8's heap as committed before the GC (live objects plus garbage not yet collected). */
  heapCommitted: number;
  /** Of which large objects (strings over 128 KB: copies of the document text, its cleaned text). */
  largeObjectSpace: number;
  /** The live heap: used after a full GC. Growth here, edit after edit, is a leak. */
  liveHeap: number;
  /** external - arrayBuffers: web-tree-sitter's wasm linear memory (a high-water mark, never shrinks). */
  wasm: number;
  arrayBuffers: number;
  /** Entries of the document's per-function cache. */
  cachedFunctions?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  // --expose-gc only lets lazymm/memoryUsage collect before it measures: the GC runs at the three
  // memory points, never while keystrokes are timed.
  const server = spawn(process.execPath, [...SERVER_EXEC_ARGV, '--expose-gc', SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri && p.version !== undefined) waiting.get(p.version)?.(p);
  });
  conn.listen();
  const diagnosticsAt = (version: number) => new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(version, resolve));
  const memoryUsage = (params: MemoryUsageParams) => conn.sendRequest<MemoryUsageResult>(MEMORY_USAGE_REQUEST, params);
  const memoryPoint = async (idle: boolean): Promise<MemoryPoint> => {
    const rss = rssMb(server.pid!);
    const before = await memoryUsage({ gc: false });
    let rssAfterIdle: number | undefined;
    if (idle) {
      await sleep(IDLE_MS);
      rssAfterIdle = rssMb(server.pid!);
    }
    const after = await memoryUsage({ gc: true });
    if (!after.gc) throw new Error('the server did not collect garbage: was it started with --expose-gc?');
    await sleep(SETTLE_MS);
    const lo = before.heapSpaces.find((s) => s.name === 'large_object_space');
    const cachedFunctions = after.documents.find((d) => d.uri === uri)?.cachedFunctions;
    return {
      rss: round(rss, 1),
      ...(rssAfterIdle !== undefined ? { rssAfterIdle: round(rssAfterIdle, 1) } : {}),
      rssAfterGc: round(rssMb(server.pid!), 1),
      heapCommitted: round(before.heap.totalBytes / MB, 1),
      largeObjectSpace: round((lo?.sizeBytes ?? 0) / MB, 1),
      liveHeap: round(after.heap.usedBytes / MB, 1),
      wasm: round(after.wasmAndOtherExternal / MB, 1),
      arrayBuffers: round(after.process.arrayBuffers / MB, 1),
      ...(cachedFunctions !== undefined ? { cachedFunctions } : {}),
    };
  };
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
    let first: MemoryPoint | undefined;
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
        first ??= await memoryPoint(false);
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
    // then 10,000 again. Each edit makes a new 280 KB copy of the text (TextDocument.update); the
    // copies that are still current when a scavenge runs move to V8's large-object space and stay
    // there, dead, until the next major GC. So RSS alone mixes garbage with what is kept: the live
    // heap after a GC tells a leak (it grows batch after batch) from garbage (RSS falls back after
    // the GC, or after a pause in typing).
    const [at] = editPoints(text, 1);
    const pos = point(text, at!);
    const batches: MemoryPoint[] = [];
    for (let batch = 0; batch < 2; batch++) {
      for (let i = 0; i < MEMORY_EDITS; i++) {
        const insert = i % 2 === 0;
        version++;
        const range = insert ? { start: { line: pos.row, character: pos.column }, end: { line: pos.row, character: pos.column } } : { start: { line: pos.row, character: pos.column }, end: { line: pos.row, character: pos.column + 1 } };
        await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
      }
      await diagnosticsAt(version);
      batches.push(await memoryPoint(batch === 1));
    }
    const points = { afterFirstEdit: first!, after10000Edits: batches[0]!, after20000Edits: batches[1]! };

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
      serverRssMb: { afterFirstEdit: points.afterFirstEdit.rss, after10000Edits: points.after10000Edits.rss, after20000Edits: points.after20000Edits.rss },
      serverMemoryMb: points,
      goals: { p95OverBareIncrementalMax: 2, memoryGrowth: 'none beyond noise' },
    };
    const rows = [
      [`editor path ${FILE} (${(text.length / 1000).toFixed(0)} KB)`, `open -> diagnostics: ${openMs.toFixed(0)} ms`, `bare full parse: ${median(fullParse).toFixed(1)} ms`, ''],
      ['', `keystroke -> diagnostics p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${keystroke.length} edits)`, `bare incremental parse p50 ${inc50.toFixed(2)} ms, p95 ${inc95.toFixed(2)} ms`, `ratio ${(p95 / inc95).toFixed(1)}x at p95 (goal <= 2x)`],
      ...memoryRows(points),
    ];
    return { rows, result };
  } finally {
    conn.dispose();
    server.kill();
  }
}

/** The memory points side by side: one row per figure, the three points in one cell. */
function memoryRows(points: Record<'afterFirstEdit' | 'after10000Edits' | 'after20000Edits', MemoryPoint>): string[][] {
  const p = [points.afterFirstEdit, points.after10000Edits, points.after20000Edits];
  const mb = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(0)).padStart(4);
  const row = (label: string, pick: (m: MemoryPoint) => number | undefined, note = '') => ['', `${label.padEnd(36)}${p.map((m) => mb(pick(m))).join(' ')} MB`, '', note];
  return [
    ['', `server memory after 1 edit, +${MEMORY_EDITS}, +${MEMORY_EDITS} again:`, '', 'goal: no growth beyond noise'],
    row('  RSS', (m) => m.rss, 'includes garbage not yet collected'),
    row(`  RSS after ${IDLE_MS / 1000} s without typing`, (m) => m.rssAfterIdle, "V8's memory reducer, no GC forced"),
    row('  RSS after a full GC', (m) => m.rssAfterGc),
    row('  V8 heap committed (before the GC)', (m) => m.heapCommitted),
    row('    of which large objects', (m) => m.largeObjectSpace, 'dead copies of the 280 KB text'),
    row('  live heap (after the GC)', (m) => m.liveHeap, 'growth here is a leak'),
    row('  wasm linear memory', (m) => m.wasm, "web-tree-sitter's high-water mark"),
  ];
}
