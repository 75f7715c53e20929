// Section: the whole-tree scan of Linux 6.12, in one run and on a warm cache, three ways:
//   ripgrep listing the files that name the mm APIs over the whole tree (the floor: reading every
//   file once, with ripgrep's literal prefilter),
//   lazymm (bin/lazymm, the installed command, --jobs 2) analysing the candidates (the files its relevance test
//   picks: test/corpus/tree.ts TRACKED_API),
//   spatch running a semantic patch equivalent to LMM001 (bench/lmm001-equivalent.cocci) over the
//   same files, and the naive mmgrab-only pairing rule (bench/lmm001-naive.cocci) that
//   docs/corpus.md counts 59 reports of.
// Then both tools again, given the tree root instead of the list (lazymm check ., spatch --dir .).
// Issue #3's goals: lazymm within 5x of ripgrep, and at least 10x faster than spatch.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { API_NAMES, TRACKED_API_RG } from '../test/corpus/tree';
import { hasCommand, runCommand, type CommandRun } from './command';
import { median, round, type Context, type SectionOutput } from './section';

const ROOT = path.resolve(__dirname, '..');
// The command as installed, as a reviewer runs it.
const LAZYMM = path.join(ROOT, 'bin', 'lazymm');
const BUNDLE = path.join(ROOT, 'dist', 'cli.js');
const COCCI_NAIVE = path.join(ROOT, 'bench', 'lmm001-naive.cocci');
const COCCI_EQUIVALENT = path.join(ROOT, 'bench', 'lmm001-equivalent.cocci');
/** Medians of 5 interleaved rounds: on a shared 2-core VM single runs of the same command vary by 10-20%. */
const TIMED_RUNS = 5;
/** A run of lazymm or ripgrep takes seconds; anything near this is a hang, not a figure. */
const TIMEOUT_MS = 10 * 60 * 1000;
/**
 * spatch over all candidates has taken seconds here (it skips files without an mmgrab token), but
 * a heavier rule or machine could take much longer: past this cap it is measured on a sample.
 */
const SPATCH_CAP_MS = 5 * 60 * 1000;
/** The sample when capped: every SAMPLE_EVERY-th candidate, time scaled by bytes. */
const SAMPLE_EVERY = 10;

interface Tool {
  wallMs: number;
  filesPerSec: number;
  peakRssMb?: number;
  /** lazymm's wall time over this tool's. */
  lazymmRatio: number;
}

interface Measured {
  runs: CommandRun[];
  wallMs: number;
  peakRssKb?: number;
}

function summarise(runs: CommandRun[]): Measured {
  const rss = runs.flatMap((r) => (r.peakRssKb === undefined ? [] : [r.peakRssKb]));
  const m: Measured = { runs, wallMs: median(runs.map((r) => r.wallMs)) };
  if (rss.length) m.peakRssKb = Math.max(...rss);
  return m;
}

function ok(name: string, r: CommandRun, okCodes: number[]): CommandRun {
  if (r.timedOut) throw new Error(`${name} did not finish within ${TIMEOUT_MS / 1000} s`);
  if (r.code === null || !okCodes.includes(r.code)) throw new Error(`${name} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r;
}

/** Distinct grabs the naive rule reports ("places", as docs/corpus.md counts them) and grab/return pairs. */
function spatchPlaces(stdout: string): { places: number; pairs: number } {
  const lines = stdout.split('\n').filter((l) => l.startsWith('LMM001-NAIVE '));
  return { places: new Set(lines.map((l) => l.split(' ')[1])).size, pairs: lines.length };
}

function fileGroups(files: string[]): string {
  // One group per file (a blank line between): spatch treats the files of a group as one unit,
  // which would stop --jobs from spreading them.
  const groups = path.join(os.tmpdir(), `lazymm-bench-groups-${process.pid}.txt`);
  fs.writeFileSync(groups, files.map((f) => `${f}\n`).join('\n'));
  return groups;
}

function spatchArgs(groups: string, cocci = COCCI_NAIVE): string[] {
  return ['--sp-file', cocci, '--very-quiet', '--jobs', '2', '--include-headers', '--file-groups', groups];
}

function mb(kb: number | undefined): string {
  return kb === undefined ? 'peak n/a (no GNU time)' : `peak ${(kb / 1024).toFixed(0)} MB`;
}

export async function wholeTreeSection(ctx: Context): Promise<SectionOutput> {
  const k = ctx.kernel;
  if (!k.ok) return { rows: [['whole tree (Linux 6.12)', `skipped: ${k.reason}`]], result: { skipped: k.reason } };
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'node scripts/build.mjs' (npm run bench does)`);
  const missing = ['rg', 'spatch'].filter((c) => !hasCommand(c));
  if (missing.length) {
    const reason = `${missing.join(' and ')} not installed (apt-get install ${missing.map((c) => (c === 'rg' ? 'ripgrep' : 'coccinelle')).join(' ')})`;
    return { rows: [['whole tree (Linux 6.12)', `skipped: ${reason}`]], result: { skipped: reason } };
  }
  const files = k.candidates.map((f) => path.relative(k.tree, f));
  const opts = { cwd: k.tree, timeoutMs: TIMEOUT_MS };
  const rgList = (pattern: string) => () => runCommand('rg', ['--files-with-matches', '--no-ignore', '--hidden', '-g', '*.{c,h}', '-e', pattern, '.'], opts);
  // The floor: ripgrep's fastest pass over the tree. And the same listing as lazymm's own.
  const rg = rgList(API_NAMES);
  const rgExact = rgList(TRACKED_API_RG);
  const lazymm = () => runCommand(LAZYMM, ['check', '--format', 'json', '--jobs', '2', '-q', ...files], opts);
  // The same tools given the tree itself, as a reviewer runs them: each does its own listing, and
  // lazymm analyses every file its own relevance test picks (more than the list above names).
  const lazymmTree = () => runCommand(LAZYMM, ['check', '--format', 'json', '--jobs', '2', '-q', '.'], opts);
  const spatchTree = () => runCommand('spatch', ['--sp-file', COCCI_EQUIVALENT, '--very-quiet', '--jobs', '2', '--include-headers', '--dir', '.'], opts);
  const groups = fileGroups(files);
  const spatch = () => runCommand('spatch', spatchArgs(groups), { cwd: k.tree, timeoutMs: SPATCH_CAP_MS });

  // Warm-up: the page cache holds the tree and each tool's binaries before anything is timed.
  const rgListed = ok('rg', await rg(), [0]).stdout.split('\n').filter((l) => l !== '').length;
  const rgExactListed = ok('rg (exact)', await rgExact(), [0]).stdout.split('\n').filter((l) => l !== '').length;
  const lazymmDoc = JSON.parse(ok('lazymm', await lazymm(), [0, 1]).stdout) as { files: Array<{ findings: unknown[] }> };
  const findings = lazymmDoc.files.reduce((n, f) => n + f.findings.length, 0);
  const spatchFirst = await spatch();
  const capped = spatchFirst.timedOut;
  // The equivalent rule: timed whole (it takes tens of seconds, not minutes).
  const spatchEq = () => runCommand('spatch', spatchArgs(groups, COCCI_EQUIVALENT), opts);
  const eqFirst = ok('spatch (equivalent)', await spatchEq(), [0]);
  const eqReports = eqFirst.stdout.split('\n').filter((l) => l.startsWith('LMM001-EQUIVALENT ')).length;
  const eqRuns: CommandRun[] = [];
  const treeDoc = JSON.parse(ok('lazymm (tree)', await lazymmTree(), [0, 1]).stdout) as { files: Array<{ findings: unknown[] }> };
  const treeFindings = treeDoc.files.reduce((n, f) => n + f.findings.length, 0);
  const treeRuns: CommandRun[] = [];
  const rgExactRuns: CommandRun[] = [];
  const spatchTreeRuns: CommandRun[] = [];
  ok('spatch (tree)', await spatchTree(), [0]);

  // Interleaved rounds (rg, lazymm, spatch, rg, ...) so drift in machine load falls on all alike.
  const runs: Record<'rg' | 'lazymm' | 'spatch', CommandRun[]> = { rg: [], lazymm: [], spatch: [] };
  let spatchSample: { files: number; bytes: number } | undefined;
  let spatchRun = spatch;
  if (capped) {
    // Too slow for the whole list: time a regular sample and scale by bytes, labelled as such.
    const sample = k.candidates.filter((_, i) => i % SAMPLE_EVERY === 0);
    spatchSample = { files: sample.length, bytes: sample.reduce((s, f) => s + fs.statSync(f).size, 0) };
    const sampleGroups = fileGroups(sample.map((f) => path.relative(k.tree, f)));
    spatchRun = () => runCommand('spatch', spatchArgs(sampleGroups), { cwd: k.tree, timeoutMs: TIMEOUT_MS });
  }
  let spatchOut = spatchFirst.stdout;
  for (let i = 0; i < TIMED_RUNS; i++) {
    runs.rg.push(ok('rg', await rg(), [0]));
    runs.lazymm.push(ok('lazymm', await lazymm(), [0, 1]));
    const s = ok('spatch', await spatchRun(), [0]);
    spatchOut = s.stdout;
    runs.spatch.push(s);
    eqRuns.push(ok('spatch (equivalent)', await spatchEq(), [0]));
    treeRuns.push(ok('lazymm (tree)', await lazymmTree(), [0, 1]));
    rgExactRuns.push(ok('rg (exact)', await rgExact(), [0]));
    spatchTreeRuns.push(ok('spatch (tree)', await spatchTree(), [0]));
  }
  const treeM = summarise(treeRuns);
  const spatchTreeM = summarise(spatchTreeRuns);
  const rgExactM = summarise(rgExactRuns);
  const eqM = summarise(eqRuns);
  fs.rmSync(groups, { force: true });

  const rgM = summarise(runs.rg);
  const lzM = summarise(runs.lazymm);
  const spM = summarise(runs.spatch);
  const spatchWallMs = spatchSample ? spM.wallMs * (k.bytes / spatchSample.bytes) : spM.wallMs;
  const { places, pairs } = spatchPlaces(spatchOut);
  const tool = (wallMs: number, filesCount: number, rss: number | undefined): Tool => {
    const t: Tool = { wallMs: round(wallMs, 1), filesPerSec: round((filesCount * 1000) / wallMs, 1), lazymmRatio: round(lzM.wallMs / wallMs, 2) };
    if (rss !== undefined) t.peakRssMb = round(rss / 1024, 1);
    return t;
  };
  const result = {
    kernel: k.kernel,
    treeFiles: k.treeFiles,
    candidates: files.length,
    candidateBytes: k.bytes,
    cpus: os.availableParallelism(),
    timedRuns: TIMED_RUNS,
    lazymm: { ...tool(lzM.wallMs, files.length, lzM.peakRssKb), findings, command: `bin/lazymm check --format json --jobs 2 -q <${files.length} files>` },
    // Its files/s counts every .c/.h file of the tree it read, not the candidates it listed.
    ripgrep: { ...tool(rgM.wallMs, k.treeFiles, rgM.peakRssKb), scannedFiles: k.treeFiles, listed: rgListed, command: `rg -l --no-ignore -g '*.{c,h}' -e '${API_NAMES}' .` },
    ripgrepExact: { wallMs: round(rgExactM.wallMs, 1), listed: rgExactListed, command: `rg -l --no-ignore -g '*.{c,h}' -e '<the analysis's relevance regex>' .` },
    spatch: {
      ...tool(spatchWallMs, files.length, spM.peakRssKb),
      places,
      pairs,
      command: `spatch --sp-file bench/lmm001-naive.cocci --very-quiet --jobs 2 --include-headers --file-groups <${files.length} groups>`,
      ...(spatchSample ? { extrapolated: { fromFiles: spatchSample.files, fromBytes: spatchSample.bytes, sampleWallMs: round(spM.wallMs, 1), capMs: SPATCH_CAP_MS } } : {}),
    },
    spatchEquivalent: {
      ...tool(eqM.wallMs, files.length, eqM.peakRssKb),
      reports: eqReports,
      command: `spatch --sp-file bench/lmm001-equivalent.cocci --very-quiet --jobs 2 --include-headers --file-groups <${files.length} groups>`,
    },
    treeScan: {
      lazymm: { wallMs: round(treeM.wallMs, 1), ...(treeM.peakRssKb !== undefined ? { peakRssMb: round(treeM.peakRssKb / 1024, 1) } : {}), findings: treeFindings, overRipgrep: round(treeM.wallMs / rgM.wallMs, 2), overRipgrepExact: round(treeM.wallMs / rgExactM.wallMs, 2), command: 'bin/lazymm check --format json --jobs 2 -q .' },
      spatchEquivalent: { wallMs: round(spatchTreeM.wallMs, 1), overLazymm: round(spatchTreeM.wallMs / treeM.wallMs, 2), command: 'spatch --sp-file bench/lmm001-equivalent.cocci --very-quiet --jobs 2 --include-headers --dir .' },
    },
    goals: { lazymmOverRipgrepMax: 5, spatchEquivalentOverLazymmMin: 10 },
  };
  const spatchLabel = spatchSample ? `spatch naive LMM001 (EXTRAPOLATED from ${spatchSample.files} files)` : 'spatch naive LMM001 --jobs 2';
  const spatchPlacesLabel = spatchSample ? `${places} places in the sample` : `${places} places (${pairs} grab/return pairs)`;
  const rows = [
    [
      `whole tree ${k.kernel} (${files.length} of ${k.treeFiles} files, ${(k.bytes / 1e6).toFixed(1)} MB)`,
      `lazymm --jobs 2: ${(lzM.wallMs / 1000).toFixed(2)} s (${Math.round(result.lazymm.filesPerSec)} files/s, ${mb(lzM.peakRssKb)}, ${findings} findings)`,
      `rg -l API names, whole tree: ${(rgM.wallMs / 1000).toFixed(2)} s (${rgListed} listed, ${mb(rgM.peakRssKb)})`,
      `ratio ${result.ripgrep.lazymmRatio.toFixed(1)}x rg (goal <= 5x)`,
    ],
    [
      '',
      '',
      `${spatchLabel}: ${(spatchWallMs / 1000).toFixed(2)} s (${Math.round(result.spatch.filesPerSec)} files/s, ${mb(spM.peakRssKb)}, ${spatchPlacesLabel})`,
      `naive rule: ${(spatchWallMs / lzM.wallMs).toFixed(1)}x lazymm's time`,
    ],
    [
      '',
      '',
      `spatch LMM001-equivalent --jobs 2: ${(eqM.wallMs / 1000).toFixed(2)} s (${Math.round(result.spatchEquivalent.filesPerSec)} files/s, ${mb(eqM.peakRssKb)}, ${eqReports} reports)`,
      `spatch is ${(eqM.wallMs / lzM.wallMs).toFixed(1)}x lazymm's time (goal >= 10x)`,
    ],
    [
      'given the tree (each lists it itself)',
      `lazymm check --jobs 2 .: ${(treeM.wallMs / 1000).toFixed(2)} s (${mb(treeM.peakRssKb)}, ${treeFindings} findings)`,
      `rg -l with lazymm's relevance regex: ${(rgExactM.wallMs / 1000).toFixed(2)} s (${rgExactListed} listed)`,
      `lazymm ${(treeM.wallMs / rgM.wallMs).toFixed(1)}x rg API names, ${(treeM.wallMs / rgExactM.wallMs).toFixed(1)}x rg relevance regex`,
    ],
    [
      '',
      '',
      `spatch LMM001-equivalent --dir .: ${(spatchTreeM.wallMs / 1000).toFixed(2)} s`,
      `spatch ${(spatchTreeM.wallMs / treeM.wallMs).toFixed(1)}x lazymm's time`,
    ],
  ];
  return { rows, result };
}
