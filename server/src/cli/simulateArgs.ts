// The `lazymm simulate` options: parsed once and validated against the simulator's own name
// lists, so an unknown policy, architecture or scenario is a one-line UsageError naming the valid
// ones, before any analysis or simulation starts.
import { ARCH_NAMES, POLICY_NAMES, SCENARIO_NAMES } from '../sim';
import { optionValue } from './args';
import { UsageError } from './files';

export type SimulateFormat = 'text' | 'json';

/** What to simulate: a canned scenario alone, or a function's annotated path inside one. */
export type SimulateTarget =
  | { kind: 'scenario'; name: string }
  | { kind: 'function'; file: string; name: string }
  /** A file named without a function: an error that lists the file's functions (simulate.ts). */
  | { kind: 'file'; file: string };

export interface SimulateArgs {
  target: SimulateTarget | null;
  /** --scenario: the scenario a function's path runs in (or the scenario itself). */
  scenario?: string;
  policies?: string[];
  archs?: string[];
  /** One simulation per count, in the order given. */
  cpus: number[];
  seed?: number;
  configPath?: string;
  /** The path's context: a kernel thread lazily on the scenario's mm (default), or a user thread. */
  task?: 'kthread' | 'user';
  trace: boolean;
  list: boolean;
  format: SimulateFormat;
  output?: string;
  quiet: boolean;
}

export const DEFAULT_SIM_CPUS = 4;

/** "a, b or c", for error messages that list the valid names. */
export function oneOf(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Comma-separated, repeatable: `--policy refcount,hazard --policy shootdown`. */
function names(option: string, what: string, raw: string, valid: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of raw.split(',').map((s) => s.trim())) {
    if (n === '') throw new UsageError(`option '${option}' needs a comma-separated list of ${what}s, not '${raw}'`);
    if (!valid.includes(n)) throw new UsageError(`unknown ${what} '${n}' (expected ${oneOf(valid)})`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

function wholeNumber(option: string, v: string, min: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`option '${option}' needs a whole number${min > 0 ? ` of at least ${min}` : ''}, not '${v}'`);
  return n;
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/**
 * A scenario name, FILE:FUNCTION, or a bare file (reported later with the file's functions). A
 * word that is neither a scenario nor looks like a path is an unknown scenario.
 */
function parseTarget(arg: string): SimulateTarget {
  if (SCENARIO_NAMES.includes(arg)) return { kind: 'scenario', name: arg };
  const colon = arg.lastIndexOf(':');
  if (colon > 0 && IDENTIFIER.test(arg.slice(colon + 1))) return { kind: 'function', file: arg.slice(0, colon), name: arg.slice(colon + 1) };
  if (colon > 0 && colon === arg.length - 1) throw new UsageError(`'${arg}' names no function (expected FILE:FUNCTION)`);
  if (/[/.]/.test(arg)) return { kind: 'file', file: arg };
  throw new UsageError(`unknown scenario '${arg}' (expected ${oneOf(SCENARIO_NAMES)}, or FILE:FUNCTION)`);
}

export function parseSimulateArgs(argv: string[]): SimulateArgs {
  const args: SimulateArgs = { target: null, cpus: [], trace: false, list: false, format: 'text', quiet: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string => {
      const read = optionValue(argv, i, name);
      i = read.last;
      return read.value;
    };
    const is = (...opts: string[]) => opts.some((o) => a === o || (o.startsWith('--') && a.startsWith(`${o}=`)));
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    } else if (is('--policy')) {
      args.policies = [...(args.policies ?? []), ...names('--policy', 'policy', value('--policy'), POLICY_NAMES)];
    } else if (is('--arch')) {
      args.archs = [...(args.archs ?? []), ...names('--arch', 'architecture', value('--arch'), ARCH_NAMES)];
    } else if (is('--cpus')) {
      for (const c of value('--cpus').split(',')) args.cpus.push(wholeNumber('--cpus', c.trim(), 1));
    } else if (is('--seed')) {
      const seed = wholeNumber('--seed', value('--seed'), 0);
      if (seed > 0xffffffff) throw new UsageError(`option '--seed' needs a whole number below 2^32, not '${seed}'`);
      args.seed = seed;
    } else if (is('--scenario')) {
      args.scenario = names('--scenario', 'scenario', value('--scenario'), SCENARIO_NAMES)[0];
    } else if (is('--config')) {
      args.configPath = value('--config');
    } else if (is('--task')) {
      const t = value('--task');
      if (t !== 'kthread' && t !== 'user') throw new UsageError(`unknown task '${t}' (expected kthread or user)`);
      args.task = t;
    } else if (a === '--trace') {
      args.trace = true;
    } else if (a === '--list') {
      args.list = true;
    } else if (is('--format')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format '${f}' (expected text or json)`);
      args.format = f;
    } else if (is('-o', '--output')) {
      args.output = value('--output');
    } else if (a === '-q' || a === '--quiet') {
      args.quiet = true;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option '${a}' (see 'lazymm simulate --help')`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length > 1) throw new UsageError(`one scenario or FILE:FUNCTION at a time, not ${positional.length} ('${positional.join("', '")}')`);
  if (positional.length === 1) args.target = parseTarget(positional[0]!);
  const t = args.target;
  if (t?.kind === 'scenario' && args.scenario !== undefined && args.scenario !== t.name) {
    throw new UsageError(`two scenarios given: '${t.name}' and --scenario '${args.scenario}'`);
  }
  if (args.cpus.length === 0) args.cpus.push(DEFAULT_SIM_CPUS);
  return args;
}
