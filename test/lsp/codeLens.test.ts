// Code lenses over stdio: "Simulate this path" above each function whose paths touch mm lifetimes,
// with the path it replays; "N lazy-mm hazards" above each function with hazards, counting them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import type { SimulatePathArgs } from '../../server/src/lsp/extensionProtocol';
import { ROOT } from '../helpers';
import { TestClient } from './client';

test('bind_ctx() gets "Simulate this path" on its leak path and "1 lazy-mm hazard"; the clean unbind_ctx() only the simulation of its drop', async () => {
  const file = path.join(ROOT, 'examples', 'leak_on_error_path.c');
  const uri = pathToFileURL(file).href;
  const client = await TestClient.start();
  try {
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    await client.diagnostics(uri);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    // bind_ctx() starts on line 17 (0-based 16), unbind_ctx() on line 43 (0-based 42).
    assert.deepEqual(
      lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [16, 'Simulate this path', 'lazymm.simulatePath'],
        [16, '1 lazy-mm hazard', 'lazymm.showPaths'],
        [42, 'Simulate this path', 'lazymm.simulatePath'],
      ],
    );
    assert.deepEqual(lenses[1]!.command?.arguments, [uri, 'bind_ctx']);
    // The leak's path: mmgrab on line 22, ret == 0 at line 25, ret != 0 at line 29, the goto on
    // line 30 and the return on line 37 (1-based, as in the file).
    const leak = lenses[0]!.command?.arguments?.[0] as SimulatePathArgs;
    assert.equal(leak.uri, uri);
    assert.equal(leak.functionName, 'bind_ctx');
    assert.equal(leak.ruleId, 'LMM001');
    assert.deepEqual(leak.steps.map((s) => [s.kind, s.range.start.line + 1]), [['grab', 22], ['branch', 25], ['branch', 29], ['jump', 30], ['exit', 37]]);
    // unbind_ctx() drops the mm_count reference its caller handed over (line 47) and returns.
    const drop = lenses[2]!.command?.arguments?.[0] as SimulatePathArgs;
    assert.equal(drop.ruleId, undefined);
    assert.deepEqual(drop.steps.map((s) => [s.kind, s.range.start.line + 1]), [['drop', 47], ['exit', 48]]);
  } finally {
    await client.stop();
  }
});
