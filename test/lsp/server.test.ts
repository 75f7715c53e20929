// The built language server over stdio, driven by a plain LSP client: no VS Code involved.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ROOT, SERVER } from '../helpers';

describe('language server over stdio', () => {
  let server: ChildProcess;
  let connection: ProtocolConnection;
  const published: PublishDiagnosticsParams[] = [];
  const waiters: Array<() => void> = [];

  /** Resolves with the first diagnostics for `uri` (at `version`, when given) published from now on or already. */
  function diagnosticsFor(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), 10_000);
      const look = () => {
        const hit = published.find((p) => p.uri === uri && (version === undefined || p.version === version));
        if (!hit) return false;
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      if (!look()) waiters.push(() => void look());
    });
  }

  before(async () => {
    server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push(p);
      for (const w of waiters.splice(0)) w();
    });
    connection.listen();
    const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {}, workspaceFolders: null });
    assert.equal(init.serverInfo?.name, 'lazymm');
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    connection.dispose();
    await new Promise((r) => server.once('exit', r));
  });

  const file = path.join(ROOT, 'examples', 'leak_on_error_path.c');
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');

  test('opening the leaking example publishes LMM001 on the leaking return, with the path as related information', async () => {
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'c', version: 1, text } });
    const { diagnostics } = await diagnosticsFor(uri, 1);
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d!.code, 'LMM001');
    assert.equal(d!.source, 'lazymm');
    assert.equal(d!.severity, 2); // Warning
    // `\treturn ret;` on line 37 (0-based 36), after the tab: columns 1 to 12.
    assert.deepEqual(d!.range, { start: { line: 36, character: 1 }, end: { line: 36, character: 12 } });
    // The engine's message, then the kernel configuration it holds for (findingsView.ts).
    assert.equal(d!.message, 'mm_count reference taken by mmgrab(mm) at line 22 is leaked: this path reaches the return without mmdrop() or a hand-over\nKernel configuration: default x86_64 config');
    assert.deepEqual(
      d!.relatedInformation!.map((r) => [r.location.uri === uri, r.location.range.start.line + 1, r.message]),
      [
        [true, 22, 'mm_count reference taken by mmgrab(mm)'],
        [true, 25, "assuming 'ret' is false"],
        [true, 29, "assuming 'ret' is true"],
        [true, 30, "jumps to 'err_free_pasid'"],
        [true, 37, 'returns here with the reference still held'],
      ],
    );
    assert.match(d!.codeDescription!.href, /^file:.*\/rules\/mm-ref-leak\.md$/);
    assert.ok(fs.existsSync(new URL(d!.codeDescription!.href)), 'the docs link points at a real file');
  });

  test('an incremental edit that adds the missing mmdrop clears the diagnostic', async () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l === 'err_free_pasid:') + 1; // the line after the label
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: '\tmmdrop(mm);\n' }],
    });
    const { diagnostics } = await diagnosticsFor(uri, 2);
    assert.deepEqual(diagnostics, []);
  });

  test('half-typed code does not take the server down: diagnostics keep coming', async () => {
    const half = 'static int f(struct mm_struct *mm)\n{\n\tmmget(mm);\n\tif (x) {\n\t\treturn -E';
    const huri = pathToFileURL(path.join(ROOT, 'examples', 'half.c')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: huri, languageId: 'c', version: 1, text: half } });
    const { diagnostics } = await diagnosticsFor(huri, 1);
    assert.ok(Array.isArray(diagnostics));
    assert.equal(server.exitCode, null, 'server still running');
  });
});
