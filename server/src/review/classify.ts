// Which findings a change introduces, which it fixes and which it leaves. Line numbers shift with
// every hunk above a finding, so a finding is identified by what it is about instead: its rule,
// its function, the text of the line it points at and of the line its reference came from
// (whitespace-normalised), and its rank among findings sharing all of those. When the patch edits
// the very line a finding points at, a second pass pairs what is left by rule, function and
// message (line numbers blanked), so `return ret;` -> `return err;` on a leaking path stays one
// pre-existing leak instead of a new one plus a fixed one. No Node imports.
import type { Finding } from '../rules/finding';

export type FindingState = 'new' | 'fixed' | 'pre-existing';

export interface Classified {
  state: FindingState;
  /** The finding as the engine reported it: after the change, or before it for a fixed one. */
  finding: Finding;
  /** Which text `finding.range` refers to. */
  image: 'before' | 'after';
  /** For a pre-existing finding, its twin in the text before the change. */
  before?: Finding;
}

export interface ClassifyContext {
  preLines: readonly string[];
  postLines: readonly string[];
  /** 0-based lines of the old text the change removed, and of the new text it added. */
  removed: ReadonlySet<number>;
  added: ReadonlySet<number>;
}

const normalise = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The step a finding's reference came from (a grab, a get, a switch): the first that is not control flow. */
function originLine(f: Finding): number | undefined {
  return f.path.find((s) => s.kind !== 'branch' && s.kind !== 'jump' && s.kind !== 'exit')?.range.start.line;
}

function anchorKey(f: Finding, lines: readonly string[]): string {
  const origin = originLine(f);
  return [f.ruleId, f.functionName, normalise(lines[f.range.start.line]), origin === undefined ? '' : normalise(lines[origin])].join('\u0000');
}

function shapeKey(f: Finding): string {
  return [f.ruleId, f.functionName, f.message.replace(/\d+/g, 'N')].join('\u0000');
}

/** Whether the change wrote one of the lines the finding is identified by. */
function touches(f: Finding, changed: ReadonlySet<number>): boolean {
  const origin = originLine(f);
  return changed.has(f.range.start.line) || (origin !== undefined && changed.has(origin));
}

const byPosition = (a: Finding, b: Finding) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId);

/** Pairs findings of `before` and `after` that are the same hazard; returns them with the unpaired ones. */
export function classify(before: readonly Finding[], after: readonly Finding[], ctx: ClassifyContext): Classified[] {
  const pre = [...before].sort(byPosition);
  const post = [...after].sort(byPosition);
  const twin = new Map<Finding, Finding>(); // after -> before
  const pairedBefore = new Set<Finding>();

  const pair = (key: (f: Finding, lines: readonly string[]) => string, eligibleBefore: (f: Finding) => boolean, eligibleAfter: (f: Finding) => boolean) => {
    const queues = new Map<string, Finding[]>();
    for (const f of pre) {
      if (pairedBefore.has(f) || !eligibleBefore(f)) continue;
      const k = key(f, ctx.preLines);
      queues.set(k, [...(queues.get(k) ?? []), f]);
    }
    for (const f of post) {
      if (twin.has(f) || !eligibleAfter(f)) continue;
      const match = queues.get(key(f, ctx.postLines))?.shift();
      if (match) {
        twin.set(f, match);
        pairedBefore.add(match);
      }
    }
  };
  pair(anchorKey, () => true, () => true);
  pair(
    (f) => shapeKey(f),
    (f) => touches(f, ctx.removed),
    (f) => touches(f, ctx.added),
  );

  const out: Classified[] = [];
  for (const f of post) {
    const b = twin.get(f);
    out.push(b ? { state: 'pre-existing', finding: f, image: 'after', before: b } : { state: 'new', finding: f, image: 'after' });
  }
  for (const f of pre) if (!pairedBefore.has(f)) out.push({ state: 'fixed', finding: f, image: 'before' });
  return out;
}
