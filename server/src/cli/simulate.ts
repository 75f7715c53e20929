// `lazymm simulate`: the lazy-TLB policy simulator from the command line. A canned scenario, or a
// function's annotated path (the analysis's, as the editor's "Simulate this path" lens replays it)
// run inside one, for each policy x architecture and CPU count; the table as text or JSON.
import * as fs from 'node:fs';
import { analyzeText } from '../engine';
import { DEFAULT_CONFIG, parseKernelConfig, type KernelConfig } from '../parse/config';
import { CParser } from '../parse/parser';
import { MAX_CPUS, simulate, type SimulationResult } from '../sim';
import { describe, readSource, UsageError } from './files';
import { formatSimulationJson } from './format/simulationJson';
import { formatSimulationList } from './format/simulationList';
import { unsafeCount, type SimulatedSource, type SimulationReport } from './format/simulationReport';
import { formatSimulationText } from './format/simulationText';
import { writeReport } from './output';
import { readKernelConfigFile } from './scanContext';
import { DEFAULT_SIM_CPUS, parseSimulateArgs, type SimulateArgs, type SimulateTarget } from './simulateArgs';

export const SIMULATE_HELP = `usage: lazymm simulate [options] [SCENARIO | FILE.c:FUNCTION]

Runs the lazy-TLB policy simulator: a canned scenario, or the annotated path of a C
function (run on CPU 0 while the scenario runs on the others), under each policy and
architecture. Prints a verdict per policy x architecture (safe, or the first invariant
broken) with the costs: atomics, remote cache-line transfers, IPIs, IPIs sent by the
policy itself, remote loads, exit latency, throughput. Without an argument it runs the
default scenario; 'lazymm simulate --list' names the scenarios, policies and
architectures.

options:
  --policy P[,P...]     policies to compare (default: all)
  --arch A[,A...]       architectures (default: all)
  --cpus N[,N...]       CPU counts, one table each (default: ${DEFAULT_SIM_CPUS}; up to ${MAX_CPUS}). Up to 4
                        CPUs every interleaving is explored (within a state budget: a few
                        seconds), above that a few seeded random schedules
  --seed N              seed of the schedules (default: 1); the same seed, the same result
  --scenario NAME       the scenario a FILE:FUNCTION path runs in (default: context-switch)
  --task kthread|user   the path runs as a kernel thread lazily on the scenario's mm
                        (default) or as a thread of the scenario's process
  --config FILE         a kernel .config for the analysis of FILE (default: x86_64 SMP)
  --trace               print the steps that led to each violation
  --list                list scenarios, policies, architectures and invariants
  --format text|json    output format (default: text)
  -o, --output FILE     write the result to FILE instead of standard output
  -q, --quiet           no notes on standard error
  -h, --help            show this help

JSON: {tool, version, positionEncoding, source: null | {file, function, range, config,
task, path}, unsafe, simulations: [{scenario, title, cpus, seed, notes, invariants,
results: [{policy, arch, verdict: {safe, violation, checked}, atomics, remoteTransfers,
ipis, policyIpis, loads, exitLatencyNs, throughput, ...}]}], notes}, one simulation per
CPU count; lines and columns 0-based.

exit status: 0 every verdict safe, 1 some policy x architecture violates an invariant,
2 error (one line on standard error)
`;

function loadConfig(configPath: string | undefined): KernelConfig {
  if (configPath === undefined) return DEFAULT_CONFIG;
  const { text, label } = readKernelConfigFile(configPath);
  return parseKernelConfig(text, label);
}

/** Analyse FILE and return FUNCTION's annotated path, or a one-line reason why there is none. */
async function loadSource(target: Exclude<SimulateTarget, { kind: 'scenario' }>, args: SimulateArgs, notes: string[]): Promise<SimulatedSource> {
  const file = target.file;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new UsageError(`cannot access '${file}': ${describe(e)}`);
  }
  if (stat.isDirectory()) throw new UsageError(`'${file}' is a directory: name a C file and one of its functions, FILE.c:FUNCTION`);
  const config = loadConfig(args.configPath);
  const read = readSource(file);
  if (!read.ok) throw new UsageError(`'${file}': ${read.reason}`);
  if (read.note !== undefined) notes.push(`${file}: ${read.note}`);
  const analysis = analyzeText(await CParser.load(), read.text, { config, fileName: file });
  for (const n of analysis.notes) notes.push(`${file}${n.range ? `:${n.range.start.line + 1}` : ''}: ${n.message}`);
  const withPath = [...new Set(analysis.functions.filter((f) => f.path.length > 0).map((f) => f.name))];
  const choices = withPath.length > 0 ? `functions with an mm-lifetime path: ${withPath.join(', ')}` : 'it has no function with an mm-lifetime path';
  if (target.kind === 'file') throw new UsageError(`name a function to simulate: ${file}:FUNCTION (${choices})`);
  const fn = analysis.functions.find((f) => f.name === target.name && f.path.length > 0) ?? analysis.functions.find((f) => f.name === target.name);
  if (fn === undefined) throw new UsageError(`no function '${target.name}' touching mm lifetimes in ${file} (${choices})`);
  if (fn.path.length === 0) throw new UsageError(`${target.name}() in ${file} has no path that takes, drops or uses an mm reference: nothing to simulate`);
  return { file, function: fn.name, range: fn.range, config: config.label, task: args.task ?? 'kthread', path: fn.path };
}

/** The engine's notes and each result's, once each, prefixed with whom they concern. */
function simulationNotes(sims: readonly SimulationResult[], requested: readonly number[]): string[] {
  const out: string[] = [];
  for (const [i, s] of sims.entries()) {
    // With several counts, say which run a note is about: the count asked for (the engine may have clamped it).
    const at = sims.length > 1 ? `--cpus ${requested[i]}: ` : '';
    for (const n of s.notes) out.push(`${at}${n}`);
    for (const r of s.results) for (const n of r.notes) out.push(`${at}${r.policy} on ${r.arch}: ${n}`);
  }
  return [...new Set(out)];
}

export async function simulateCommand(argv: string[]): Promise<number> {
  const args = parseSimulateArgs(argv);
  const notes: string[] = [];
  let rendered: string;
  let unsafe = 0;
  if (args.list) {
    rendered = formatSimulationList(args.format);
  } else {
    const target = args.target;
    const source = target !== null && target.kind !== 'scenario' ? await loadSource(target, args, notes) : null;
    if (source === null && args.configPath !== undefined) notes.push('--config is read only with FILE:FUNCTION: ignored');
    if (source === null && args.task !== undefined) notes.push('--task applies only with FILE:FUNCTION: ignored');
    const scenario = target?.kind === 'scenario' ? target.name : args.scenario;
    const simulations = args.cpus.map((cpus) =>
      simulate({
        ...(scenario !== undefined ? { scenario } : {}),
        ...(source !== null ? { path: { steps: source.path, task: source.task } } : {}),
        ...(args.policies ? { policies: args.policies } : {}),
        ...(args.archs ? { archs: args.archs } : {}),
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        cpus,
      }),
    );
    notes.push(...simulationNotes(simulations, args.cpus));
    const report: SimulationReport = { source, simulations, notes };
    unsafe = unsafeCount(report);
    rendered = args.format === 'json' ? formatSimulationJson(report) : formatSimulationText(report, { trace: args.trace });
  }
  writeReport(args.output, rendered);
  if (!args.quiet) for (const n of notes) process.stderr.write(`lazymm: note: ${n}\n`);
  return unsafe > 0 ? 1 : 0;
}
