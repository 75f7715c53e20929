// The lazymm command line: one module per command, dispatched here. Exit codes: 0 clean,
// 1 findings, 2 error (with a one-line reason on standard error).
import { VERSION } from '../version';
import { check, CHECK_HELP } from './check';
import { UsageError } from './files';
import { review, REVIEW_HELP } from './review';
import { SIMULATE_HELP, simulateCommand } from './simulate';

interface Command {
  /** One line for `lazymm --help`. */
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  check: { summary: 'find lazy-mm lifetime hazards in C files and directories', help: CHECK_HELP, run: check },
  simulate: { summary: "run the lazy-TLB policy simulator on a scenario or a function's path", help: SIMULATE_HELP, run: simulateCommand },
  review: { summary: 'review a patch, mbox series or git range: new, fixed and pre-existing hazards, simulator delta, draft reply', help: REVIEW_HELP, run: review },
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: lazymm <command> [options] ...

Lazy-mm lifetime checking for Linux kernel C (mmgrab/mmdrop, mmget/mmput, active_mm,
kthread_use_mm) and the lazy-TLB policy simulator.

commands:
${lines.join('\n')}

'lazymm <command> --help' describes a command's options.
  -h, --help     show this help
  -V, --version  show the version

exit status: 0 nothing found, 1 something found (a finding, an unsafe verdict, a hazard a
patch introduces), 2 error; each command's --help says which
`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    switch (name) {
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(overview());
        return 0;
      case '-V':
      case '--version':
        process.stdout.write(`lazymm ${VERSION}\n`);
        return 0;
      case undefined:
        throw new UsageError("no command given (see 'lazymm --help')");
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) throw new UsageError(`unknown command '${name}' (see 'lazymm --help')`);
    if (rest.includes('-h') || rest.includes('--help')) {
      process.stdout.write(command.help);
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    const reason = e instanceof UsageError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`lazymm: ${reason}\n`);
    return 2;
  }
}
