// `lazymm.server.reviewPatch` through the real server over stdio: a patch file in the workspace
// reviewed against the workspace folder, a git range, and bad arguments answered with InvalidParams.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ErrorCodes, ExecuteCommandRequest, ResponseError } from 'vscode-languageserver-protocol/node';
import { REVIEW_PATCH_COMMAND, type ReviewPatchResult } from '../../server/src/lsp/extensionProtocol';
import { ACCEL_C, LEAK_PATCH, LEAKY_ACCEL_C } from '../unit/review/fixtures';
import { TestClient } from './client';

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=Jane Developer', '-c', 'user.email=jane@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe('reviewPatch command', () => {
  // A kernel-like workspace: the driver as it was, committed, then the leaking change committed on top.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-lsp-review-'));
  const file = path.join(dir, 'drivers', 'misc', 'accel.c');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, ACCEL_C);
  fs.writeFileSync(path.join(dir, 'leak.patch'), LEAK_PATCH);
  git(dir, 'init', '-q');
  git(dir, 'add', 'drivers');
  git(dir, 'commit', '-qm', 'misc: accel: a driver');
  const base = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(file, LEAKY_ACCEL_C);
  git(dir, 'commit', '-qam', 'misc: accel: register an mmu notifier on bind');
  // The working tree goes back to the text the patch file applies to.
  fs.writeFileSync(file, ACCEL_C);

  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: unknown) => client.connection.sendRequest(ExecuteCommandRequest.type, { command: REVIEW_PATCH_COMMAND, arguments: [args] }) as Promise<ReviewPatchResult>;

  test('is offered as a server command', () => {
    assert.ok(client.initialize.capabilities.executeCommandProvider?.commands.includes(REVIEW_PATCH_COMMAND));
  });

  test('a patch file relative to the workspace: reviewed against the workspace folder, as plain JSON', async () => {
    const r = await run('leak.patch');
    assert.equal(r.basis, 'tree');
    assert.equal(r.root, dir);
    const [p] = r.patches;
    assert.equal(p!.subject, '[PATCH] misc: accel: register an mmu notifier on bind');
    // The added `return ret;` is line 30 (0-based 29), the mmgrab line 15 (fixtures.ts).
    assert.deepEqual(
      p!.files[0]!.findings.map((c) => [c.state, c.image, c.finding.ruleId, c.finding.range.start.line, c.finding.path[0]!.range.start.line]),
      [['new', 'after', 'LMM001', 29, 14]],
    );
    assert.deepEqual(p!.counts, { new: 1, fixed: 0, preExisting: 0 });
    assert.equal(p!.simulation[0]!.functionName, 'bind_ctx');
    assert.ok(p!.simulation[0]!.cells.every((c) => c.changed && c.after?.safe === false));
    assert.match(p!.reply ?? '', /^Subject: Re: \[PATCH\] misc: accel: register an mmu notifier on bind\n/);
    assert.equal('images' in p!.files[0]!, false);
  });

  test('a git range {base, root}: the commit reviewed against its parent', async () => {
    const r = await run({ base, root: dir, simulate: false });
    assert.deepEqual(r.patches.map((p) => [p.subject, p.counts.new]), [['[PATCH] misc: accel: register an mmu notifier on bind', 1]]);
    assert.deepEqual(r.patches[0]!.simulation, []);
  });

  test('the working tree {base, workingTree, root}: its uncommitted changes since base, reviewed against base', async () => {
    // HEAD has the leak; the working tree took it out again (above): the change fixes it.
    const r = await run({ base: 'HEAD', workingTree: true, root: dir, simulate: false });
    assert.equal(r.root, dir);
    assert.deepEqual(r.counts, { new: 0, fixed: 1, preExisting: 0 });
    // A fixed finding is in the text before the change: the leaking return, line 30 (0-based 29).
    const [c] = r.patches[0]!.files[0]!.findings;
    assert.deepEqual([c!.state, c!.image, c!.finding.ruleId, c!.finding.range.start.line], ['fixed', 'before', 'LMM001', 29]);
  });

  test('bad arguments, a missing file and a bad range: InvalidParams with the reason', async () => {
    for (const [args, message] of [
      [42, 'lazymm: reviewPatch takes a patch file path, {patch, tree?}, {base, head?, root} or {base, workingTree: true, root}'],
      [{ patch: 'missing.patch' }, "lazymm: cannot access 'missing.patch': no such file"],
      [{ base: 'nope', root: dir }, `lazymm: bad revision range 'nope..HEAD': 'nope' is not a commit in ${dir}`],
    ] as const) {
      await assert.rejects(run(args), (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && e.message === message);
    }
  });
});
