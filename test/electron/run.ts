// `npm run test:electron`: the e2e scenarios in VS Code desktop, for machines that can download it
// (@vscode/test-electron fetches VS Code from Microsoft; offline, the code-server suite in test/e2e
// covers the same ground and more, and is the one `npm test` runs).
//
// The VSIX is packaged as in the code-server suite and installed into a fresh extensions dir, so
// the packaged extension is what runs; the test code itself is loaded through a tiny development
// extension that has no code of its own. Two runs: a trusted workspace (runTests, which always
// passes --disable-workspace-trust) and an untrusted one (VS Code launched the same way without
// that flag, with the startup trust prompt off, so the folder opens in Restricted Mode).
//
// Env: LAZYMM_VSCODE_VERSION ('stable' by default; e.g. 1.91.0, the oldest engines.vscode allows).
// On Linux without a display, run it under `xvfb-run -a`.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliPathFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { ROOT } from '../e2e/support/tools';
import { packageVsix } from '../e2e/support/vsix';
import { example, fixture, writeFiles } from '../e2e/support/workspace';

const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'git.openRepositoryInParentFolders': 'never',
};

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-electron-'));
  try {
    await runBoth(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function runBoth(tmp: string): Promise<void> {
  const suite = path.join(ROOT, 'out', 'electron', 'suite.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'suite', 'index.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], outfile: suite, logLevel: 'warning' });

  const vsix = packageVsix(tmp);
  const vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.LAZYMM_VSCODE_VERSION ?? 'stable');
  const extensions = path.join(tmp, 'extensions');
  const install = spawnSync(resolveCliPathFromVSCodeExecutablePath(vscodeExecutablePath), [`--extensions-dir=${extensions}`, `--user-data-dir=${path.join(tmp, 'cli-data')}`, '--install-extension', vsix], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`installing ${vsix} failed (exit ${install.status})`);

  // The development extension that only carries --extensionTestsPath.
  const harness = path.join(tmp, 'harness');
  fs.mkdirSync(harness);
  fs.writeFileSync(path.join(harness, 'package.json'), JSON.stringify({ name: 'lazymm-electron-tests', publisher: 'lazymm-tests', version: '0.0.0', engines: { vscode: '^1.91.0' } }));

  const profile = (name: string, settings: Record<string, unknown>) => {
    const dir = path.join(tmp, name);
    fs.mkdirSync(path.join(dir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }, null, 2));
    return [`--user-data-dir=${dir}`, `--extensions-dir=${extensions}`];
  };

  const trusted = path.join(tmp, 'workspace');
  writeFiles(trusted, {
    'leak_on_error_path.c': example('leak_on_error_path.c'),
    'context_switch.c': example('context_switch.c'),
    'release_twice.c': fixture('release_twice.c'),
    'fix/leak_on_error_path.c': example('leak_on_error_path.c'),
    'drivers/ctx/user.c': fixture('ctx_user.c'),
    'drivers/ctx/helper.c': fixture('ctx_helper.c'),
  });
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: harness,
    extensionTestsPath: suite,
    launchArgs: [trusted, ...profile('trusted-data', {})],
    extensionTestsEnv: { LAZYMM_ELECTRON_SUITE: 'trusted' },
  });

  const untrusted = path.join(tmp, 'untrusted-workspace');
  writeFiles(untrusted, { 'leak_on_error_path.c': example('leak_on_error_path.c') });
  const args = [
    untrusted,
    ...profile('untrusted-data', { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' }),
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    `--extensionDevelopmentPath=${harness}`,
    `--extensionTestsPath=${suite}`,
  ];
  const code = await new Promise<number | null>((resolve) => {
    const vscode = spawn(vscodeExecutablePath, args, { env: { ...process.env, LAZYMM_ELECTRON_SUITE: 'untrusted' }, stdio: 'inherit' });
    vscode.on('exit', (c) => resolve(c));
  });
  if (code !== 0) throw new Error(`the untrusted-workspace run failed (exit ${code})`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
