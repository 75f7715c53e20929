// What one scan's files share: the kernel .config given with --config, the struct fields that
// some file of the scan drops (so LMM013 sees a release in another file), and the summaries of the
// scan's exported helpers (so a call to one in another file is understood).
import * as fs from 'node:fs';
import { summarizeText, type WorkspaceSummary } from '../analysis/workspaceSummaries';
import { fieldsDroppedIn } from '../rules/fieldNeverDropped';
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
   * A regex pass over text already in the page cache: cheap next to parsing the same file. Files
   * past PREPASS_MAX_BYTES are generated tables, not kernel code with helpers worth reading.
   */
  add(file: string): void {
    try {
      if (fs.statSync(file).size > PREPASS_MAX_BYTES) return;
      const text = fs.readFileSync(file, 'latin1');
      for (const field of fieldsDroppedIn(text)) this.dropped.add(field);
      for (const s of summarizeText(text)) if (!this.summaries.has(s.name)) this.summaries.set(s.name, s);
    } catch {
      // Unreadable files are reported by the scan itself.
    }
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

export function factsOf(files: readonly string[]): SharedFacts {
  const builder = new ScanContextBuilder();
  for (const f of files) builder.add(f);
  return builder.facts();
}

export function buildScanContext(files: string[], opts: ContextOptions): ScanContext {
  // A single file has nobody else to share with.
  return contextOf(files.length > 1 ? factsOf(files) : { droppedFields: [], summaries: [] }, opts);
}
