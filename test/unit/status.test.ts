// The status behind the status bar (server/src/lsp/status.ts): analysing while checks run, idle
// with the hazards of the open documents, error while a document's last check failed; one
// notification per change of state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver/node';
import type { StatusParams } from '../../server/src/lsp/extensionProtocol';
import { AnalysisStatus } from '../../server/src/lsp/status';

function recorder(): { sent: StatusParams[]; connection: Connection } {
  const sent: StatusParams[] = [];
  const connection = { sendNotification: (_method: string, params: StatusParams) => void sent.push(params) } as unknown as Connection;
  return { sent, connection };
}

test('analysing, idle with the total, error until the document checks again, closed documents forgotten', () => {
  const { sent, connection } = recorder();
  const status = new AnalysisStatus(connection);
  status.started('a');
  status.started('b');
  status.published('a', 2);
  status.published('b', 1);
  status.started('a');
  status.failed('a', new Error('boom'));
  status.started('a');
  status.published('a', 0);
  status.closed('b');
  assert.deepEqual(sent, [
    { state: 'analysing', hazards: 0, message: 'analysing 1 document' },
    { state: 'analysing', hazards: 0, message: 'analysing 2 documents' },
    { state: 'analysing', hazards: 2, message: 'analysing 1 document' },
    { state: 'idle', hazards: 3 },
    { state: 'analysing', hazards: 3, message: 'analysing 1 document' },
    { state: 'error', hazards: 3, message: 'analysis of a failed: boom (see the output channel)' },
    { state: 'analysing', hazards: 3, message: 'analysing 1 document' },
    { state: 'idle', hazards: 1 },
    { state: 'idle', hazards: 0 },
  ]);
});

test('a workspace scan shows as analysing with its progress', () => {
  const { sent, connection } = recorder();
  const status = new AnalysisStatus(connection);
  status.scanning('1/10 files');
  status.scanning('1/10 files');
  status.scanning(undefined);
  assert.deepEqual(sent, [
    { state: 'analysing', hazards: 0, message: 'analysing workspace scan: 1/10 files' },
    { state: 'idle', hazards: 0 },
  ]);
});
