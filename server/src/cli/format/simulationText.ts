// `lazymm simulate` as text: per CPU count, a heading, a policy x architecture table (verdict,
// how far the check went, the main costs), then each distinct violation once with the
// combinations it breaks and where, and with --trace the steps that led to it. Steps of the
// annotated path are printed as `file:line:col: message`, like `lazymm check`'s notes.
import type { Range } from '../../paths/step';
import type { PolicyArchResult, SimulationResult, TraceStep, Violation } from '../../sim';
import type { SimulatedSource, SimulationReport } from './simulationReport';
import { renderTable, type Align } from './simulationTable';

export interface TextOptions {
  trace: boolean;
}

/** 3 significant digits with an SI prefix: throughputs span 1e3 to 1e9. */
function si(v: number): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, unit] of units) if (Math.abs(v) >= scale) return `${(v / scale).toPrecision(3)}${unit}`;
  return v.toPrecision(3);
}

export function duration(ns: number): string {
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} us`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

export function verdictText(r: PolicyArchResult): string {
  const v = r.verdict.violation;
  return v === null ? 'safe' : `violates ${v.invariant}: ${v.name}`;
}

function checkedText(r: PolicyArchResult): string {
  const c = r.verdict.checked;
  switch (c.mode) {
    case 'exhaustive':
      return c.complete ? `all ${c.states} states` : `${c.states} states (budget)`;
    case 'random':
      return `${c.schedules} schedules`;
    case 'timed':
      return 'timed run';
  }
}

interface Column {
  header: string;
  align: Align;
  cell(r: PolicyArchResult): string;
  /** Shown only when some row has something to say (a scenario without exits has no exit latency). */
  optional?: (r: PolicyArchResult) => boolean;
}

function columns(sim: SimulationResult): Column[] {
  const unit = sim.results.find((r) => r.throughput !== null)?.throughput?.unit ?? 'throughput';
  return [
    { header: 'policy', align: 'left', cell: (r) => r.policy },
    { header: 'arch', align: 'left', cell: (r) => r.arch },
    { header: 'verdict', align: 'left', cell: verdictText },
    { header: 'checked', align: 'left', cell: checkedText },
    { header: 'atomics', align: 'right', cell: (r) => String(r.atomics) },
    { header: 'remote', align: 'right', cell: (r) => String(r.remoteTransfers) },
    { header: 'IPIs', align: 'right', cell: (r) => String(r.ipis) },
    { header: 'policy IPIs', align: 'right', cell: (r) => String(r.policyIpis) },
    { header: 'loads', align: 'right', cell: (r) => String(r.loads) },
    { header: 'TLBI bcast', align: 'right', cell: (r) => String(r.broadcastFlushes), optional: (r) => r.broadcastFlushes > 0 },
    { header: 'host flushes', align: 'right', cell: (r) => String(r.hostFlushes), optional: (r) => r.hostFlushes > 0 },
    { header: 'exit latency', align: 'right', cell: (r) => (r.exitLatencyNs === null ? '-' : duration(r.exitLatencyNs)), optional: (r) => r.exitLatencyNs !== null },
    { header: unit, align: 'right', cell: (r) => (r.throughput === null ? '-' : si(r.throughput.value)), optional: (r) => r.throughput !== null },
  ];
}

function heading(sim: SimulationResult, source: SimulatedSource | null): string {
  const machine = `${sim.scenario} (${sim.title}), ${sim.cpus} CPU${sim.cpus === 1 ? '' : 's'}, seed ${sim.seed}`;
  if (source === null) return machine;
  const as = source.task === 'kthread' ? 'a kernel thread' : 'a user thread';
  return `${source.function}() at ${source.file}:${source.range.start.line + 1}, run as ${as} in ${machine}`;
}

/**
 * Where a violation happened in the source: its failing step's range, or for a leak, which the
 * engine detects on the path's return (an event with no source of its own), the path's last step.
 */
function violationRange(v: Violation): Range | undefined {
  if (v.range !== undefined) return v.range;
  const last = v.trace[v.trace.length - 1];
  if (last?.event !== 'pathEnd') return undefined;
  for (let i = v.trace.length - 2; i >= 0; i--) {
    const s = v.trace[i]!;
    if (s.cpu === last.cpu && s.range !== undefined) return s.range;
  }
  return undefined;
}

function at(source: SimulatedSource | null, range: Range | undefined): string {
  return source !== null && range !== undefined ? `${source.file}:${range.start.line + 1}:${range.start.character + 1}: ` : '';
}

/** "refcount on x86, arm64; hazard on every architecture", or "every policy and architecture". */
function whereLabel(members: readonly PolicyArchResult[], sim: SimulationResult): string {
  const archs = [...new Set(sim.results.map((r) => r.arch))];
  const policies = [...new Set(sim.results.map((r) => r.policy))];
  if (members.length === sim.results.length) {
    const policy = policies.length === 1 ? policies[0]! : 'every policy';
    return archs.length === 1 ? `${policy} on ${archs[0]}` : policies.length === 1 ? `${policy} on every architecture` : 'every policy and architecture';
  }
  const parts: string[] = [];
  for (const p of policies) {
    const mine = members.filter((m) => m.policy === p).map((m) => m.arch);
    if (mine.length === 0) continue;
    parts.push(`${p} on ${mine.length === archs.length && archs.length > 1 ? 'every architecture' : mine.join(', ')}`);
  }
  return parts.join('; ');
}

function traceLines(v: Violation, source: SimulatedSource | null): string[] {
  const rows = v.trace.map((s: TraceStep, i) => [
    `#${s.seq}`,
    `CPU ${s.cpu}`,
    `${Math.round(s.t)} ns`,
    `${s.range !== undefined ? at(source, s.range) : ''}${s.text}${i === v.trace.length - 1 ? `  <- violates ${v.invariant}` : ''}`,
  ]);
  const out = renderTable(null, rows, ['right', 'left', 'right', 'left']).map((l) => `    ${l}`);
  // Clocks only move forward within a phase; the scenario proper starts them again at 0 after the
  // prologue that set it up, which would otherwise read as time going backwards.
  const last = new Map<number, number>();
  const restart = v.trace.findIndex((s) => {
    const before = last.get(s.cpu);
    last.set(s.cpu, s.t);
    return before !== undefined && s.t < before;
  });
  if (restart > 0) out.splice(restart, 0, '    -- set-up done: the scenario starts, clocks from 0 --');
  if (v.truncated) out.unshift('    (earlier steps not kept)');
  return out;
}

function violationLines(sim: SimulationResult, source: SimulatedSource | null, opts: TextOptions): string[] {
  // The same violation under several policies or architectures is told once.
  const groups = new Map<string, PolicyArchResult[]>();
  for (const r of sim.results) {
    const v = r.verdict.violation;
    if (v === null) continue;
    const key = `${v.invariant}\u0000${v.message}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: string[] = [];
  for (const members of groups.values()) {
    const v = members[0]!.verdict.violation!;
    out.push(`invariant ${v.invariant} (${v.name}) under ${whereLabel(members, sim)}:`);
    out.push(`  ${at(source, violationRange(v))}${v.message}`);
    if (opts.trace) {
      out.push(`  trace (${members[0]!.policy} on ${members[0]!.arch}, ${v.trace.length} step${v.trace.length === 1 ? '' : 's'}):`);
      out.push(...traceLines(v, source));
    }
  }
  return out;
}

function simulationLines(sim: SimulationResult, source: SimulatedSource | null, opts: TextOptions): string[] {
  const cols = columns(sim).filter((c) => c.optional === undefined || sim.results.some(c.optional));
  const rows = sim.results.map((r) => cols.map((c) => c.cell(r)));
  const unsafe = sim.results.filter((r) => !r.verdict.safe).length;
  const total = sim.results.length;
  const hint = unsafe > 0 && !opts.trace ? ' (--trace shows the steps)' : '';
  const summary = total === 1 ? `${unsafe === 0 ? 'safe' : 'unsafe'}${hint}` : `${unsafe === 0 ? `safe under all ${total}` : `unsafe under ${unsafe} of ${total}`} policy x architecture combinations${hint}`;
  return [
    heading(sim, source),
    '',
    ...renderTable(
      cols.map((c) => c.header),
      rows,
      cols.map((c) => c.align),
    ),
    '',
    summary,
    ...violationLines(sim, source, opts),
  ];
}

export function formatSimulationText(report: SimulationReport, opts: TextOptions): string {
  const blocks = report.simulations.map((s) => simulationLines(s, report.source, opts).join('\n'));
  return `${blocks.join('\n\n')}\n`;
}
