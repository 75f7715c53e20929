// What one scan's files share: the kernel .config given with --config, the struct fields that
// some file of the scan drops (so LMM013 sees a release in another file), and the summaries of the
// scan's exported helpers (so a call to one in another file is understood).
import * as fs from 'node:fs';
import { summarizeText, type WorkspaceSummary } from '../analysis/workspaceSummaries';
import { fieldsDroppedIn } from '../rules/fieldNeverDropped';
import { describe, UsageError } from './files';
import type { ScanContext } from './protocol';

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

  build(opts: { fileTimeoutS: number; config?: { text: string; label: string } }): ScanContext {
    const context: ScanContext = { fileTimeoutS: opts.fileTimeoutS, droppedFields: [...this.dropped].sort(), summaries: [...this.summaries.values()] };
    if (opts.config) context.config = opts.config;
    return context;
  }
}

export function buildScanContext(files: string[], opts: { fileTimeoutS: number; config?: { text: string; label: string } }): ScanContext {
  const builder = new ScanContextBuilder();
  // A single file has nobody else to share with.
  if (files.length > 1) for (const f of files) builder.add(f);
  return builder.build(opts);
}
