// Throughput bench for `npm run bench`: how fast lazymm checks kernel C, always printed next to a
// reference (bare tree-sitter parsing) so a figure means something on whatever machine runs it.
// Each section is one function returning one entry of `results`; main runs them in order and
// writes .cache/bench/latest.json once, so later sections (editor path, simulator) slot in by
// adding a function to SECTIONS. The Linux 6.12 sections (whole-tree scan next to ripgrep and
// spatch, parse coverage) need scripts/corpus.sh's tree and say "skipped" with the reason without it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkText } from '../server/src/engine';
import { CParser } from '../server/src/parse/parser';
import { editorPathSection } from './editorPath';
import { panelSection } from './panel';
import { simulatorSection } from './simulator';
import { kernelVersion, listCandidates, prepareTree } from '../test/corpus/tree';
import { parseCoverageSection } from './parseCoverage';
import { reviewSection } from './review';
import { median, round, type Context, type KernelCorpus, type Section, type SectionOutput } from './section';
import { wholeTreeSection } from './wholeTree';

const ROOT = path.resolve(__dirname, '..');
const OUT_FILE = path.join(ROOT, '.cache', 'bench', 'latest.json');

// Warm-up lets V8 optimise the hot paths and wasm settle before anything is timed.
const WARMUP_PASSES = 20;
// Each timed round runs whole passes until at least this long has gone by, so timer resolution
// and per-call noise are negligible however small the input is.
const MIN_ROUND_MS = 1000;
// The median of several rounds shrugs off one round disturbed by GC or another process.
const ROUNDS = 5;

interface Throughput {
  mbPerSec: number;
  filesPerSec: number;
  medianMsPerPass: number;
}

/** One measured corpus: lazymm beside its reference, with the ratio that should stay stable across machines. */
interface CorpusResult {
  files: number;
  bytes: number;
  lazymm: Throughput;
  bareParse: Throughput;
  /** lazymm time / bare parse time per pass: how many bare parses one lazymm check costs. */
  ratio: number;
}

interface Corpus {
  label: string;
  texts: string[];
  bytes: number;
}

function loadCorpus(label: string, dir: string): Corpus {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.c'))
    .sort()
    .map((name) => path.join(dir, name));
  if (files.length === 0) throw new Error(`no .c files in ${dir}`);
  const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  return { label, texts, bytes };
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `pass` repeatedly for at least MIN_ROUND_MS and returns the mean milliseconds per pass. */
function timeRound(pass: () => void): number {
  const start = nowMs();
  let passes = 0;
  let elapsed = 0;
  do {
    pass();
    passes++;
    elapsed = nowMs() - start;
  } while (elapsed < MIN_ROUND_MS);
  return elapsed / passes;
}

/**
 * Times several passes against each other. Rounds are interleaved (A, B, A, B, ...) rather than
 * run back to back so thermal throttling or background load drifts onto all of them alike,
 * which keeps their ratio honest.
 */
function compare(passes: Record<string, () => void>): Record<string, number> {
  const names = Object.keys(passes);
  for (const name of names) for (let i = 0; i < WARMUP_PASSES; i++) passes[name]();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) samples[name].push(timeRound(passes[name]));
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])]));
}

function throughput(corpus: Corpus, msPerPass: number): Throughput {
  const passesPerSec = 1000 / msPerPass;
  return {
    mbPerSec: round((corpus.bytes * passesPerSec) / 1e6, 3),
    filesPerSec: round(corpus.texts.length * passesPerSec, 1),
    medianMsPerPass: round(msPerPass, 4),
  };
}

/** Measures lazymm parse+check against bare tree-sitter parsing of the same text. */
function benchCorpus(parser: CParser, corpus: Corpus): CorpusResult {
  // A use of every result, so neither pass can be optimised into doing less than it should.
  let sink = 0;
  const ms = compare({
    bareParse: () => {
      for (const text of corpus.texts) {
        const tree = parser.parseRaw(text);
        sink += tree.rootNode.endIndex;
        tree.delete(); // wasm memory is not garbage-collected
      }
    },
    lazymm: () => {
      for (const text of corpus.texts) sink += checkText(parser, text).findings.length;
    },
  });
  if (sink === 0) throw new Error('bench passes produced nothing; is the corpus empty?');
  return {
    files: corpus.texts.length,
    bytes: corpus.bytes,
    lazymm: throughput(corpus, ms.lazymm),
    bareParse: throughput(corpus, ms.bareParse),
    ratio: round(ms.lazymm / ms.bareParse, 2),
  };
}

function corpusRow(corpus: Corpus, r: CorpusResult): string[] {
  return [
    `${corpus.label} (${r.files} files, ${(r.bytes / 1000).toFixed(1)} KB)`,
    `lazymm parse+check: ${r.lazymm.mbPerSec.toFixed(1)} MB/s (${Math.round(r.lazymm.filesPerSec)} files/s)`,
    `bare tree-sitter parse: ${r.bareParse.mbPerSec.toFixed(1)} MB/s (${Math.round(r.bareParse.filesPerSec)} files/s)`,
    `ratio ${r.ratio.toFixed(1)}x`,
  ];
}

/** Section: the shipped examples, small and always present, so this runs on any checkout. */
function examplesSection(ctx: Context): SectionOutput {
  const corpus = loadCorpus('examples', path.join(ROOT, 'examples'));
  const result = benchCorpus(ctx.parser, corpus);
  return { rows: [corpusRow(corpus, result)], result };
}

// Sections run in this order; add later ones (editor path, simulator) here.
const SECTIONS: Section[] = [
  { key: 'examples', run: examplesSection },
  { key: 'wholeTree', run: wholeTreeSection },
  { key: 'parseCoverage', run: parseCoverageSection },
  { key: 'editorPath', run: editorPathSection },
  { key: 'simulator', run: simulatorSection },
  { key: 'panel', run: panelSection },
  { key: 'review', run: reviewSection },
];

/** Unpacks the tree if needed (scripts/corpus.sh) and lists its candidate files, once for every section. */
function loadKernel(): KernelCorpus {
  try {
    const tree = prepareTree();
    const candidates = listCandidates(tree);
    const bytes = candidates.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    let treeFiles = 0;
    const count = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) count(path.join(dir, e.name));
        else if (e.isFile() && /\.[ch]$/.test(e.name)) treeFiles++;
      }
    };
    count(tree);
    return { ok: true, tree, kernel: kernelVersion(tree), treeFiles, candidates, bytes };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Pads every column to its widest cell so figures line up under each other across sections. */
function printTable(rows: string[][]): void {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('   ').trimEnd());
}

/** LAZYMM_BENCH=editorPath,wholeTree runs only those sections (while working on one figure). */
function selectedSections(): Section[] {
  const only = process.env.LAZYMM_BENCH?.split(',').filter(Boolean);
  if (!only?.length) return SECTIONS;
  const unknown = only.filter((k) => !SECTIONS.some((s) => s.key === k));
  if (unknown.length) throw new Error(`LAZYMM_BENCH: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.map((s) => s.key).join(', ')})`);
  return SECTIONS.filter((s) => only.includes(s.key));
}

async function main(): Promise<void> {
  const sections = selectedSections();
  const ctx: Context = { parser: await CParser.load(), kernel: loadKernel() };
  const results: Record<string, object> = {};
  const rows: string[][] = [];
  for (const section of sections) {
    const out = await section.run(ctx);
    results[section.key] = out.result;
    rows.push(...out.rows);
  }
  printTable(rows);

  const cpus = os.cpus();
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    results,
  };
  // A partial run does not overwrite the full report.
  const file = sections === SECTIONS ? OUT_FILE : OUT_FILE.replace(/\.json$/, `-${sections.map((s) => s.key).join('-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file) || file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
