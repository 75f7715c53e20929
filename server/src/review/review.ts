// `lazymm review`'s engine: a patch series in, for every patch the findings it introduces, fixes
// and leaves in the functions it changes, and the simulator's verdicts on those functions before
// and after. Files are read through `readFile` (a directory, a git revision, or nothing: then each
// file is reconstructed from its hunks); patches of a series apply on top of each other. Problems
// with one file (an unreadable diff, a hunk that does not apply, a binary) are messages on that
// file, and the review goes on. No Node imports: the CLI and the language server bring the I/O.
import { analyzeText, type EditorResult, type FunctionReport } from '../engine';
import { DEFAULT_CONFIG, type KernelConfig } from '../parse/config';
import type { CParser } from '../parse/parser';
import { applyHunks, splitLines, type FileImages } from './apply';
import { classify, type Classified } from './classify';
import { displayPath, type FilePatch } from './diff';
import type { PatchMessage } from './mbox';
import { reconstructImages } from './reconstruct';
import { PathSimulator, type SimOptions } from './simDelta';
import type { Counts, FileReview, FunctionSim, PatchReview, ReviewResult } from './types';

export type ReadOutcome = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

export interface ReviewOptions {
  parser: CParser;
  /** A file of the tree the first patch applies to; without it every file is reconstructed from its hunks. */
  readFile?: (path: string) => ReadOutcome;
  config?: KernelConfig;
  /** False: no simulator delta. */
  simulator?: SimOptions | false;
  /** The engine's per-file budget (ms). */
  budgetMs?: number;
}

const C_FILE = /\.[ch]$/;

export const HUNKS_ONLY_NOTE =
  'no tree given: each file was reconstructed from its hunks alone (partial functions at their real line numbers); references taken or dropped outside the hunks are not seen';

function count(findings: readonly Classified[]): Counts {
  return {
    new: findings.filter((f) => f.state === 'new').length,
    fixed: findings.filter((f) => f.state === 'fixed').length,
    preExisting: findings.filter((f) => f.state === 'pre-existing').length,
  };
}

function add(a: Counts, b: Counts): Counts {
  return { new: a.new + b.new, fixed: a.fixed + b.fixed, preExisting: a.preExisting + b.preExisting };
}

/** Analysed functions that contain a changed line, or a place where lines were inserted or removed. */
function touchedFunctions(functions: readonly FunctionReport[], changed: ReadonlySet<number>, between: ReadonlySet<number>): string[] {
  const names: string[] = [];
  for (const fn of functions) {
    const { start, end } = fn.range;
    const inside = (l: number) => l >= start.line && l <= end.line;
    // An insertion in front of line l is inside a function when l - 1 and l both are.
    if ([...changed].some(inside) || [...between].some((l) => inside(l) && inside(l - 1))) names.push(fn.name);
  }
  return names;
}

class Analyses {
  private readonly cache = new Map<string, EditorResult>();
  constructor(private readonly options: ReviewOptions) {}

  get(path: string, text: string): EditorResult {
    const key = `${path}\u0000${text}`;
    let r = this.cache.get(key);
    if (!r) {
      r = analyzeText(this.options.parser, text, {
        fileName: path,
        ...(this.options.config ? { config: this.options.config } : {}),
        ...(this.options.budgetMs !== undefined ? { budgetMs: this.options.budgetMs } : {}),
      });
      this.cache.set(key, r);
    }
    return r;
  }
}

/** The series' state of the tree: files as the patches so far left them (null: deleted). */
type Overlay = Map<string, string | null>;

interface FileStart {
  /** The text before the series, for the series' net effect; undefined when reconstructed. */
  original?: string;
  path: string;
}

export function reviewSeries(patches: readonly PatchMessage[], options: ReviewOptions): ReviewResult {
  const analyses = new Analyses(options);
  const sim = options.simulator === false ? undefined : new PathSimulator(options.simulator ?? { cpus: 2 });
  const overlay: Overlay = new Map();
  const starts = new Map<string, FileStart>(); // keyed by the file's latest path
  const notes: string[] = [];
  if (!options.readFile) notes.push(HUNKS_ONLY_NOTE);
  const reviews: PatchReview[] = [];
  const touchedBySeries = new Map<string, Set<string>>();

  for (const patch of patches) {
    const files: FileReview[] = [];
    const simulation: FunctionSim[] = [];
    for (const fp of patch.files) {
      const review = reviewFile(fp, options, overlay, starts, analyses);
      files.push(review);
      if (review.status !== 'reviewed' || !review.images) continue;
      const set = touchedBySeries.get(review.file) ?? new Set<string>();
      for (const f of review.functions) set.add(f);
      touchedBySeries.set(review.file, set);
      if (!sim) continue;
      const pre = fp.oldPath && review.basis !== 'none' ? analyses.get(fp.oldPath, review.images.pre) : undefined;
      const post = fp.newPath ? analyses.get(fp.newPath, review.images.post) : undefined;
      for (const name of review.functions) {
        const d = sim.compare(review.file, name, pre?.functions.find((f) => f.name === name)?.path, post?.functions.find((f) => f.name === name)?.path);
        if (d) simulation.push(d);
      }
    }
    const counts = files.reduce((c, f) => add(c, count(f.findings)), { new: 0, fixed: 0, preExisting: 0 });
    const r: PatchReview = { subject: patch.subject, title: patch.title, files, simulation, counts };
    for (const k of ['index', 'total', 'version', 'author', 'date', 'messageId'] as const) if (patch[k] !== undefined) Object.assign(r, { [k]: patch[k] });
    reviews.push(r);
  }

  const result: ReviewResult = {
    basis: options.readFile ? 'tree' : 'hunks',
    config: (options.config ?? DEFAULT_CONFIG).label,
    notes,
    patches: reviews,
    counts: reviews.reduce((c, p) => add(c, p.counts), { new: 0, fixed: 0, preExisting: 0 }),
  };
  if (patches.length > 1 && options.readFile) result.series = seriesNet(overlay, starts, touchedBySeries, analyses);
  return result;
}

/** First patch's before against last patch's after, per file: what the series as a whole does. */
function seriesNet(overlay: Overlay, starts: Map<string, FileStart>, touched: Map<string, Set<string>>, analyses: Analyses): NonNullable<ReviewResult['series']> {
  const files: Array<{ file: string; findings: Classified[] }> = [];
  for (const [file, start] of starts) {
    if (start.original === undefined) continue;
    const final = overlay.get(file);
    const before = analyses.get(start.path, start.original);
    const after = final ? analyses.get(file, final) : undefined;
    const fns = touched.get(file) ?? new Set<string>();
    const classified = classify(before.findings, after?.findings ?? [], {
      preLines: splitLines(start.original).lines,
      postLines: splitLines(final ?? '').lines,
      removed: new Set(),
      added: new Set(),
    }).filter((c) => c.state !== 'pre-existing' || fns.has(c.finding.functionName));
    if (classified.length) files.push({ file, findings: classified });
  }
  return { files, counts: files.reduce((c, f) => add(c, count(f.findings)), { new: 0, fixed: 0, preExisting: 0 }) };
}

function reviewFile(fp: FilePatch, options: ReviewOptions, overlay: Overlay, starts: Map<string, FileStart>, analyses: Analyses): FileReview {
  const file = displayPath(fp);
  const review: FileReview = { file, oldPath: fp.oldPath, newPath: fp.newPath, change: fp.change, diffHeader: fp.header[0] ?? '', status: 'skipped', messages: [], hunks: [], functions: [], findings: [], notes: [] };
  if (fp.error) {
    review.status = 'error';
    review.messages.push(`malformed diff: ${fp.error}; this file is not reviewed`);
    return review;
  }
  if (fp.binary) {
    review.messages.push('binary diff: not reviewed');
    if (fp.newPath) overlay.set(fp.newPath, null);
    return review;
  }
  if (fp.modeOnly) {
    review.messages.push('mode change only: nothing to review');
    return review;
  }
  if (fp.change === 'rename' || fp.change === 'copy') review.messages.push(`${fp.change === 'rename' ? 'renamed' : 'copied'} from ${fp.oldPath}`);
  if (!C_FILE.test(file)) {
    review.messages.push('not a C file: not analysed');
    return review;
  }

  // The text before: the series' own version if an earlier patch wrote it, else the tree's, else the hunks'.
  let images: FileImages | undefined;
  if (fp.change === 'add') {
    images = applyHunks('', fp.hunks);
    review.basis = 'none';
  } else {
    const oldPath = fp.oldPath!;
    let pre: string | undefined;
    if (overlay.has(oldPath)) {
      const t = overlay.get(oldPath);
      if (t === null || t === undefined) {
        review.status = 'error';
        review.messages.push(`an earlier patch of the series deleted ${oldPath} or made it binary: not reviewed`);
        return review;
      }
      pre = t;
      review.basis = 'series';
    } else if (options.readFile) {
      const r = options.readFile(oldPath);
      if (r.ok) {
        pre = r.text;
        review.basis = 'tree';
        if (!starts.has(fp.newPath ?? oldPath)) starts.set(fp.newPath ?? oldPath, { original: r.text, path: oldPath });
      } else {
        review.messages.push(`${r.missing ? 'not in the tree' : r.reason}: reconstructed from the hunks (partial functions)`);
      }
    }
    if (pre !== undefined) images = applyHunks(pre, fp.hunks);
    else {
      images = reconstructImages(fp.hunks);
      review.basis = 'hunks';
    }
  }
  review.hunks = images.hunks;
  for (const h of images.hunks) {
    if (!h.applied) review.messages.push(`hunk ${h.index} (${h.header}) does not apply: ${h.reason}`);
    else if (h.offset || h.fuzz) review.messages.push(`hunk ${h.index} applied${h.offset ? ` at offset ${h.offset > 0 ? '+' : ''}${h.offset} line${Math.abs(h.offset) === 1 ? '' : 's'}` : ''}${h.fuzz ? ` with fuzz ${h.fuzz}` : ''}`);
  }
  if (fp.hunks.length > 0 && images.hunks.every((h) => !h.applied)) {
    review.messages.push('no hunk applies: not reviewed');
    return review;
  }
  // Later patches of the series see this one's result (reconstructed texts are too partial to build on).
  if (review.basis !== 'hunks') {
    if (fp.change === 'rename' && fp.oldPath) overlay.set(fp.oldPath, null);
    if (fp.newPath) overlay.set(fp.newPath, images.post);
    if (fp.change === 'delete' && fp.oldPath) overlay.set(fp.oldPath, null);
    if (fp.change === 'rename' && fp.oldPath && fp.newPath) {
      const s = starts.get(fp.oldPath);
      if (s) starts.delete(fp.oldPath), starts.set(fp.newPath, s);
    }
    if (fp.change === 'add' && fp.newPath && !starts.has(fp.newPath)) starts.set(fp.newPath, { original: '', path: fp.newPath });
  }

  const before = fp.change === 'add' ? { findings: [], notes: [], functions: [] } : analyses.get(fp.oldPath!, images.pre);
  const after = fp.change === 'delete' ? { findings: [], notes: [], functions: [] } : analyses.get(fp.newPath!, images.post);
  const touched = new Set([...touchedFunctions(before.functions, images.removed, images.preInsertions), ...touchedFunctions(after.functions, images.added, images.postDeletions)]);
  if (fp.change === 'add' || fp.change === 'delete') for (const f of [...before.functions, ...after.functions]) touched.add(f.name);
  review.functions = [...touched].sort();
  review.findings = classify(before.findings, after.findings, {
    preLines: splitLines(images.pre).lines,
    postLines: splitLines(images.post).lines,
    removed: images.removed,
    added: images.added,
  }).filter((c) => c.state !== 'pre-existing' || touched.has(c.finding.functionName));
  review.notes = [...before.notes, ...after.notes];
  review.images = images;
  review.status = 'reviewed';
  return review;
}
