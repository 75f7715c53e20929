// `lazymm review`: a patch, an mbox of a series or a git revision range in; for each patch the
// hazards it introduces, fixes and leaves, the simulator's verdicts before and after, and a draft
// reply in the kernel's mail conventions. Exit 0 when no patch introduces a finding, 1 when one
// does, 2 on an error (the patch unreadable, no diff in it, no file of it readable, a bad range, no git).
import { parseKernelConfig } from '../parse/config';
import { CParser } from '../parse/parser';
import { parsePatchInput } from '../review/mbox';
import { reviewReplies } from '../review/reply';
import { reviewSeries } from '../review/review';
import { DEFAULT_SIM_CPUS } from '../review/simDelta';
import { UsageError } from './files';
import { formatReviewJson } from './format/reviewJson';
import { formatReviewSarif } from './format/reviewSarif';
import { formatReviewText, reviewSummary } from './format/reviewText';
import { writeFile, writeReport } from './output';
import { parseReviewArgs } from './reviewArgs';
import { loadPatchSource } from './reviewSource';
import { readKernelConfigFile } from './scanContext';

export const REVIEW_HELP = `usage: lazymm review [options] <patch|mbox|-|rev-range>

Reviews a patch, or a series in order: applies it to the files it changes, analyses the
functions it touches before and after, and reports each finding as new, fixed or
pre-existing, with its path; the lazy-TLB simulator's verdicts on those functions before
and after; and a draft reply in the kernel's mail conventions.

  <patch>       a .patch/.diff file (git format-patch, git diff or diff -u), or - for stdin
  <mbox>        a series as b4 am or git format-patch --stdout saves it ([PATCH v2 2/3]
                order; a cover letter and replies are skipped)
  <rev-range>   A..B (or A, meaning A..HEAD) in the git repository --tree or the current
                directory: git format-patch A..B, files read at the base of the range

options:
  --tree DIR                the tree the patch applies to (a kernel checkout or unpacked
                            source). Without it (and for a file), each file is reconstructed
                            from its hunks alone, which the output says: partial functions
  --format text|json|sarif|reply
                            output (default text, gcc-style; sarif: one run per patch with
                            baselineState new/unchanged/absent; reply: the draft replies)
  -o, --output FILE         write the output to FILE instead of standard output
  --reply FILE              also write the draft replies to FILE (an mbox, one message per
                            patch that introduces a hazard; none when nothing to say)
  --config FILE             a kernel .config: which #if branches to read
  --sim-cpus N              CPUs of the simulated machine (default ${DEFAULT_SIM_CPUS}: every interleaving)
  --no-sim                  no simulator delta
  -q, --quiet               no notes or summary on standard error
  -h, --help                show this help

Per-file problems (an unreadable diff, a hunk that does not apply, a binary or non-C
file, a file not in the tree) are notes on that file; the rest is still reviewed.

exit status: 0 no patch introduces a finding, 1 some patch does, 2 error
`;

export async function review(argv: string[]): Promise<number> {
  const args = parseReviewArgs(argv, DEFAULT_SIM_CPUS);
  const config = args.configPath === undefined ? undefined : readKernelConfigFile(args.configPath);
  const source = loadPatchSource(args.input, args.tree);
  const input = parsePatchInput(source.text);
  if (input.patches.length === 0 || input.patches.every((p) => p.files.length === 0)) {
    // An empty revision range is nothing to review, not an error.
    if (source.text.trim() === '' && source.readFile) {
      if (!args.quiet) process.stderr.write(`lazymm: note: no commits in '${args.input}'\n`);
      return 0;
    }
    throw new UsageError(`no diff found in '${args.input}'`);
  }
  const result = reviewSeries(input.patches, {
    parser: await CParser.load(),
    ...(source.readFile ? { readFile: source.readFile } : {}),
    ...(config ? { config: parseKernelConfig(config.text, config.label) } : {}),
    simulator: args.simCpus === 0 ? false : { cpus: args.simCpus },
  });
  result.notes.unshift(...input.notes, ...source.notes);
  const replies = args.format === 'reply' || args.reply !== undefined ? reviewReplies(result) : '';
  const rendered =
    args.format === 'json' ? formatReviewJson(result) : args.format === 'sarif' ? formatReviewSarif(result, args.tree ?? process.cwd()) : args.format === 'reply' ? replies : formatReviewText(result);
  writeReport(args.output, rendered);
  if (args.reply !== undefined) writeFile(args.reply, replies);
  if (!args.quiet) {
    for (const n of result.notes) process.stderr.write(`lazymm: note: ${n}\n`);
    if ((args.format === 'reply' || args.reply !== undefined) && replies === '') process.stderr.write('lazymm: note: no patch introduces a hazard: no reply drafted\n');
    if (args.format === 'text' || args.format === 'reply') process.stderr.write(`${reviewSummary(result)}\n`);
  }
  // Nothing reviewable at all (every diff unreadable) must not pass for a clean patch.
  const files = result.patches.flatMap((p) => p.files);
  if (files.some((f) => f.status === 'error') && !files.some((f) => f.status === 'reviewed')) {
    process.stderr.write(`lazymm: error: no file of '${args.input}' could be reviewed (see the notes above)\n`);
    return 2;
  }
  return result.counts.new > 0 ? 1 : 0;
}
