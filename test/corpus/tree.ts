// The real-kernel corpus: unpacked by scripts/corpus.sh into the ignored .cache/, and the files in
// it that mention the tracked APIs. Shared by the corpus test, its update script and the bench.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RELEVANT } from '../../server/src/analysis/fileAnalysis';

const ROOT = path.resolve(__dirname, '..', '..');
export const CORPUS_SCRIPT = path.join(ROOT, 'scripts', 'corpus.sh');

/**
 * The analysis's own relevance test (fileAnalysis.ts RELEVANT): a file it does not match (and that
 * holds no `lazymm:` comment, which no kernel file does) can produce no finding (engine.ts
 * mayHaveFindings). The mm APIs, the task lookups and walks that lead to another task's mm, and
 * assignments to `->mm`.
 */
export const TRACKED_API = RELEVANT.source;
/** The same for ripgrep: `(?-u)` makes its `\w` and `\b` ASCII, as JavaScript's are. */
export const TRACKED_API_RG = `(?-u)${TRACKED_API}`;
/**
 * The mm API names alone, as plain words: ripgrep's fastest search through the tree (its literal
 * prefilter; TRACKED_API_RG's word boundaries and `->mm\s*=` take it several times longer), so the
 * bench's floor for reading the whole tree. It lists only some of the files TRACKED_API does.
 */
export const API_NAMES = 'mmgrab|mmdrop|active_mm|mm_cpumask|kthread_use_mm|kthread_unuse_mm|mmget|mmput|get_task_mm|mm_access|tlb_gather_mmu|inc_tlb_flush_pending';

/** Unpacks the tree if needed (seconds the first time, instant after) and returns its path; throws scripts/corpus.sh's one-line reason. */
export function prepareTree(): string {
  const r = spawnSync(CORPUS_SCRIPT, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(r.stderr.trim() || `${CORPUS_SCRIPT} failed (${r.error?.message ?? `exit ${r.status}`})`);
  return r.stdout.trim();
}

/** The kernel version from the tree's top Makefile, e.g. 6.12.117: the expected findings' line numbers hold for one version. */
export function kernelVersion(tree: string): string {
  const make = fs.readFileSync(path.join(tree, 'Makefile'), 'utf8');
  const field = (name: string) => new RegExp(`^${name}[ \\t]*=[ \\t]*(\\S*)`, 'm').exec(make)?.[1] ?? '';
  return `${field('VERSION')}.${field('PATCHLEVEL')}.${field('SUBLEVEL')}${field('EXTRAVERSION')}`;
}

export function hasRipgrep(): boolean {
  return spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Candidate files as absolute paths, sorted by their path in the tree (the CLI's walk order).
 * ripgrep when installed (about half a second); otherwise a plain walk and regex, same result.
 */
export function listCandidates(tree: string): string[] {
  const found = hasRipgrep() ? listWithRipgrep(tree) : listWithJs(tree);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function listWithRipgrep(tree: string): string[] {
  // --no-ignore: the tree sits under the repo's ignored .cache/, which rg would otherwise honour.
  const out = execFileSync('rg', ['--files-with-matches', '--no-ignore', '--hidden', '--no-messages', '-g', '*.{c,h}', '-e', TRACKED_API_RG, tree], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.split('\n').filter((l) => l !== '');
}

function listWithJs(tree: string): string[] {
  const re = new RegExp(TRACKED_API);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.[ch]$/.test(e.name) && re.test(fs.readFileSync(p, 'latin1'))) out.push(p);
    }
  };
  walk(tree);
  return out;
}

/** A path as the expected file writes it: relative to the tree, with forward slashes (kernel/fork.c). */
export function treePath(tree: string, file: string): string {
  return path.relative(tree, file).split(path.sep).join('/');
}
