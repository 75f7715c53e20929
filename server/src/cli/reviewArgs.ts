// The `lazymm review` options: parsed once, each problem a one-line UsageError.
import { optionValue } from './args';
import { UsageError } from './files';

export type ReviewFormat = 'text' | 'json' | 'sarif' | 'reply';

export interface ReviewArgs {
  format: ReviewFormat;
  output?: string;
  /** Also write the draft reply here, whatever --format says. */
  reply?: string;
  quiet: boolean;
  /** Where the pre-images come from: a directory, or (for a revision range) the git repository. */
  tree?: string;
  configPath?: string;
  /** 0: no simulator delta. */
  simCpus: number;
  /** A patch file, an mbox, `-` for standard input, or a git revision range. */
  input: string;
}

export function parseReviewArgs(argv: string[], defaultSimCpus: number): ReviewArgs {
  const args: Partial<ReviewArgs> & { quiet: boolean; format: ReviewFormat; simCpus: number } = { format: 'text', quiet: false, simCpus: defaultSimCpus };
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string => {
      const read = optionValue(argv, i, name);
      i = read.last;
      return read.value;
    };
    if (a === '--') {
      inputs.push(...argv.slice(i + 1));
      break;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json' && f !== 'sarif' && f !== 'reply') throw new UsageError(`unknown format '${f}' (expected text, json, sarif or reply)`);
      args.format = f;
    } else if (a === '-o' || a === '--output' || a.startsWith('--output=')) args.output = value('--output');
    else if (a === '--reply' || a.startsWith('--reply=')) args.reply = value('--reply');
    else if (a === '-q' || a === '--quiet') args.quiet = true;
    else if (a === '--tree' || a.startsWith('--tree=')) args.tree = value('--tree');
    else if (a === '--config' || a.startsWith('--config=')) args.configPath = value('--config');
    else if (a === '--no-sim') args.simCpus = 0;
    else if (a === '--sim-cpus' || a.startsWith('--sim-cpus=')) {
      const v = value('--sim-cpus');
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 2 || n > 64) throw new UsageError(`option '--sim-cpus' needs a whole number from 2 to 64, not '${v}'`);
      args.simCpus = n;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' (see 'lazymm review --help')`);
    else inputs.push(a);
  }
  if (inputs.length === 0) throw new UsageError("no patch, mbox or revision range to review (see 'lazymm review --help')");
  if (inputs.length > 1) throw new UsageError(`one patch, mbox or revision range at a time, not ${inputs.length} (a series goes in one mbox)`);
  return { ...args, input: inputs[0]! };
}
