// The untrusted-workspace scenario of the code-server suite through the VS Code API: in Restricted
// Mode lazymm activates and reports as usual (it declares untrustedWorkspaces: supported).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { poll } from '../../e2e/support/poll';
import type { Scenario } from './harness';
import { diagnosticsOf, open, workspaceUri } from './vscodeUtil';

export const untrustedScenarios: Scenario[] = [
  [
    'the workspace is not trusted, and lazymm activates and reports there',
    async () => {
      assert.equal(vscode.workspace.isTrusted, false, 'the runner opened the folder in Restricted Mode');
      await open('leak_on_error_path.c');
      const ext = vscode.extensions.getExtension('lazymm.lazymm');
      assert.ok(ext);
      await poll('lazymm to activate', () => ext.isActive);
      assert.deepEqual(await diagnosticsOf(workspaceUri('leak_on_error_path.c'), 1), ['LMM001@37']);
    },
  ],
];
