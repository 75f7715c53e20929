// The `lazymm check` options: parsed once, validated with a one-line reason (a UsageError) each.
import * as os from 'node:os';
import { UsageError } from './files';

export type Format = 'text' | 'json' | 'sarif';

/** Generous for kernel files (the slowest of Linux 6.12 takes well under a second) yet short enough that one pathological file cannot stall a CI job. */
export const DEFAULT_FILE_TIMEOUT_S = 10;

export interface CheckArgs {
  format: Format;
  output?: string;
  quiet: boolean;
  /** Files analysed at once; 1 runs in this thread, more use a worker_threads pool. */
  jobs: number;
  /** Per-file analysis budget in seconds; 0 means none. */
  fileTimeoutS: number;
  /** A kernel .config choosing the #if branches. */
  configPath?: string;
  paths: string[];
}

export function defaultJobs(): number {
  // availableParallelism honours CPU affinity and cgroup limits where cpus() does not.
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

function positiveInteger(name: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`option '${name}' needs a whole number of at least 1, not '${v}'`);
  return n;
}

function seconds(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`option '${name}' needs a number of seconds (0 for no limit), not '${v}'`);
  return n;
}

/**
 * The value of the option at argv[i] (`--name=value`, or `--name value`/`-o value`) and the index
 * of the last argument it used: every command's parser reads its options' values this way.
 */
export function optionValue(argv: readonly string[], i: number, name: string): { value: string; last: number } {
  const a = argv[i]!;
  const eq = a.indexOf('=');
  if (a.startsWith('--') && eq >= 0) return { value: a.slice(eq + 1), last: i };
  const value = argv[i + 1];
  if (value === undefined) throw new UsageError(`option '${name}' needs a value`);
  return { value, last: i + 1 };
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const args: CheckArgs = { format: 'text', quiet: false, jobs: defaultJobs(), fileTimeoutS: DEFAULT_FILE_TIMEOUT_S, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string => {
      const read = optionValue(argv, i, name);
      i = read.last;
      return read.value;
    };
    if (a === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (expected text, json or sarif)`);
      args.format = f;
    } else if (a === '-o' || a === '--output' || a.startsWith('--output=')) {
      args.output = value('--output');
    } else if (a === '-q' || a === '--quiet') {
      args.quiet = true;
    } else if (a === '-j' || a === '--jobs' || a.startsWith('--jobs=')) {
      args.jobs = positiveInteger('--jobs', value('--jobs'));
    } else if (a === '--config' || a.startsWith('--config=')) {
      args.configPath = value('--config');
    } else if (a === '--file-timeout' || a.startsWith('--file-timeout=')) {
      args.fileTimeoutS = seconds('--file-timeout', value('--file-timeout'));
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option '${a}' (see 'lazymm --help')`);
    } else {
      args.paths.push(a);
    }
  }
  if (args.paths.length === 0) throw new UsageError("no files or directories to check (see 'lazymm --help')");
  return args;
}
