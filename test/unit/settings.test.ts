// `lazymm.*` settings validation (server/src/lsp/settingsSchema.ts) and ignore globs: every bad
// field falls back alone and is named in one sentence; nothing throws.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { globToRegExp } from '../../server/src/lsp/glob';
import { DEFAULT_SETTINGS, validateSettings } from '../../server/src/lsp/settingsSchema';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-settings-'));
fs.writeFileSync(path.join(dir, '.config'), 'CONFIG_SMP=y\nCONFIG_MMU_LAZY_TLB_SHOOTDOWN=y\n');
fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello\n');
const env = { workspaceFolders: [dir] };

describe('settings validation', () => {
  test('unset settings are the defaults, silently', () => {
    assert.deepEqual(validateSettings(null, env), { settings: DEFAULT_SETTINGS, problems: [] });
    const { settings, problems } = validateSettings({ architecture: 'x86', kernelConfig: '', rules: {}, ignore: [], trace: { server: 'off' } }, env);
    assert.deepEqual(problems, []);
    assert.equal(settings.kernelConfig, undefined);
  });

  test('valid settings are taken as given; a relative kernelConfig resolves against the workspace folder', () => {
    const { settings, problems } = validateSettings({ architecture: 'arm64', kernelConfig: '.config', rules: { LMM001: 'error', LMM007: 'off' }, ignore: ['**/tools/**'], trace: { server: 'verbose' } }, env);
    assert.deepEqual(problems, []);
    assert.equal(settings.architecture, 'arm64');
    assert.equal(settings.kernelConfig?.path, path.join(dir, '.config'));
    assert.equal(settings.kernelConfig?.config.label, `.config ${path.join(dir, '.config')}`);
    assert.equal(settings.kernelConfig?.config.enabled('CONFIG_MMU_LAZY_TLB_SHOOTDOWN'), true);
    assert.deepEqual([...settings.rules], [['LMM001', 'error'], ['LMM007', 'off']]);
    assert.equal(settings.ignore.ignores(path.join(dir, 'tools', 'perf', 'x.c'), [dir]), true);
    assert.equal(settings.ignore.ignores(path.join(dir, 'kernel', 'fork.c'), [dir]), false);
    assert.equal(settings.traceServer, 'verbose');
    assert.equal(validateSettings({ kernelConfig: '${workspaceFolder}/.config' }, env).settings.kernelConfig?.path, path.join(dir, '.config'));
  });

  test('each invalid field falls back on its own, with a sentence naming it and the fallback', () => {
    const { settings, problems } = validateSettings(
      { architecture: 'mips', kernelConfig: 'missing/.config', rules: { LMM099: 'error', LMM001: 'loud', LMM002: 'info' }, ignore: ['{a,b', 7, 'ok/**'], trace: { server: 'all' }, severity: 'x' },
      env,
    );
    assert.deepEqual(problems, [
      'lazymm.severity: unknown setting, ignored',
      "lazymm.architecture: 'mips' is not one of x86, x86-pv, arm64, powerpc-radix; using x86",
      "lazymm.rules: unknown rule ID 'LMM099' (known: LMM000 to LMM013), ignored",
      "lazymm.rules.LMM001: 'loud' is not one of error, warning, info, off; LMM001 keeps its own severity",
      "lazymm.ignore: unclosed '{' in '{a,b', skipped",
      'lazymm.ignore: 7 is not a glob pattern, skipped',
      "lazymm.trace.server: 'all' is not one of off, messages, verbose; using off",
      `lazymm.kernelConfig: cannot read kernel config '${path.join(dir, 'missing/.config')}': no such file or directory; using the default x86_64 config`,
    ]);
    assert.equal(settings.architecture, 'x86');
    assert.deepEqual([...settings.rules], [['LMM002', 'info']]);
    assert.deepEqual(settings.ignore.patterns, ['ok/**']);
    assert.equal(settings.kernelConfig, undefined);
  });

  test('wrong types and a file that is not a .config', () => {
    const { settings, problems } = validateSettings({ architecture: 3, kernelConfig: path.join(dir, 'notes.txt'), rules: ['LMM001'], ignore: '**/tools/**', trace: 'verbose' }, env);
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(problems[4]!, /^lazymm\.kernelConfig: '.*notes\.txt' does not look like a kernel \.config \(no CONFIG_ lines\); using the default x86_64 config$/);
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS });
    assert.deepEqual(validateSettings('x86', env).problems, ["lazymm: the settings are 'x86', not an object; using the defaults"]);
    assert.match(validateSettings({ kernelConfig: 'rel/.config' }, { workspaceFolders: [] }).problems[0]!, /relative and no workspace folder is open/);
  });
});

describe('ignore globs', () => {
  const matches = (glob: string, p: string) => globToRegExp(glob).test(p);
  test('as files.exclude reads them', () => {
    assert.ok(matches('**/tools/**', 'tools/perf/builtin.c'));
    assert.ok(matches('**/tools/**', 'a/b/tools/x.h'));
    assert.ok(!matches('**/tools/**', 'kernel/toolsy.c'));
    assert.ok(matches('drivers/*.c', 'drivers/a.c'));
    assert.ok(!matches('drivers/*.c', 'drivers/gpu/a.c'));
    assert.ok(matches('**/*.{h,S}', 'arch/x86/entry.S'));
    assert.ok(matches('arch/[!x]*/**', 'arch/arm64/mm/context.c'));
    assert.ok(!matches('arch/[!x]*/**', 'arch/x86/mm/tlb.c'));
    assert.ok(matches('file?.c', 'file1.c'));
    assert.ok(matches('a+b(c).c', 'a+b(c).c'));
  });
});
