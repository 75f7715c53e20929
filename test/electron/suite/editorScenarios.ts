// The code-server suite's scenarios (test/e2e/) through the VS Code API, in a trusted workspace the
// runner prepared (test/electron/run.ts): activation of the installed VSIX, diagnostics with rule
// IDs and paths, hover, code lenses and the simulator panel, the workspace scan, a quick fix. What
// only a browser sees (the webview's contents, squiggles, the Problems panel's rows) stays with the
// code-server suite.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { poll } from '../../e2e/support/poll';
import type { Scenario } from './harness';
import { codeOf, diagnosticsOf, lazymmDiagnostics, lenses, open, workspaceUri } from './vscodeUtil';

const LEAK = 'leak_on_error_path.c';
const FIX = 'fix/leak_on_error_path.c';

export const editorScenarios: Scenario[] = [
  [
    'opening a C file activates the lazymm installed from the VSIX',
    async () => {
      const ext = vscode.extensions.getExtension('lazymm.lazymm');
      assert.ok(ext, 'lazymm.lazymm is installed');
      assert.match(ext.extensionPath, /lazymm\.lazymm-\d+\.\d+\.\d+$/, 'the packaged copy, not a development folder');
      await open(LEAK);
      await poll('lazymm to activate', () => ext.isActive);
    },
  ],
  [
    'diagnostics: LMM001 on line 37 with its path, LMM002 as an error, nothing on correct code',
    async () => {
      const leak = workspaceUri(LEAK);
      assert.deepEqual(await diagnosticsOf(leak, 1), ['LMM001@37']);
      const [d] = lazymmDiagnostics(leak);
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d!.message.split('\n')[0], 'mm_count reference taken by mmgrab(mm) at line 22 is leaked: this path reaches the return without mmdrop() or a hand-over');
      assert.deepEqual((d!.relatedInformation ?? []).map((r) => r.location.range.start.line + 1), [22, 25, 29, 30, 37]);

      await open('release_twice.c');
      const twice = workspaceUri('release_twice.c');
      assert.deepEqual(await diagnosticsOf(twice, 1), ['LMM002@14']);
      assert.equal(lazymmDiagnostics(twice)[0]!.severity, vscode.DiagnosticSeverity.Error);

      await open('context_switch.c');
      const clean = workspaceUri('context_switch.c');
      await lenses(clean); // analysed
      assert.deepEqual(lazymmDiagnostics(clean), []);
    },
  ],
  [
    'hover on mmgrab: the count, what it keeps alive, its pair, what is held there',
    async () => {
      const leak = workspaceUri(LEAK);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', leak, new vscode.Position(21, 2));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.ok(text.includes('`mmgrab` (lazymm): takes an mm\\_count reference'), text);
      assert.ok(text.includes('- Give it back with: `mmdrop()`'), text);
      assert.ok(text.includes('**At this point** (on entry to line 22): no mm reference held here.'), text);
    },
  ],
  [
    'the "Simulate this path" lens opens the simulator panel',
    async () => {
      const leak = workspaceUri(LEAK);
      const titles = (await lenses(leak)).map((l) => l.command?.title);
      assert.deepEqual(titles.slice(0, 2), ['Simulate this path', '1 lazy-mm hazard']);
      const simulate = (await lenses(leak)).find((l) => l.command?.title === 'Simulate this path')!.command!;
      await vscode.commands.executeCommand(simulate.command, ...(simulate.arguments ?? []));
      const tab = await poll('the simulator tab', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('lazymm.simulator')),
      );
      assert.equal(tab.label, 'lazymm: simulate bind_ctx');
    },
  ],
  [
    'the workspace scan fills the diagnostics of files that are not open',
    async () => {
      const summary = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('lazymm.scanWorkspace');
      // Six C files; leak_on_error_path.c, its copy and release_twice.c have findings; ctx_user.c
      // hands its mm to the helper of ctx_helper.c, which puts it.
      assert.deepEqual(summary, { files: 6, findings: 3, cancelled: false });
      assert.deepEqual(await diagnosticsOf(workspaceUri(FIX), 1), ['LMM001@37']);
      assert.deepEqual(lazymmDiagnostics(workspaceUri('drivers/ctx/user.c')).map(codeOf), []);
    },
  ],
  [
    'the preferred quick fix inserts mmdrop(mm) and the diagnostic goes away',
    async () => {
      const editor = await open(FIX);
      const uri = editor.document.uri;
      const [d] = await poll('the diagnostic', () => lazymmDiagnostics(uri).length === 1 && lazymmDiagnostics(uri));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d!.range, vscode.CodeActionKind.QuickFix.value);
      const quick = actions.filter((a) => a.kind?.value === 'quickfix');
      assert.deepEqual(quick.map((a) => [a.title, a.isPreferred === true]), [
        ['Add mmdrop(mm) before the return', true],
        ['Suppress LMM001 here', false],
      ]);
      assert.ok(await vscode.workspace.applyEdit(quick[0]!.edit!));
      await poll('the diagnostic to go', () => lazymmDiagnostics(uri).length === 0);
      assert.ok(editor.document.getText().includes('err_free_pasid:\n\tfree_pasid(ctx->pasid);\n\tmmdrop(mm);\n\treturn ret;\n'));
      assert.ok(await editor.document.save());
    },
  ],
];
