// Explores the paths of one function's CFG, breadth first, carrying a PathState along each and
// merging paths whose states are equal. Yields the state at every return plus the observations
// (hazards) met on the way.
import type { SyntaxNode } from './syntaxNode';
import type { KernelConfig } from '../parse/config';
import type { LineIndex } from '../parse/lineIndex';
import type { Step } from '../paths/step';
import type { Cfg } from './cfg';
import type { FunctionInfo } from './functions';
import { factLiveness, type FactLiveness } from './factLiveness';
import { copyState, initialState, signature, stepsOf, withStep, type Held, type PathState } from './pathState';
import type { FunctionPrescan } from './prescan';
import type { EffectLookup } from './summaries';
import type { Observation } from './observations';
import { Transfer } from './transfer';
import { nodesOfType } from './nodeIndex';

export interface ExitObservation {
  /** The return statement, or the closing brace when control falls off the end. */
  node: SyntaxNode;
  held: Held[];
  /** A change of current->mm / active_mm with no full barrier after it on this path. */
  mmChange?: Step;
  trail: Step[];
}

export interface FunctionFlow {
  exits: ExitObservation[];
  observations: Observation[];
  /** IRQs were off at a call to these functions of the same file, on every path that reached it. */
  callsIrqsOff: Map<string, boolean>;
  /** Start offsets of the statements and conditions some path reached under the configuration. */
  reached: Set<number>;
  /** What some path holds when it reaches the statement or condition at each offset (for hovers). */
  heldAt: Map<number, Set<string>>;
  /**
   * Sites (Held.site) of the references every path holds, checked non-NULL, when it reaches the
   * statement, condition or label at each offset: where a release can go without a double drop.
   */
  mustHold: Map<number, Set<number>>;
  /** The same, right after the simple statement ending at each offset: its effects applied. */
  mustHoldAfter: Map<number, Set<number>>;
  /** The same, for the paths that fall into the label at each offset from the code above it (not by goto). */
  mustHoldFallingInto: Map<number, Set<number>>;
  /** The exploration hit its budget: some paths were not followed. */
  truncated: boolean;
}

/**
 * Node visits after which paths that differ only in facts no later condition reads are merged
 * (factLiveness.ts). Exact for findings, but each merge keeps one path's steps where there were
 * two, and a function without findings simulates the path that does the most: small functions
 * keep every such path; those with thousands of visits (kvmhv_vcpu_entry_p9: 17,655 visits,
 * copy_process, io_uring_create) explore far fewer states (the three: 195 -> 110 ms, warm).
 */
const LIVE_FACTS_AFTER = 2_000;

/** Node visits per function before we stop and say so: bounds time on pathological code. */
const VISIT_BUDGET = 20_000;

export interface ExploreContext {
  lookup: EffectLookup;
  lines: LineIndex;
  source: string;
  config: KernelConfig;
  localFunctions: ReadonlySet<string>;
}

export function exploreFunction(fn: FunctionInfo, cfg: Cfg, pre: FunctionPrescan, ctx: ExploreContext, irqsOffAtEntry: boolean): FunctionFlow {
  const { lookup, lines, source, localFunctions } = ctx;
  const observations: Observation[] = [];
  const reached = new Set<number>();
  const heldAt = new Map<number, Set<string>>();
  const mustHold = new Map<number, Set<number>>();
  const mustHoldAfter = new Map<number, Set<number>>();
  const mustHoldFallingInto = new Map<number, Set<number>>();
  const holdEverywhere = (into: Map<number, Set<number>>, offset: number, state: PathState) => {
    const sites = state.held.filter((h) => !h.maybeNull).map((h) => h.site);
    const before = into.get(offset);
    if (before?.size === 0) return; // nothing is held on every path here, and never will be
    into.set(offset, new Set(before ? sites.filter((s) => before.has(s)) : sites));
  };
  // What a hover says is held: one string per reference, not one per visit of every node.
  const labels = new Map<Step, [string, string]>();
  const heldLabel = (h: Held): string => {
    let pair = labels.get(h.acquired);
    if (!pair) {
      const base = `${h.acquired.message} (line ${h.acquired.range.start.line + 1})`;
      labels.set(h.acquired, (pair = [base, `${base}, maybe NULL`]));
    }
    return pair[h.maybeNull ? 1 : 0];
  };
  const t = new Transfer(fn, pre, lookup, lines, source, (o) => observations.push(o), ctx.config);
  const exits: ExitObservation[] = [];
  const callsIrqsOff = new Map<string, boolean>();
  // The signatures each node was reached with: one set per node, so no key joins node and state.
  const seen: Array<Set<string> | undefined> = new Array(cfg.nodes.length);
  // Entries all have `jumped`, for one object shape (see initialState).
  const queue: Array<{ node: number; state: PathState; jumped: boolean }> = [{ node: cfg.entry, state: initialState(irqsOffAtEntry), jumped: false }];
  let truncated = false;
  // Worked out when first needed: most functions never reach LIVE_FACTS_AFTER visits.
  let live: FactLiveness | undefined | null = null;

  // The same-file functions each CFG node calls, computed once per node: tree walks are costly.
  const callsOf = new Map<number, string[]>();
  const noteCalls = (id: number, ast: SyntaxNode, s: PathState) => {
    let names = callsOf.get(id);
    if (!names) {
      names = nodesOfType(fn.body, 'call_expression', ast).flatMap((c) => {
        const name = c.childForFieldName('function')?.text;
        return name && localFunctions.has(name) ? [name] : [];
      });
      callsOf.set(id, names);
    }
    for (const name of names) callsIrqsOff.set(name, (callsIrqsOff.get(name) ?? true) && s.irqsOff);
  };

  for (let head = 0; head < queue.length; head++) {
    if (head > VISIT_BUDGET) {
      truncated = true;
      break;
    }
    const { node: id, state, jumped } = queue[head]!;
    const node = cfg.nodes[id]!;
    // Before the merge below: a path falling into a label may merge with one that jumped there.
    if (node.label && !jumped) holdEverywhere(mustHoldFallingInto, node.label.startIndex, state);
    if (head >= LIVE_FACTS_AFTER && live === null) live = factLiveness(cfg, pre.repeatedConditions);
    const liveHere = live ?? undefined;
    const key = signature(state, liveHere ? (k) => liveHere(id, k) : undefined);
    const seenHere = (seen[id] ??= new Set());
    if (seenHere.has(key)) continue;
    seenHere.add(key);
    if (node.ast) {
      reached.add(node.ast.startIndex);
      let held = heldAt.get(node.ast.startIndex);
      if (!held) heldAt.set(node.ast.startIndex, (held = new Set()));
      for (const h of state.held) held.add(heldLabel(h));
    }
    const place = node.ast ?? node.label;
    if (place) holdEverywhere(mustHold, place.startIndex, state);
    switch (node.kind) {
      case 'cond': {
        noteCalls(id, node.ast!, state);
        for (const [taken, to] of [[true, node.succ[0]!], [false, node.succ[1]!]] as const) {
          const s = copyState(state);
          if (t.branch(s, node.ast!, taken)) queue.push({ node: to, state: s, jumped: false });
        }
        break;
      }
      case 'return': {
        const s = copyState(state);
        noteCalls(id, node.ast!, s);
        t.returns(s, node.ast!);
        const ends = node.ast!.type === 'return_statement' ? 'returns' : 'falls off the end of the function';
        s.trail = withStep(s.trail, t.step('exit', node.ast!, s.held.length ? `${ends} here with the reference still held` : `${ends} here`));
        exits.push({ node: node.ast!, held: s.held, trail: stepsOf(s.trail), ...(s.mmChange ? { mmChange: s.mmChange } : {}) });
        break;
      }
      case 'goto': {
        const s = copyState(state);
        s.trail = withStep(s.trail, t.step('jump', node.ast!, `jumps to '${node.ast!.childForFieldName('label')?.text ?? ''}'`));
        for (const to of node.succ) queue.push({ node: to, state: s, jumped: true });
        break;
      }
      case 'stmt':
      case 'switch': {
        const s = copyState(state);
        if (node.ast) {
          noteCalls(id, node.ast, s);
          t.effects(s, node.ast);
          if (node.kind === 'stmt') holdEverywhere(mustHoldAfter, node.ast.endIndex, s);
        }
        for (const to of node.succ) queue.push({ node: to, state: node.succ.length > 1 ? copyState(s) : s, jumped: false });
        break;
      }
      default:
        for (const to of node.succ) queue.push({ node: to, state, jumped: false });
    }
  }
  return { exits, observations, callsIrqsOff, reached, heldAt, mustHold, mustHoldAfter, mustHoldFallingInto, truncated };
}
