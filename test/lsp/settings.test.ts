// lazymm.* settings through the real server over stdio: the client answers workspace/configuration
// with the test's settings and announces changes as VS Code does (didChangeConfiguration, then the
// server pulls). Also the configuration each diagnostic holds for, and the status notification.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers';
import { TestClient } from './client';

const LEAK = path.join(ROOT, 'examples', 'leak_on_error_path.c');
const leakUri = pathToFileURL(LEAK).href;
const leakText = fs.readFileSync(LEAK, 'utf8');
/** A diagnostic's message (LSP 3.18 allows markup; this server sends plain text) by line. */
const lines = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value).split('\n');

// Only a configuration with lazy TLB shootdown reaches the mm_cpumask walk (test/cli/scanContext.test.ts).
const SHOOTDOWN = `void cleanup_lazy(struct mm_struct *mm)
{
	if (!IS_ENABLED(CONFIG_MMU_LAZY_TLB_SHOOTDOWN))
		return;
	on_each_cpu_mask(mm_cpumask(mm), do_shoot_lazy_tlb, mm, 1);
}
`;

describe('settings', () => {
  let client: TestClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-lsp-settings-'));
  fs.writeFileSync(path.join(dir, 'shootdown.config'), 'CONFIG_SMP=y\nCONFIG_MMU_LAZY_TLB_SHOOTDOWN=y\n# CONFIG_MMU_LAZY_TLB_REFCOUNT is not set\n');
  const forkUri = pathToFileURL(path.join(dir, 'fork.c')).href;

  before(async () => {
    client = await TestClient.start({ folders: [dir], settings: {} });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the server asks for settings changes to be announced', async () => {
    await client.waitFor('a didChangeConfiguration registration', () => (client.registrations.includes('workspace/didChangeConfiguration') ? true : undefined));
  });

  test('a diagnostic says which kernel configuration it holds for, after the unchanged first line', async () => {
    const from = client.mark();
    await client.open(leakUri, leakText);
    const { diagnostics } = await client.diagnostics(leakUri, from.published);
    assert.equal(diagnostics.length, 1);
    assert.equal(lines(diagnostics[0]!)[0], 'mm_count reference taken by mmgrab(mm) at line 22 is leaked: this path reaches the return without mmdrop() or a hand-over');
    assert.equal(lines(diagnostics[0]!)[1], 'Kernel configuration: default x86_64 config');
    assert.equal(diagnostics[0]!.severity, 2);
  });

  test('the status goes from analysing to idle with the number of hazards', async () => {
    // The open above was analysed: its status went analysing -> idle with 1.
    const idle = await client.waitFor('idle status', () => [...client.statuses].reverse().find((s) => s.state === 'idle'));
    assert.equal(idle.hazards, 1);
    const from = client.mark();
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: leakUri, version: 2 }, contentChanges: [{ text: leakText }] });
    await client.diagnostics(leakUri, from.published, (p) => p.version === 2);
    const states = await client.waitFor('analysing then idle', () => {
      const seen = client.statuses.slice(from.statuses);
      return seen.some((s) => s.state === 'idle') ? seen : undefined;
    });
    assert.deepEqual(
      states.map((s) => [s.state, s.hazards]),
      [
        ['analysing', 1],
        ['idle', 1],
      ],
    );
    assert.match(states[0]!.message ?? '', /analysing 1 document/);
  });

  test('a severity override, then the rule turned off, change the published diagnostics', async () => {
    let from = client.mark();
    await client.changeSettings({ rules: { LMM001: 'error' } });
    const errors = await client.diagnostics(leakUri, from.published);
    assert.deepEqual(errors.diagnostics.map((d) => [d.code, d.severity]), [['LMM001', 1]]);

    from = client.mark();
    await client.changeSettings({ rules: { LMM001: 'off' } });
    assert.deepEqual((await client.diagnostics(leakUri, from.published)).diagnostics, []);
    // (The idle status of the previous change may arrive after its diagnostics, so look for the one that counts none.)
    await client.waitFor('idle with no hazards', () => client.statuses.slice(from.statuses).find((s) => s.state === 'idle' && s.hazards === 0));
    await client.changeSettings({});
    await client.diagnostics(leakUri, from.published, (p) => p.diagnostics.length === 1);
  });

  test('a kernelConfig that selects lazy TLB shootdown brings LMM007, and says so', async () => {
    let from = client.mark();
    await client.open(forkUri, SHOOTDOWN);
    assert.deepEqual((await client.diagnostics(forkUri, from.published)).diagnostics, []);

    from = client.mark();
    await client.changeSettings({ kernelConfig: 'shootdown.config' });
    const { diagnostics } = await client.diagnostics(forkUri, from.published);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line + 1]), [['LMM007', 5]]);
    assert.equal(lines(diagnostics[0]!)[1], `Kernel configuration: .config ${path.join(dir, 'shootdown.config')}`);
    assert.equal(client.messages.length, 0, 'a valid path is not reported');

    from = client.mark();
    await client.changeSettings({});
    assert.deepEqual((await client.diagnostics(forkUri, from.published)).diagnostics, []);
  });

  test('the kernel .config in force is read again when it changes on disk', async () => {
    const file = path.join(dir, 'changing.config');
    fs.writeFileSync(file, 'CONFIG_SMP=y\nCONFIG_MMU_LAZY_TLB_SHOOTDOWN=y\n');
    const execUri = pathToFileURL(path.join(dir, 'exec.c')).href;
    let from = client.mark();
    await client.open(execUri, SHOOTDOWN);
    await client.changeSettings({ kernelConfig: 'changing.config' });
    const { diagnostics } = await client.diagnostics(execUri, from.published, (p) => p.diagnostics.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line + 1]), [['LMM007', 5]]);
    // Shootdown configured out (same settings, new file contents): the early return is taken, no LMM007.
    from = client.mark();
    fs.writeFileSync(file, 'CONFIG_SMP=y\n# CONFIG_MMU_LAZY_TLB_SHOOTDOWN is not set\nCONFIG_MMU_LAZY_TLB_REFCOUNT=y\n');
    assert.deepEqual((await client.diagnostics(execUri, from.published, (p) => p.diagnostics.length === 0)).diagnostics, []);
    await client.changeSettings({});
  });

  test('invalid settings: one warning naming each setting and its fallback, the valid rest in force, the server alive', async () => {
    const from = client.mark();
    const invalid = { architecture: 'mips', kernelConfig: 'no/such/.config', rules: { LMM099: 'error', LMM001: 'error' }, ignore: 'not-an-array', bogus: true };
    await client.changeSettings(invalid);
    const [warning] = await client.waitFor('a showMessage', () => (client.messages.length > from.messages ? client.messages.slice(from.messages) : undefined));
    assert.equal(warning!.type, 2); // Warning
    for (const part of ['lazymm.architecture', 'using x86', 'lazymm.kernelConfig', 'using the default x86_64 config', "unknown rule ID 'LMM099'", 'lazymm.ignore', 'lazymm.bogus']) {
      assert.ok(warning!.message.includes(part), `the warning mentions ${part}: ${warning!.message}`);
    }
    // The valid override is in force: the leak is an error now.
    const { diagnostics } = await client.diagnostics(leakUri, from.published);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['LMM001', 1]]);

    // The same invalid settings again (another change elsewhere) do not repeat the warning, and
    // documents keep being analysed.
    await client.changeSettings({ ...invalid, rules: { LMM099: 'error', LMM001: 'info' } });
    const info = await client.diagnostics(leakUri, from.published, (p) => p.diagnostics[0]?.severity === 3);
    assert.equal(info.diagnostics.length, 1);
    const halfUri = pathToFileURL(path.join(dir, 'half.c')).href;
    await client.open(halfUri, 'static int f(struct mm_struct *mm)\n{\n\tmmget(mm);\n\tif (x) {\n\t\treturn -E');
    await client.diagnostics(halfUri, from.published);
    assert.equal(client.messages.length, from.messages + 1, 'one warning per change of the problems');
    assert.equal(client.server.exitCode, null, 'server still running');
  });

  test('ignored files publish no diagnostics', async () => {
    const from = client.mark();
    await client.changeSettings({ ignore: ['examples/**', '**/leak_on_*.c'] });
    assert.deepEqual((await client.diagnostics(leakUri, from.published)).diagnostics, []);
    await client.changeSettings({});
    await client.diagnostics(leakUri, from.published, (p) => p.diagnostics.length === 1);
  });
});

describe('settings from a client without workspace/configuration', () => {
  test('defaults, and settings pushed with didChangeConfiguration are used', async () => {
    const client = await TestClient.start({ editorLike: false });
    try {
      await client.open(leakUri, leakText);
      const first = await client.diagnostics(leakUri);
      assert.equal(first.diagnostics[0]?.severity, 2);
      const from = client.mark();
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { lazymm: { rules: { LMM001: 'info' } } } });
      const { diagnostics } = await client.diagnostics(leakUri, from.published);
      assert.equal(diagnostics[0]?.severity, 3);
    } finally {
      await client.stop();
    }
  });
});
