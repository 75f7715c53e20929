// What a multi-file `lazymm check` shares across files (helper summaries, dropped fields) and
// what --config changes, through the built command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, ROOT } from '../helpers';

function lazymm(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-ctx-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

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

describe('a scan of several files', () => {
  test('a helper in another file that puts its argument is understood as a release', () => {
    const alone = dirWith({ 'user.c': USER });
    const r1 = lazymm(['check', '--format', 'json', alone]);
    // Without the helper's file, the -EINVAL return (line 9) keeps the reference.
    assert.equal(r1.code, 1, r1.stderr);
    const lines = (JSON.parse(r1.stdout) as { files: Array<{ findings: Array<{ ruleId: string; range: { start: { line: number } } }> }> }).files[0]!.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
    assert.deepEqual(lines, ['LMM001@9']);
    const both = dirWith({ 'user.c': USER, 'helper.c': HELPER });
    const r2 = lazymm(['check', both]);
    assert.equal(r2.code, 0, r2.stdout + r2.stderr);
  });
});

describe('--config', () => {
  const SHOOTDOWN = `void cleanup_lazy(struct mm_struct *mm)
{
	if (!IS_ENABLED(CONFIG_MMU_LAZY_TLB_SHOOTDOWN))
		return;
	on_each_cpu_mask(mm_cpumask(mm), do_shoot_lazy_tlb, mm, 1);
}
`;

  test('the default configuration does not take the shootdown path; a .config that selects it does', () => {
    const dir = dirWith({ 'fork.c': SHOOTDOWN, 'config': 'CONFIG_SMP=y\nCONFIG_MMU_LAZY_TLB_SHOOTDOWN=y\n# CONFIG_MMU_LAZY_TLB_REFCOUNT is not set\n' });
    const file = path.join(dir, 'fork.c');
    const quiet = lazymm(['check', file]);
    assert.equal(quiet.code, 0, quiet.stdout);
    const config = path.join(dir, 'config');
    const r = lazymm(['check', '--config', config, '--format', 'json', file]);
    assert.equal(r.code, 1, r.stderr);
    const [finding] = (JSON.parse(r.stdout) as { files: Array<{ findings: Array<{ ruleId: string; config: string; range: { start: { line: number } } }> }> }).files[0]!.findings;
    assert.equal(finding!.ruleId, 'LMM007');
    assert.equal(finding!.range.start.line + 1, 5);
    assert.equal(finding!.config, `.config ${config}`);
  });

  test('a missing or foreign --config file: exit 2 with one line', () => {
    const missing = lazymm(['check', '--config', '/nonexistent/.config', 'examples']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "lazymm: cannot read kernel config '/nonexistent/.config': no such file or directory\n");
    const foreign = lazymm(['check', '--config', path.join(ROOT, 'package.json'), 'examples']);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /^lazymm: '.*package\.json' does not look like a kernel \.config \(no CONFIG_ lines\)\n$/);
  });
});
