// The simulator's view of a patch: for each function the patch changes, its annotated path (the one
// "Simulate this path" replays) before and after, each run under every policy x architecture, and
// the verdicts side by side. A path whose steps did not change has the same verdicts, so it is not
// simulated again. Small machines (2 CPUs by default) keep every interleaving checked and the
// review quick: a violation needs the path's CPU and one other.
import type { Step } from '../paths/step';
import { simulate } from '../sim/simulate';
import type { FunctionSim, SimCell, SimVerdict } from './types';

export interface SimOptions {
  cpus: number;
}

export const DEFAULT_SIM_CPUS = 2;

/** The path as the simulator reads it: kinds and messages (line numbers aside, which shift). */
export function pathSignature(steps: readonly Step[]): string {
  return steps.map((s) => `${s.kind}:${s.message.replace(/\bline \d+/g, 'line N')}`).join('\n');
}

interface Verdicts {
  cells: Map<string, SimVerdict>;
  notes: string[];
}

/** Runs paths through the simulator, each distinct path once. */
export class PathSimulator {
  private readonly cache = new Map<string, Verdicts>();

  constructor(private readonly options: SimOptions) {}

  private verdicts(steps: readonly Step[]): Verdicts | null {
    if (steps.length === 0) return null;
    const key = pathSignature(steps);
    let v = this.cache.get(key);
    if (!v) {
      const r = simulate({ path: { steps }, cpus: this.options.cpus });
      v = { cells: new Map(), notes: r.notes };
      for (const x of r.results) {
        const verdict: SimVerdict = { safe: x.verdict.safe };
        if (x.verdict.violation) Object.assign(verdict, { invariant: x.verdict.violation.invariant, name: x.verdict.violation.name, message: x.verdict.violation.message });
        v.cells.set(`${x.policy}\u0000${x.arch}`, verdict);
      }
      this.cache.set(key, v);
    }
    return v;
  }

  /** Null when neither side has a path, or (in `same-path`) the verdicts are the same by construction. */
  compare(file: string, functionName: string, before: readonly Step[] | undefined, after: readonly Step[] | undefined): FunctionSim | null {
    const b = before ?? [];
    const a = after ?? [];
    if (b.length === 0 && a.length === 0) return null;
    if (pathSignature(b) === pathSignature(a)) return { file, functionName, status: 'same-path', cells: [], notes: [] };
    const vb = this.verdicts(b);
    const va = this.verdicts(a);
    const keys = new Set([...(vb?.cells.keys() ?? []), ...(va?.cells.keys() ?? [])]);
    const cells: SimCell[] = [...keys].map((k) => {
      const [policy, arch] = k.split('\u0000') as [string, string];
      const before = vb?.cells.get(k) ?? null;
      const after = va?.cells.get(k) ?? null;
      return { policy, arch, before, after, changed: before?.safe !== after?.safe || before?.invariant !== after?.invariant };
    });
    return { file, functionName, status: 'compared', cells, notes: [...new Set([...(vb?.notes ?? []), ...(va?.notes ?? [])])] };
  }
}

/** The cells of a comparison that changed, by how: what a reviewer reads first is `unsafe`. */
export function changes(s: FunctionSim): { unsafe: SimCell[]; safe: SimCell[]; other: SimCell[] } {
  const changed = s.cells.filter((c) => c.changed);
  return {
    // Safe before (or no path) and unsafe after: what the patch breaks.
    unsafe: changed.filter((c) => c.after !== null && !c.after.safe && (c.before === null || c.before.safe)),
    // Unsafe before and safe (or gone) after: what it repairs.
    safe: changed.filter((c) => c.before !== null && !c.before.safe && (c.after === null || c.after.safe)),
    // Unsafe before and after, for another reason.
    other: changed.filter((c) => c.before !== null && !c.before.safe && c.after !== null && !c.after.safe),
  };
}

/** "unsafe (invariant 3 cpumask-covers-lazy)" */
export function describeVerdict(v: SimVerdict | null): string {
  if (v === null) return 'no path';
  return v.safe ? 'safe' : `unsafe (invariant ${v.invariant} ${v.name})`;
}
