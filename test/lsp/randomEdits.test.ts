// 1,000 random edits of kernel/sched/core.c from the real tree, sent to the built server over stdio
// as an editor would (incremental changes, half-typed code included): the server never crashes,
// answers requests throughout, and the final diagnostics match a fresh analysis of the final text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { prepareTree } from '../corpus/tree';
import { rng } from '../mutants';
import { TestClient } from './client';

const EDITS = 1000;
/** What a reviewer types: code, half statements, stray braces, comments, the tracked APIs. */
const SNIPPETS = ['mmgrab(mm);', 'mmdrop(', '}', '{', 'if (!mm)\n\t\treturn -ENOMEM;', '/* ', ' */', 'goto out;', 'mmput(mm);', '\n', '#ifdef CONFIG_SMP\n', '#endif\n', 'x', ';', '('];

function lineCol(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

test(`${EDITS} random edits of kernel/sched/core.c: no crash, requests answered, final diagnostics right`, async () => {
  const file = path.join(prepareTree(), 'kernel/sched/core.c');
  const uri = pathToFileURL(file).href;
  let text = fs.readFileSync(file, 'utf8');
  const client = await TestClient.start();
  try {
    await client.open(uri, text);
    const random = rng(0xc0de);
    let version = 1;
    for (let i = 0; i < EDITS; i++) {
      const start = Math.floor(random() * text.length);
      const deleting = random() < 0.4;
      const end = deleting ? Math.min(text.length, start + Math.floor(random() * 40)) : start;
      const insert = deleting ? '' : SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
      const range = { start: lineCol(text, start), end: lineCol(text, end) };
      text = text.slice(0, start) + insert + text.slice(end);
      version++;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
      // Every 50 edits, wait for that version's diagnostics, so half-typed states really get analysed
      // (otherwise the debounce folds the burst into one check); every 100, a request is answered.
      if (i % 50 === 49) await client.diagnostics(uri, 0, (p) => p.version === version);
      if (i % 100 === 99) await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: range.start });
    }
    const last = await client.diagnostics(uri, 0, (p) => p.version === version);
    assert.equal(client.server.exitCode, null, 'the server is still running');
    // The same text analysed fresh in another server gives the same diagnostics.
    const fresh = await TestClient.start();
    try {
      const freshUri = pathToFileURL(path.join(path.dirname(file), 'core-copy.c')).href;
      await fresh.open(freshUri, text);
      const expected = await fresh.diagnostics(freshUri);
      assert.deepEqual(last.diagnostics.map((d) => [d.code, d.range.start.line]), expected.diagnostics.map((d) => [d.code, d.range.start.line]));
    } finally {
      await fresh.stop();
    }
  } finally {
    await client.stop();
  }
});
