// The check every e2e file ends with: nothing went wrong that the screen might not show. The
// browser console (the workbench and every webview in it) has no error but code-server's known
// 404s, and the extension host logged no error from or about lazymm.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Workbench } from './workbench';

export function assertNoErrors(wb: Workbench): void {
  assert.deepEqual(wb.errors, [], "browser console errors (code-server's vsda 404s are already left out)");
  const logs = wb.extensionHostLogs();
  assert.ok(
    logs.some((l) => /ExtensionService#_doActivateExtension lazymm\.lazymm\b/.test(l.text)),
    'the extension host log shows lazymm activated',
  );
  const errors: string[] = [];
  for (const { file, text } of logs) {
    const ours = path.basename(path.dirname(file)) === 'lazymm.lazymm';
    // One entry per timestamped line, with the stack lines that follow it.
    for (const entry of text.split(/\n(?=\d{4}-\d\d-\d\d )/)) {
      if (/^\S+ \S+ \[error\]/.test(entry) && (ours || /lazymm/i.test(entry))) errors.push(`${path.basename(file)}: ${entry}`);
    }
  }
  assert.deepEqual(errors, [], 'errors logged by or about lazymm in the extension host');
}
