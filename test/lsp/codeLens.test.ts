// Code lenses over stdio: one above each function with hazards, counting them; none elsewhere.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers';
import { TestClient } from './client';

test('"1 lazy-mm hazard" above bind_ctx(), which leaks, and no lens above the clean unbind_ctx()', async () => {
  const file = path.join(ROOT, 'examples', 'leak_on_error_path.c');
  const uri = pathToFileURL(file).href;
  const client = await TestClient.start();
  try {
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    await client.diagnostics(uri);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    // bind_ctx() starts on line 17 (0-based 16); its lens opens the paths panel for that function.
    assert.deepEqual(
      lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [[16, '1 lazy-mm hazard', 'lazymm.showPaths', [uri, 'bind_ctx']]],
    );
  } finally {
    await client.stop();
  }
});
