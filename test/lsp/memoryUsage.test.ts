// lazymm/memoryUsage over stdio: the process's memory, V8's heap by space, and what the server keeps
// per document; edits do not make the per-document state grow, and a closed document keeps nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { memoryReport } from '../../server/src/lsp/memoryReport';
import { MEMORY_USAGE_REQUEST, type MemoryUsageParams, type MemoryUsageResult } from '../../server/src/lsp/extensionProtocol';
import { ROOT } from '../helpers';
import { TestClient } from './client';

const FILE = path.join(ROOT, 'examples', 'leak_on_error_path.c');
const URI = pathToFileURL(FILE).href;

function memoryUsage(client: TestClient, params: MemoryUsageParams = {}): Promise<MemoryUsageResult> {
  return client.connection.sendRequest<MemoryUsageResult>(MEMORY_USAGE_REQUEST, params);
}

test('memoryUsage: the heap by space and each open document; edits keep its state the same size, closing frees it', async () => {
  let text = fs.readFileSync(FILE, 'utf8');
  const client = await TestClient.start();
  try {
    await client.open(URI, text);
    const first = await client.diagnostics(URI, 0, (p) => p.version === 1);

    const m = await memoryUsage(client, { gc: true });
    assert.equal(m.gc, false, 'no GC without --expose-gc, and no error either');
    assert.ok(m.process.rss > m.process.heapUsed && m.process.heapUsed > 0);
    // web-tree-sitter's linear memory (32 MiB at least) is external to the V8 heap.
    assert.ok(m.wasmAndOtherExternal >= 32 * 1048576, `wasm memory counted in external: ${m.wasmAndOtherExternal}`);
    const spaces = new Map(m.heapSpaces.map((s) => [s.name, s]));
    for (const name of ['new_space', 'old_space', 'code_space', 'large_object_space']) assert.ok(spaces.has(name), `heap space ${name}`);
    for (const s of m.heapSpaces) assert.ok(s.sizeBytes >= s.usedBytes, `${s.name}: committed >= used`);
    assert.equal(m.documents.length, 1);
    const doc = m.documents[0]!;
    assert.deepEqual(
      { uri: doc.uri, open: doc.open, version: doc.version, chars: doc.chars, tree: doc.tree, pending: doc.pending, analysis: doc.analysis?.version, diagnostics: doc.analysis?.diagnostics },
      { uri: URI, open: true, version: 1, chars: text.length, tree: true, pending: false, analysis: 1, diagnostics: first.diagnostics.length },
    );
    assert.ok(doc.analysis!.functions >= 1 && doc.cachedFunctions! >= 1, `functions ${doc.analysis!.functions}, cached ${doc.cachedFunctions}`);
    // "lazymm: Show Server Memory Usage" renders this answer: RSS, the spaces, one row for the document.
    const report = memoryReport(m, new Date(0)).split('\n');
    assert.ok(report.includes(`| Resident set (RSS) | ${(m.process.rss / 1048576).toFixed(1)} |`), 'RSS row');
    assert.ok(report.some((l) => l.startsWith('| old_space | ')), 'heap space rows');
    assert.deepEqual(report.filter((l) => l.startsWith('| file:')), [`| ${URI} | yes | 1 | ${text.length} | 1 | ${doc.analysis!.findings} | ${doc.analysis!.functions} | ${doc.cachedFunctions} | yes |`]);

    // Edits inside a function body, each checked: the per-function cache follows the file, it does not pile up.
    const line = text.split('\n').findIndex((l) => l.startsWith('\t')); // a body line
    const offset = text.split('\n').slice(0, line).join('\n').length + 1;
    for (let version = 2; version <= 7; version++) {
      const insert = version % 2 === 0;
      const range = { start: { line, character: 0 }, end: { line, character: insert ? 0 : 1 } };
      text = insert ? `${text.slice(0, offset)} ${text.slice(offset)}` : text.slice(0, offset) + text.slice(offset + 1);
      const mark = client.mark();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
      await client.diagnostics(URI, mark.published, (p) => p.version === version);
    }
    const edited = (await memoryUsage(client)).documents;
    assert.deepEqual(
      edited.map((d) => [d.version, d.chars, d.analysis?.version, d.cachedFunctions, d.tree]),
      [[7, text.length, 7, doc.cachedFunctions, true]],
      'the same number of cached functions after six edits',
    );

    await client.close(URI);
    assert.deepEqual((await memoryUsage(client)).documents, [], 'a closed document keeps no analysis, tree, cache or timer');
  } finally {
    await client.stop();
  }
});

test('memoryUsage with gc: true on a server started with --expose-gc collects first', async () => {
  const client = await TestClient.start({ execArgv: ['--expose-gc'] });
  try {
    await client.open(URI, fs.readFileSync(FILE, 'utf8'));
    await client.diagnostics(URI, 0, (p) => p.version === 1);
    const before = await memoryUsage(client, { gc: false });
    const after = await memoryUsage(client, { gc: true });
    assert.equal(before.gc, false);
    assert.equal(after.gc, true);
    // The analysis and the requests themselves left garbage that only the collection removes.
    assert.ok(after.heap.usedBytes < before.heap.usedBytes, `live heap ${after.heap.usedBytes} < heap used ${before.heap.usedBytes}`);
  } finally {
    await client.stop();
  }
});
