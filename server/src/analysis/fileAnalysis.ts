// Analyses the functions of one parsed file: which to explore, same-file summaries, path
// exploration under a time budget, and the IRQ state callers hand to static callees.
import type { Tree } from 'web-tree-sitter';
import type { KernelConfig } from '../parse/config';
import type { LineIndex } from '../parse/lineIndex';
import type { Note } from '../rules/finding';
import type { AnalysedFunction } from '../rules/rule';
import { apiEffect } from './apiModel';
import { buildCfg, type Cfg } from './cfg';
import { exploreFunction } from './explore';
import { findFunctions, type FunctionInfo } from './functions';
import { prescanFunction, type FunctionPrescan } from './prescan';
import { summarizeFunctions, type EffectLookup } from './summaries';
import { nodesOfType } from './nodeIndex';

/**
 * Words that make a function worth exploring path by path. Most functions of a kernel file never
 * touch an mm; skipping them is most of the speed of a tree scan.
 */
export const RELEVANT = /\b(?:mm(?:grab|drop|get|put)\w*|get_task_mm|mm_access|mm_alloc|kthread_(?:un)?use_mm|tlb_gather_mmu\w*|tlb_finish_mmu|(?:inc|dec)_tlb_flush_pending|switch_mm\w*|enter_lazy_tlb|active_mm|mm_cpumask|find_task_by_vpid|find_task_by_pid_ns|pid_task|get_pid_task|find_get_task_by_vpid|get_proc_task|for_each_process\w*|for_each_thread)\b|->mm\s*=[^=]|->mm->/;

export interface FileAnalysisOptions {
  config: KernelConfig;
  externalSummaries?: EffectLookup;
  budgetMs: number;
  /** Date.now() when the budget runs out: parsing counted too. */
  deadline: number;
  /** The editor's per-function cache (functionCache.ts): which explorations it can stand in for. */
  reuse?: Reuse;
}

/** What an exploration that is not run again must still tell the rest of the file. */
export interface ReusedFlow {
  callsIrqsOff: ReadonlyMap<string, boolean>;
  truncated: boolean;
}

/**
 * Called once the explored functions are prescanned, before any is explored: returns, for each
 * function and IRQ state at entry, the outputs an earlier analysis of the same inputs left, if any.
 */
export type Reuse = (
  prepared: ReadonlyArray<{ fn: FunctionInfo; pre: FunctionPrescan }>,
  lookup: EffectLookup,
  localFunctions: ReadonlySet<string>,
) => (fn: FunctionInfo, irqsOff: boolean) => ReusedFlow | undefined;

/** A function explored now (with its flow), or one whose earlier outputs stand in for that. */
export type FunctionAnalysis = (AnalysedFunction & { irqsOff: boolean }) | { fn: FunctionInfo; pre: FunctionPrescan; irqsOff: boolean; reused: ReusedFlow };

function isStatic(fn: FunctionInfo): boolean {
  return fn.node.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
}

/** Static functions whose every call in the file runs with IRQs off start with IRQs off. */
function irqsOffByCallers(functions: FunctionAnalysis[]): Set<string> {
  const verdict = new Map<string, boolean>();
  for (const f of functions) {
    for (const [callee, off] of 'flow' in f ? f.flow.callsIrqsOff : f.reused.callsIrqsOff) verdict.set(callee, (verdict.get(callee) ?? true) && off);
  }
  return new Set([...verdict].filter(([, off]) => off).map(([name]) => name));
}

export function analyzeFunctions(tree: Tree, text: string, lines: LineIndex, options: FileAnalysisOptions): { analysed: FunctionAnalysis[]; notes: Note[] } {
  const notes: Note[] = [];
  // The definitions of the modelled API (mmgrab() itself, ...) are the model, not code to check.
  const functions = findFunctions(tree).filter((f) => !apiEffect(f.name));
  const relevant = functions.filter((f) => RELEVANT.test(text.slice(f.body.startIndex, f.body.endIndex)));
  const summaries = summarizeFunctions(relevant, (name) => apiEffect(name) ?? options.externalSummaries?.(name), options.deadline);
  const lookup: EffectLookup = (name) => apiEffect(name) ?? summaries.get(name) ?? options.externalSummaries?.(name);
  const relevantNames = new Set(relevant.map((f) => f.name));
  const localNames = new Set(functions.map((f) => f.name));
  // Also the callers of relevant functions: the IRQ state at a call site flows into a static callee.
  // A regex over the body's text first: most functions call none of them, and walking every body's
  // nodes on each keystroke was most of an editor's re-analysis.
  const callPattern = relevantNames.size > 0 ? new RegExp(`\\b(?:${[...relevantNames].join('|')})\\s*\\(`) : undefined;
  const callsRelevant = (f: FunctionInfo) =>
    callPattern !== undefined && Date.now() < options.deadline && callPattern.test(text.slice(f.body.startIndex, f.body.endIndex)) && nodesOfType(f.body, 'call_expression').some((c) => relevantNames.has(c.childForFieldName('function')?.text ?? ''));
  const explored = functions.filter((f) => relevantNames.has(f.name) || callsRelevant(f));

  const deadline = options.deadline;
  // The prescans of all explored functions come before any exploration (the editor's cache needs
  // them all), so they may use half of what is left: a budget that ran out on them would leave a
  // huge file with nothing explored, hence no finding at all.
  const prescanDeadline = Date.now() + (deadline - Date.now()) / 2;
  const prepared: Array<{ fn: FunctionInfo; pre: FunctionPrescan; cfg: Cfg }> = [];
  for (const fn of explored) {
    if (Date.now() > prescanDeadline) break;
    const cfg = buildCfg(fn.body);
    prepared.push({ fn, cfg, pre: prescanFunction(fn, cfg, lookup, text) });
  }
  const reused = options.reuse?.(prepared, lookup, localNames);
  const run = ({ fn, pre, cfg }: (typeof prepared)[number], irqsOff: boolean): FunctionAnalysis => {
    const kept = reused?.(fn, irqsOff);
    if (kept) return { fn, pre, irqsOff, reused: kept };
    return { fn, pre, irqsOff, flow: exploreFunction(fn, cfg, pre, { lookup, lines, source: text, config: options.config, localFunctions: localNames }, irqsOff) };
  };
  const analysed: FunctionAnalysis[] = [];
  for (const p of prepared) {
    if (Date.now() > deadline) break;
    analysed.push(run(p, p.pre.irqsOffAtEntry));
  }
  // Both loops above stop at a prefix of `explored`: one note says where the analysis stopped.
  const first = explored[analysed.length];
  if (first) {
    notes.push({
      message: `analysis budget of ${options.budgetMs / 1000} s ran out: ${explored.length - analysed.length} of ${explored.length} functions, from ${first.name}() on, were not analysed`,
      range: lines.rangeOf(first.node.startIndex, first.node.startIndex),
    });
  }
  // Callers' IRQ state flows into static callees (context_switch runs under __schedule's rq lock).
  const offByCallers = irqsOffByCallers(analysed);
  for (let i = 0; i < analysed.length; i++) {
    const p = prepared[i]!;
    if (offByCallers.has(p.fn.name) && isStatic(p.fn) && !p.pre.irqsOffAtEntry && Date.now() < deadline) analysed[i] = run(p, true);
  }
  for (const a of analysed) {
    if ('flow' in a ? a.flow.truncated : a.reused.truncated) notes.push({ message: `${a.fn.name}: too many paths; the analysis stopped early and may miss findings`, range: lines.rangeOf(a.fn.node.startIndex, a.fn.node.startIndex) });
  }
  return { analysed, notes };
}
