// The lazymm command line. Exit codes: 0 clean, 1 findings, 2 error (with a one-line reason).
import * as fs from 'node:fs';
import { checkText } from '../engine';
import { CParser } from '../parse/parser';
import { VERSION } from '../version';
import { describe, expandPaths, readSource, UsageError } from './files';
import { formatJson } from './format/json';
import type { FileReport } from './format/report';
import { formatSarif } from './format/sarif';
import { formatText, summaryLine } from './format/text';

const HELP = `usage: lazymm check [options] <file|dir>...

Finds lazy-mm lifetime hazards (mmgrab/mmdrop, mmget/mmput, active_mm, kthread_use_mm)
in Linux kernel C. Directories are searched for .c and .h files.

options:
  --format text|json|sarif   output format (default: text, gcc-style)
  -o, --output FILE          write the report to FILE instead of standard output
  -q, --quiet                no summary or notes on standard error
  -h, --help                 show this help
  -V, --version              show the version

exit status: 0 no findings, 1 findings, 2 error
`;

type Format = 'text' | 'json' | 'sarif';

interface CheckArgs {
  format: Format;
  output?: string;
  quiet: boolean;
  paths: string[];
}

function parseCheckArgs(argv: string[]): CheckArgs {
  const args: CheckArgs = { format: 'text', quiet: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option '${name}' needs a value`);
      return v;
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
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option '${a}' (see 'lazymm --help')`);
    } else {
      args.paths.push(a);
    }
  }
  if (args.paths.length === 0) throw new UsageError("no files or directories to check (see 'lazymm --help')");
  return args;
}

async function check(argv: string[]): Promise<number> {
  const args = parseCheckArgs(argv);
  const files = expandPaths(args.paths);
  const parser = await CParser.load();
  const reports: FileReport[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  for (const f of files) {
    const source = readSource(f.display);
    if (!source.ok) {
      // Named on the command line: an error. Found while walking a directory: skipped with a note.
      (f.explicit ? errors : notes).push(`${f.display}: ${f.explicit ? '' : 'skipped: '}${source.reason}`);
      continue;
    }
    if (source.note) notes.push(`${f.display}: ${source.note}`);
    const result = checkText(parser, source.text);
    for (const n of result.notes) notes.push(`${f.display}${n.range ? `:${n.range.start.line + 1}` : ''}: ${n.message}`);
    reports.push({ file: f.display, findings: result.findings, notes: result.notes });
  }
  const rendered = args.format === 'json' ? formatJson(reports) : args.format === 'sarif' ? formatSarif(reports) : formatText(reports);
  if (args.output !== undefined) {
    try {
      fs.writeFileSync(args.output, rendered);
    } catch (e) {
      throw new UsageError(`cannot write '${args.output}': ${describe(e)}`);
    }
  } else {
    process.stdout.write(rendered);
  }
  if (!args.quiet) {
    for (const n of notes) process.stderr.write(`lazymm: note: ${n}\n`);
    if (args.format === 'text' && files.length > 0) process.stderr.write(`${summaryLine(reports)}\n`);
  }
  for (const e of errors) process.stderr.write(`lazymm: error: ${e}\n`);
  if (errors.length) return 2;
  return reports.some((r) => r.findings.length > 0) ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        if (rest.includes('-h') || rest.includes('--help')) {
          process.stdout.write(HELP);
          return 0;
        }
        return await check(rest);
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case '-V':
      case '--version':
        process.stdout.write(`lazymm ${VERSION}\n`);
        return 0;
      case undefined:
        throw new UsageError("no command given (see 'lazymm --help')");
      default:
        throw new UsageError(`unknown command '${command}' (see 'lazymm --help')`);
    }
  } catch (e) {
    const reason = e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`lazymm: ${reason}\n`);
    return 2;
  }
}
