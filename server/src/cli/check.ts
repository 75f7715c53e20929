// `lazymm check`: the files' findings as text, JSON or SARIF.
import { DEFAULT_FILE_TIMEOUT_S, parseCheckArgs } from './args';
import { expandPaths } from './files';
import { formatJson } from './format/json';
import type { FileReport } from './format/report';
import { formatSarif } from './format/sarif';
import { formatText, summaryLine } from './format/text';
import { writeReport } from './output';
import { DEFAULT_CONFIG } from '../parse/config';
import { scanFiles } from './scan';
import { readKernelConfigFile } from './scanContext';

export const CHECK_HELP = `usage: lazymm check [options] <file|dir>...

Finds lazy-mm lifetime hazards (mmgrab/mmdrop, mmget/mmput, active_mm, kthread_use_mm)
in Linux kernel C. Directories are searched for .c and .h files.

options:
  --format text|json|sarif   output format (default: text, gcc-style)
  -o, --output FILE          write the report to FILE instead of standard output
  -q, --quiet                no summary or notes on standard error
  --config FILE              a kernel .config: which #if branches to read (default:
                             an x86_64 SMP configuration; findings say which held)
  -j, --jobs N               files analysed in parallel (default: number of CPUs; 1: no workers)
  --file-timeout SECONDS     skip a file whose analysis takes longer, with a note
                             (default: ${DEFAULT_FILE_TIMEOUT_S}; 0: no limit)
  -h, --help                 show this help
  -V, --version              show the version

exit status: 0 no findings, 1 findings, 2 error
`;

export async function check(argv: string[]): Promise<number> {
  const args = parseCheckArgs(argv);
  const files = expandPaths(args.paths);
  const paths = files.map((f) => f.display);
  const config = args.configPath === undefined ? undefined : readKernelConfigFile(args.configPath);
  const outcomes = await scanFiles(paths, { jobs: args.jobs, fileTimeoutS: args.fileTimeoutS, ...(config ? { config } : {}) });
  const reports: FileReport[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  // Assembled in the order of `files`, whatever order the workers finished in.
  files.forEach((f, i) => {
    const outcome = outcomes[i]!;
    switch (outcome.kind) {
      case 'unreadable':
        // Named on the command line: an error. Found while walking a directory: skipped with a note.
        (f.explicit ? errors : notes).push(`${f.display}: ${f.explicit ? '' : 'skipped: '}${outcome.reason}`);
        return;
      case 'crashed':
        // An engine bug: loud (exit 2), but the other files are still checked and reported.
        errors.push(`${f.display}: internal error: ${outcome.reason}`);
        return;
      case 'timeout': {
        // Kept in the report so JSON and SARIF say which file was not analysed, not only stderr.
        const note = { message: `skipped: analysis exceeded ${outcome.seconds} s` };
        notes.push(`${f.display}: ${note.message}`);
        reports.push({ file: f.display, findings: [], notes: [note] });
        return;
      }
      case 'checked':
        if (outcome.decodeNote) notes.push(`${f.display}: ${outcome.decodeNote}`);
        for (const n of outcome.result.notes) notes.push(`${f.display}${n.range ? `:${n.range.start.line + 1}` : ''}: ${n.message}`);
        reports.push({ file: f.display, findings: outcome.result.findings, notes: outcome.result.notes });
    }
  });
  const rendered = args.format === 'json' ? formatJson(reports) : args.format === 'sarif' ? formatSarif(reports) : formatText(reports);
  writeReport(args.output, rendered);
  if (!args.quiet) {
    for (const n of notes) process.stderr.write(`lazymm: note: ${n}\n`);
    if (args.format === 'text' && files.length > 0) process.stderr.write(`${summaryLine(reports, config?.label ?? DEFAULT_CONFIG.label)}\n`);
  }
  for (const e of errors) process.stderr.write(`lazymm: error: ${e}\n`);
  if (errors.length) return 2;
  return reports.some((r) => r.findings.length > 0) ? 1 : 0;
}
