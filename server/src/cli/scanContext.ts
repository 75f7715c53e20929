// What one scan's files share: the kernel .config given with --config, the struct fields that
// some file of the scan drops (so LMM013 sees a release in another file), and the summaries of the
// scan's exported helpers (so a call to one in another file is understood).
import * as fs from 'node:fs';
import { summarizeText, type WorkspaceSummary } from '../analysis/workspaceSummaries';
import { MAX_FILE_BYTES } from '../input';
import { fieldsDroppedIn } from '../rules/fieldNeverDropped';
import { isQuiet } from './analyzeFile';
import { describe, UsageError } from './files';
import type { ScanContext, SharedFacts } from './protocol';

const PREPASS_MAX_BYTES = 1 << 20;

/** Reads --config up front, so a bad path is a one-line error before any work starts. */
export function readKernelConfigFile(configPath: string): { text: string; label: string } {
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read kernel config '${configPath}': ${describe(e)}`);
  }
  if (!/^(?:CONFIG_\w+=|# CONFIG_\w+ is not set)/m.test(text)) throw new UsageError(`'${configPath}' does not look like a kernel .config (no CONFIG_ lines)`);
  return { text, label: `.config ${configPath}` };
}

/** Accumulates what a scan's files share, one file at a time (the language server yields between files). */
export class ScanContextBuilder {
  private readonly dropped = new Set<string>();
  private readonly summaries = new Map<string, WorkspaceSummary>();

  /**
   * Reads `file` once, to tell whether it is quiet (analyzeFile.ts isQuiet), which it returns, and
   * for a regex pass over its text (cheap next to parsing it). The patterns of the pass only match
   * where mayHaveFindings does, so a quiet file has nothing to share. Files past PREPASS_MAX_BYTES
   * are generated tables, not kernel code with helpers worth reading: the pass leaves them out, but
   * a quiet one is still quiet (a kernel tree has 400 MB of them, read once instead of twice).
   * Files past the engine's limit are not read: the scan reports them.
   */
  add(file: string): boolean {
    let bytes: Buffer;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        if (fs.fstatSync(fd).size > MAX_FILE_BYTES) return false;
        bytes = fs.readFileSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // Unreadable files are reported by the scan itself.
      return false;
    }
    if (isQuiet(bytes)) return true;
    if (bytes.length > PREPASS_MAX_BYTES) return false;
    const text = bytes.toString('latin1');
    for (const field of fieldsDroppedIn(text)) this.dropped.add(field);
    for (const s of summarizeText(text)) if (!this.summaries.has(s.name)) this.summaries.set(s.name, s);
    return false;
  }

  /** What the files added so far share: one worker's part of a parallel pre-pass. */
  facts(): SharedFacts {
    return { droppedFields: [...this.dropped].sort(), summaries: [...this.summaries.values()] };
  }

  build(opts: ContextOptions): ScanContext {
    return contextOf(this.facts(), opts);
  }
}

/** The settings of a scan, as opposed to what its files share. */
export interface ContextOptions {
  fileTimeoutS: number;
  config?: { text: string; label: string };
}

export function contextOf(facts: SharedFacts, opts: ContextOptions): ScanContext {
  const context: ScanContext = { fileTimeoutS: opts.fileTimeoutS, ...facts };
  if (opts.config) context.config = opts.config;
  return context;
}

/** The facts of consecutive slices of a file list, in their order: the same as one pass over all. */
export function mergeFacts(parts: readonly SharedFacts[]): SharedFacts {
  const dropped = new Set<string>();
  const summaries = new Map<string, SharedFacts['summaries'][number]>();
  for (const part of parts) {
    for (const f of part.droppedFields) dropped.add(f);
    // The first file to define a name wins, as in a single pass.
    for (const s of part.summaries) if (!summaries.has(s.name)) summaries.set(s.name, s);
  }
  return { droppedFields: [...dropped].sort(), summaries: [...summaries.values()] };
}

/** What a pre-pass over `files` found: their shared facts, and which of them (indices) are quiet. */
export interface Prepass {
  facts: SharedFacts;
  quiet: number[];
}

export function prepass(files: readonly string[]): Prepass {
  const builder = new ScanContextBuilder();
  const quiet: number[] = [];
  files.forEach((f, i) => {
    if (builder.add(f)) quiet.push(i);
  });
  return { facts: builder.facts(), quiet };
}

/** The context of a scan of `files` in this thread, and which of them need no analysis. */
export function prepareScan(files: string[], opts: ContextOptions): { context: ScanContext; quiet: ReadonlySet<number> } {
  // A single file has nobody else to share with, nor any reading to save.
  const pass = files.length > 1 ? prepass(files) : { facts: { droppedFields: [], summaries: [] }, quiet: [] };
  return { context: contextOf(pass.facts, opts), quiet: new Set(pass.quiet) };
}
