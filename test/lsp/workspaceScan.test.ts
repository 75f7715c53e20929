// The workspace scan through the real server over stdio: progress on the client's token or on one
// the server creates, diagnostics for every scanned file, lazymm.ignore and skipped directories,
// helpers shared across files, cancellation between files, and other requests served meanwhile.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ExecuteCommandRequest, WorkDoneProgressCancelNotification } from 'vscode-languageserver-protocol/node';
import { SCAN_WORKSPACE_COMMAND, type ScanSummary } from '../../server/src/lsp/extensionProtocol';
import { ROOT } from '../helpers';
import { TestClient, type ProgressValue } from './client';

const LEAK = fs.readFileSync(path.join(ROOT, 'examples', 'leak_on_error_path.c'), 'utf8');
// Leaks on -EINVAL unless the helper of the other file is known to put its argument (test/cli/scanContext.test.ts).
const USER = `int ctx_attach(struct ctx *ctx)
{
	struct mm_struct *mm = get_task_mm(ctx->task);

	if (!mm)
		return -ESRCH;
	if (!ctx->enabled) {
		ctx_release_mm(ctx, mm);
		return -EINVAL;
	}
	ctx_install(ctx, mm);
	mmput(mm);
	return 0;
}
`;
const HELPER = `void ctx_release_mm(struct ctx *ctx, struct mm_struct *mm)
{
	ctx->busy = false;
	mmput(mm);
}
`;

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-scan-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const uriOf = (dir: string, name: string) => pathToFileURL(path.join(dir, name)).href;
const scan = (client: TestClient, workDoneToken?: string, cancel?: CancellationTokenSource) =>
  client.connection.sendRequest(ExecuteCommandRequest.type, { command: SCAN_WORKSPACE_COMMAND, arguments: [], ...(workDoneToken ? { workDoneToken } : {}) }, cancel?.token) as Promise<ScanSummary>;

describe('workspace scan', () => {
  const dir = tree({
    'mm/leak.c': LEAK,
    'drivers/user.c': USER,
    'drivers/helper.c': HELPER,
    'include/clean.h': 'static inline int two(void) { return 2; }\n',
    'tools/perf/leak.c': LEAK,
    'node_modules/x/leak.c': LEAK,
    '.git/leak.c': LEAK,
    'README': 'not C\n',
  });
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ folders: [dir], settings: { ignore: ['**/tools/**'] } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('is offered as a server command', () => {
    assert.ok(client.initialize.capabilities.executeCommandProvider?.commands.includes(SCAN_WORKSPACE_COMMAND));
  });

  test('reports begin, n/total reports and an end with the summary, and publishes diagnostics for every scanned file', async () => {
    const from = client.mark();
    const progress = client.watchProgress('scan-1');
    const summary = await scan(client, 'scan-1');
    assert.deepEqual(summary, { files: 4, findings: 1, cancelled: false });

    const begin = progress[0]!;
    assert.equal(begin.kind, 'begin');
    assert.equal(begin.kind === 'begin' && begin.title, 'lazymm: scanning');
    assert.equal(begin.kind === 'begin' && begin.cancellable, true);
    const reports = progress.filter((p) => p.kind === 'report').map((p) => [p.message, p.percentage]);
    assert.deepEqual(reports.at(-1), ['4/4 files', 100]);
    assert.ok(reports.some(([m]) => m === '1/4 files'), JSON.stringify(reports));
    const end = await client.waitFor('the end of the progress', () => progress.find((p): p is Extract<ProgressValue, { kind: 'end' }> => p.kind === 'end'));
    assert.equal(end.message, '4 files scanned: 1 lazy-mm hazard');

    const published = new Map(client.published.slice(from.published).map((p) => [p.uri, p.diagnostics]));
    assert.deepEqual(
      [...published.keys()].sort(),
      ['drivers/helper.c', 'drivers/user.c', 'include/clean.h', 'mm/leak.c'].map((f) => uriOf(dir, f)).sort(),
      'ignored, .git and node_modules files are not scanned',
    );
    assert.deepEqual(published.get(uriOf(dir, 'mm/leak.c'))!.map((d) => [d.code, d.range.start.line + 1]), [['LMM001', 37]]);
    // The helper in the other file puts the reference: no leak in user.c.
    assert.deepEqual(published.get(uriOf(dir, 'drivers/user.c')), []);
    // The status bar showed the scan, then went back to idle.
    assert.ok(client.statuses.slice(from.statuses).some((s) => s.state === 'analysing' && /workspace scan: \d+\/4 files/.test(s.message ?? '')));
    await client.waitFor('idle after the scan', () => client.statuses.slice(from.statuses).find((s) => s.state === 'idle'));
  });

  test('an open document is checked with what the scan learnt about the other files', async () => {
    // Opened before any scan: ctx_release_mm() of helper.c is unknown, so the mm_users reference
    // from get_task_mm() on line 3 leaks at `return -EINVAL;` on line 9.
    const fresh = await TestClient.start({ folders: [dir], settings: { ignore: ['**/tools/**'] } });
    try {
      const uri = uriOf(dir, 'drivers/user.c');
      await fresh.open(uri, USER);
      const { diagnostics } = await fresh.diagnostics(uri);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line + 1]), [['LMM001', 9]]);
      // After a scan, the helper's summary is known: the document is checked again, clean.
      const from = fresh.mark();
      await scan(fresh);
      const again = await fresh.diagnostics(uri, from.published, (p) => p.version !== undefined);
      assert.deepEqual(again.diagnostics, []);
    } finally {
      await fresh.stop();
    }
  });

  test('closing a scanned file that was open puts back the scan\'s problems for it', async () => {
    const uri = uriOf(dir, 'mm/leak.c');
    let from = client.mark();
    // Opened with the leak fixed in the editor (not saved): the editor's analysis wins.
    await client.open(uri, LEAK.replace('\treturn ret;\nerr_drop:', '\tmmdrop(mm);\n\treturn ret;\nerr_drop:'));
    const edited = await client.diagnostics(uri, from.published, (p) => p.version !== undefined);
    assert.deepEqual(edited.diagnostics, []);
    from = client.mark();
    await client.close(uri);
    // Closed: the file on disk still leaks at line 37, as the scan said.
    const closed = await client.diagnostics(uri, from.published, (p) => p.diagnostics.length > 0);
    assert.deepEqual(closed.diagnostics.map((d) => [d.code, d.range.start.line + 1]), [['LMM001', 37]]);
  });

  test('settings changed after a scan re-publish its files under them', async () => {
    const from = client.mark();
    await client.changeSettings({ ignore: ['**/tools/**'], rules: { LMM001: 'error' } });
    const { diagnostics } = await client.diagnostics(uriOf(dir, 'mm/leak.c'), from.published);
    assert.deepEqual(diagnostics.map((d) => d.severity), [1]);
  });
});

describe('a long workspace scan', () => {
  const copies: Record<string, string> = {};
  for (let i = 0; i < 400; i++) copies[`mm/leak${String(i).padStart(4, '0')}.c`] = LEAK;
  const dir = tree(copies);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ folders: [dir], settings: {} });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('is cancelled between files by cancelling the request, and serves other requests meanwhile', async () => {
    const progress = client.watchProgress('scan-cancel');
    const cancel = new CancellationTokenSource();
    const running = scan(client, 'scan-cancel', cancel);
    await client.waitFor('a few files scanned', () => (progress.some((p) => p.kind === 'report' && /^[1-9]\d*\/400 files$/.test(p.message ?? '')) ? true : undefined));

    // An edit while the scan runs is analysed and published before the scan ends.
    const openUri = pathToFileURL(path.join(dir, 'open.c')).href;
    const from = client.mark();
    await client.open(openUri, LEAK);
    await client.diagnostics(openUri, from.published);
    assert.equal(progress.some((p) => p.kind === 'end'), false, 'the scan was still running');

    cancel.cancel();
    const summary = await running;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files > 0 && summary.files < 400, `stopped after ${summary.files} files`);
    const end = await client.waitFor('the end of the progress', () => progress.find((p) => p.kind === 'end'));
    assert.match(end.kind === 'end' ? (end.message ?? '') : '', /^cancelled after \d+\/400 files: \d+ lazy-mm hazards so far$/);
  });

  test('without a client token, the server creates the progress, and its cancel button stops the scan', async () => {
    const before = new Set(client.progress.keys());
    const running = scan(client);
    const token = await client.waitFor('a server-created progress', () => [...client.progress.keys()].find((t) => !before.has(t)));
    const progress = client.progress.get(token)!;
    await client.waitFor('a first report', () => (progress.some((p) => p.kind === 'report' && /\/400 files$/.test(p.message ?? '')) ? true : undefined));
    await client.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
    const summary = await running;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files < 400);
    assert.equal(progress[0]?.kind === 'begin' && progress[0].title, 'lazymm: scanning');
    await client.waitFor('the end of the progress', () => progress.find((p) => p.kind === 'end'));
  });
});
