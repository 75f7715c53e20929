// Runs the per-file job over every file, in this thread or in a worker pool, and returns the
// outcomes in the order of `files` either way, so the report does not depend on --jobs.
import { CParser } from '../parse/parser';
import { analyzeFile, applyBudget, quietOutcome, type FileOutcome } from './analyzeFile';
import { analyzeInPool } from './pool';
import { prepareScan, type ContextOptions } from './scanContext';

export interface ScanOptions extends ContextOptions {
  jobs: number;
}

export async function scanFiles(files: string[], opts: ScanOptions): Promise<FileOutcome[]> {
  // A worker costs a parser load (tens of milliseconds); with one file there is nothing to share.
  const jobs = Math.min(opts.jobs, files.length);
  if (jobs > 1) return analyzeInPool(files, { ...opts, jobs });
  const { context, quiet } = prepareScan(files, opts);
  const parser = await CParser.load();
  return files.map((f, i) => (quiet.has(i) ? quietOutcome() : applyBudget(analyzeFile(parser, f, context), context.fileTimeoutS)));
}
