// Runs the analyzer over the corpus the way `lazymm check` does (the CLI's worker pool, one parser
// per worker, the per-file budget), keeping each file's outcome and analysis time.
import { defaultJobs } from '../../server/src/cli/args';
import type { FileOutcome } from '../../server/src/cli/analyzeFile';
import { scanFiles } from '../../server/src/cli/scan';
import type { Finding } from '../../server/src/rules/finding';
import { prepareTree, listCandidates, kernelVersion, treePath } from './tree';

/**
 * Per-file budget on the corpus. The slowest file of 6.12 (kernel/events/core.c) takes about
 * 0.1 s here; 5 s leaves room for a slow CI machine while catching a path explosion.
 */
export const CORPUS_FILE_BUDGET_S = 5;

export interface CorpusFile {
  /** Relative to the tree: kernel/fork.c. */
  path: string;
  outcome: FileOutcome;
}

export interface CorpusScan {
  tree: string;
  kernel: string;
  files: CorpusFile[];
  listMs: number;
  scanMs: number;
  jobs: number;
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function scanCorpus(jobs = defaultJobs()): Promise<CorpusScan> {
  const tree = prepareTree();
  const t0 = nowMs();
  const candidates = listCandidates(tree);
  const t1 = nowMs();
  // The same shared context as `lazymm check` over these files: LMM013 sees drops in other files.
  const outcomes = await scanFiles(candidates, { jobs, fileTimeoutS: CORPUS_FILE_BUDGET_S });
  const t2 = nowMs();
  return {
    tree,
    kernel: kernelVersion(tree),
    files: candidates.map((f, i) => ({ path: treePath(tree, f), outcome: outcomes[i]! })),
    listMs: t1 - t0,
    scanMs: t2 - t1,
    jobs,
  };
}

export function findingsOf(scan: CorpusScan): Array<{ path: string; finding: Finding }> {
  return scan.files.flatMap((f) => (f.outcome.kind === 'checked' ? f.outcome.result.findings.map((finding) => ({ path: f.path, finding })) : []));
}
