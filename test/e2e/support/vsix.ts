// Packages the extension as `npm run package` does (vsce 3, the flags of package.json's "package"
// script, the same .vscodeignore) from the current dist/, without rebuilding it. vsce matches
// .vscodeignore against every file under the folder it packages, and in a working copy that
// includes node_modules/ and the unpacked kernel in .cache/ (~75,000 files, ~30 s of glob
// matching); so the repository is staged first without those folders, which the allow-list leaves
// out anyway (--no-dependencies), and vsce runs there (~1 s).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './tools';

/** Top-level entries never packaged: dependencies, caches, build info, git, earlier packages. */
const NOT_STAGED = new Set(['node_modules', '.cache', '.git', 'out', '.vscode-test']);

/**
 * The extension to package: this repository, or LAZYMM_E2E_EXTENSION (another built checkout, e.g.
 * to try the suite against a known-good build while dist/ here is being rebuilt).
 */
const SOURCE = process.env.LAZYMM_E2E_EXTENSION ? path.resolve(process.env.LAZYMM_E2E_EXTENSION) : ROOT;

/** The flags of `vsce package` in package.json's "package" script, without its --out. */
function packageFlags(dir: string): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.package ?? '';
  const args = /\bvsce\s+package\b([^&|;]*)/.exec(script)?.[1]?.trim().split(/\s+/).filter(Boolean);
  if (!args) throw new Error(`package.json's "package" script does not run \`vsce package\`: ${JSON.stringify(script)}`);
  const out = args.indexOf('--out');
  if (out >= 0) args.splice(out, 2);
  return args.filter((a) => !a.startsWith('--out=') && a !== '-o');
}

/** Writes `<outDir>/lazymm.vsix` and returns its path. */
export function packageVsix(outDir: string): string {
  const dist = path.join(SOURCE, 'dist', 'client.js');
  if (!fs.existsSync(dist)) throw new Error('dist/client.js is missing: run `npm run build` (npm test does) before the e2e suite');
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-vsix-'));
  try {
    return packageFrom(stage, path.join(outDir, 'lazymm.vsix'));
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function packageFrom(stage: string, vsix: string): string {
  for (const entry of fs.readdirSync(SOURCE)) {
    if (NOT_STAGED.has(entry) || entry.endsWith('.vsix')) continue;
    fs.cpSync(path.join(SOURCE, entry), path.join(stage, entry), { recursive: true });
  }
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  try {
    execFileSync(process.execPath, [vsce, 'package', ...packageFlags(stage), '--out', vsix], { cwd: stage, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    throw new Error(`vsce package failed (so would \`npm run package\`):\n${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
  if (!fs.existsSync(vsix)) throw new Error(`vsce did not write ${vsix}`);
  return vsix;
}
