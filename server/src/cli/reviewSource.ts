// Where `lazymm review` gets its text: the patch (a file, standard input, or `git format-patch` of a
// revision range) and the files the patch applies to (a directory given with --tree, or the range's
// base revision in the git repository). A missing git or a bad range is a one-line UsageError.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSource } from '../input';
import type { ReadOutcome } from '../review/review';
import { describe, UsageError } from './files';

export interface PatchSource {
  /** The patch or mbox text. */
  text: string;
  /** How to read a file as it was before the first patch; undefined: reconstruct from the hunks. */
  readFile?: (file: string) => ReadOutcome;
  /** Said on stderr, e.g. which revision the pre-images come from. */
  notes: string[];
}

/** `A..B` or a single revision (meaning `A..HEAD`), with nothing git would read as an option. */
const RANGE = /^[^\s-][^\s]*$/;

function readPatchFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read '${file}': ${describe(e)}`);
  }
  // Patches are text; a NUL byte means this is not one (a binary diff inside a patch is base85 text).
  if (bytes.subarray(0, 8192).includes(0)) throw new UsageError(`'${file}' is a binary file, not a patch or mbox`);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Files under a directory; a path that would leave it (`../`) is refused. */
export function treeReader(tree: string): (file: string) => ReadOutcome {
  const root = path.resolve(tree);
  return (file) => {
    const abs = path.resolve(root, file);
    if (abs !== root && !abs.startsWith(root + path.sep)) return { ok: false, missing: false, reason: `'${file}' is outside the tree` };
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', reason: `cannot read ${path.join(tree, file)}: ${describe(e)}` };
    }
    const d = decodeSource(bytes);
    return d.ok ? { ok: true, text: d.text } : { ok: false, missing: false, reason: d.reason };
  };
}

function git(repo: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? 'git is not installed (needed to review a revision range)' : `cannot run git: ${r.error.message}`);
  }
  return { status: r.status ?? 2, stdout: r.stdout, stderr: r.stderr };
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no reason given';
}

function verify(repo: string, rev: string, range: string): string {
  const r = git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (r.status !== 0) throw new UsageError(range.includes('..') ? `bad revision range '${range}': '${rev}' is not a commit in ${repo}` : `cannot access '${range}': no such file, and not a commit in ${repo}`);
  return r.stdout.trim();
}

/** Files as they are at revision `rev` of the repository (`git show rev:path`). */
function revisionReader(repo: string, rev: string): (file: string) => ReadOutcome {
  return (file) => {
    const r = spawnSync('git', ['-C', repo, 'show', `${rev}:${file}`], { maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) return { ok: false, missing: true, reason: `not in ${rev.slice(0, 12)}` };
    const d = decodeSource(r.stdout);
    return d.ok ? { ok: true, text: d.text } : { ok: false, missing: false, reason: d.reason };
  };
}

/** `git format-patch --stdout A..B` in the repository, with pre-images read at A's merge base with B. */
function gitRange(range: string, repo: string): PatchSource {
  if (range.includes('...')) throw new UsageError(`bad revision range '${range}': use A..B (the patches of B since A), not A...B`);
  const probe = git(repo, ['rev-parse', '--git-dir']);
  if (probe.status !== 0) throw new UsageError(`cannot review '${range}': it is not a file, and ${repo} is not a git repository`);
  const [fromRev, toRev = 'HEAD'] = range.includes('..') ? range.split('..') : [range];
  const from = verify(repo, fromRev || 'HEAD', range);
  const to = verify(repo, toRev || 'HEAD', range);
  const base = git(repo, ['merge-base', from, to]);
  if (base.status !== 0) throw new UsageError(`bad revision range '${range}': ${firstLine(base.stderr) || 'no common ancestor'}`);
  const baseRev = base.stdout.trim();
  const patches = git(repo, ['format-patch', '--stdout', '-M', '--no-signature', `${from}..${to}`]);
  if (patches.status !== 0) throw new UsageError(`git format-patch ${range} failed: ${firstLine(patches.stderr)}`);
  const readFile = revisionReader(repo, baseRev);
  return { text: patches.stdout, readFile, notes: [`files before the series read from ${baseRev.slice(0, 12)} (the base of ${range})`] };
}

/**
 * The working tree's changes since `rev` (`git diff -M rev`: committed, staged and unstaged alike),
 * with the files before them read at `rev`: "what does my branch change", before committing it.
 */
export function workingTreeChanges(rev: string, repo: string): PatchSource {
  const probe = git(repo, ['rev-parse', '--git-dir']);
  if (probe.status !== 0) throw new UsageError(`cannot review the working tree: ${repo} is not a git repository`);
  if (!RANGE.test(rev) || rev.includes('..')) throw new UsageError(`'${rev}' is not a revision (give one commit, e.g. origin/master)`);
  const baseRev = verify(repo, rev, rev);
  const diff = git(repo, ['diff', '-M', '--no-color', '--no-ext-diff', baseRev, '--']);
  if (diff.status !== 0) throw new UsageError(`git diff ${rev} failed: ${firstLine(diff.stderr)}`);
  const readFile = revisionReader(repo, baseRev);
  return { text: diff.stdout, readFile, notes: [`the working tree compared with ${rev} (${baseRev.slice(0, 12)})`] };
}

export function loadPatchSource(input: string, tree: string | undefined): PatchSource {
  if (tree !== undefined) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(tree);
    } catch (e) {
      throw new UsageError(`cannot access tree '${tree}': ${describe(e)}`);
    }
    if (!stat.isDirectory()) throw new UsageError(`tree '${tree}' is not a directory`);
  }
  const isFile = input === '-' || fs.existsSync(input);
  if (isFile) {
    const text = readPatchFile(input);
    return tree === undefined ? { text, notes: [] } : { text, readFile: treeReader(tree), notes: [] };
  }
  if (!RANGE.test(input) || /\.(patch|diff|mbox|mbx|eml|txt)$/.test(input)) throw new UsageError(`cannot access '${input}': no such file or directory`);
  return gitRange(input, tree ?? '.');
}
