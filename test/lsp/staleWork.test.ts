// Stale work is dropped: edits that arrive within the debounce are checked once, as the newest
// text; a result for a version that is no longer current is never published.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers';
import { TestClient } from './client';

test('three quick edits publish diagnostics for the last version only, and they describe the last text', async () => {
  const file = path.join(ROOT, 'examples', 'leak_on_error_path.c');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const client = await TestClient.start();
  try {
    await client.open(uri, text);
    await client.diagnostics(uri, 0, (p) => p.version === 1);
    const mark = client.mark();
    // v2 fixes the leak (mmdrop under the error label), v3 adds a blank line above it, v4 removes the fix again.
    const label = text.split('\n').indexOf('err_free_pasid:') + 1;
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    const edits = [
      { range: at(label), text: '\tmmdrop(mm);\n' },
      { range: at(0), text: '\n' },
      { range: { start: { line: label + 1, character: 0 }, end: { line: label + 2, character: 0 } }, text: '' },
    ];
    for (let i = 0; i < edits.length; i++) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [edits[i]!] });
    }
    const last = await client.diagnostics(uri, mark.published, (p) => p.version === 4);
    const published = client.published.slice(mark.published).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(published, [4], 'only the newest version was checked and published');
    // The leak is back, one line lower than in the file on disk (line 37 + the blank line).
    assert.deepEqual(last.diagnostics.map((d) => [d.code, d.range.start.line + 1]), [['LMM001', 38]]);
  } finally {
    await client.stop();
  }
});
