// The engine's front door: kernel C text in, findings and notes out. No LSP, no VS Code, no file system.
import { analyzeFunctions, RELEVANT, type FunctionAnalysis } from './analysis/fileAnalysis';
import type { CachedFunction, FunctionCache } from './functionCache';
import type { EffectLookup } from './analysis/summaries';
import { DEFAULT_CONFIG, type KernelConfig } from './parse/config';
import type { IncrementalTree } from './parse/incremental';
import { LineIndex } from './parse/lineIndex';
import type { CParser } from './parse/parser';
import type { Position, Range, Step } from './paths/step';
import type { CheckResult, Finding } from './rules/finding';
import { RULES } from './rules/index';
import type { FileFacts } from './rules/rule';
import { applySuppressions, mayHoldSuppressions, suppressionFix } from './rules/suppressions';

export interface CheckOptions {
  /** The kernel configuration that picks #if branches; findings say which one they hold for. */
  config?: KernelConfig;
  /** The file's path as the user knows it: some rules differ between arch/ and generic code. */
  fileName?: string;
  /** Summaries of functions elsewhere in the workspace, consulted after the file's own. */
  externalSummaries?: EffectLookup;
  /** Struct fields some other file of the workspace drops (mmdrop(x->f)): see LMM013. */
  fieldsDroppedElsewhere?: ReadonlySet<string>;
  /** Stop exploring further functions after this long; the result notes what was left out. */
  budgetMs?: number;
  /** An editor's document: parse incrementally from its last tree, and keep the new one. */
  incremental?: IncrementalTree;
  /** An editor's document: re-analyse only the functions an edit changed (functionCache.ts). */
  functionCache?: FunctionCache;
}

/** Enough for any real kernel file (the largest take well under a second); generated ones stop here. */
export const DEFAULT_BUDGET_MS = 5000;

/** What an editor needs besides the findings: the functions, and what the analysis knew inside them. */
export interface FunctionReport {
  name: string;
  /** The whole definition. */
  range: Range;
  /** Explored path by path (it touches mm lifetimes), not skipped. */
  explored: boolean;
  /** Where statements and conditions start, with what some path holds there. */
  heldAt: Array<{ at: Position; held: string[] }>;
  /**
   * The path "Simulate this path" replays: the path of the function's first finding (from the
   * function's entry when it ends at a return), else the path to a return that does the most to
   * mm lifetimes. Empty when no path does anything.
   */
  path: Step[];
  /** The rule of the finding whose path `path` is, when it is one. */
  pathRuleId?: string;
}

export interface EditorResult extends CheckResult {
  functions: FunctionReport[];
}

/** Larger texts are analysed window by window, so a generated 20 MB file yields what fits the budget. */
const WINDOW_CHARS = 1 << 20;

export function checkText(parser: CParser, text: string, options: CheckOptions = {}): CheckResult {
  const { findings, notes } = analyzeText(parser, text, options);
  return { findings, notes };
}

/**
 * Whether a one-shot check of `text` can have anything to say. Only functions whose body matches
 * RELEVANT are explored (their callers only when some function is), file-level rules read only
 * explored functions, and LMM000 needs a suppression comment: a text with neither cannot produce a
 * finding or a note, so it need not be cleaned up or parsed. Most files of a kernel tree are such.
 */
export function mayHaveFindings(text: string): boolean {
  return RELEVANT.test(text) || mayHoldSuppressions(text);
}

/** checkText plus the per-function facts the language server shows (code lenses, hovers). */
export function analyzeText(parser: CParser, text: string, options: CheckOptions = {}): EditorResult {
  // An editor's document keeps its tree and cache for the next edit, so it is always parsed.
  if (!options.incremental && !options.functionCache && !mayHaveFindings(text)) return { findings: [], notes: [], functions: [] };
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  if (text.length <= WINDOW_CHARS) return checkWindow(parser, text, options, budgetMs, deadline);
  const findings: Finding[] = [];
  const notes: CheckResult['notes'] = [];
  const functions: FunctionReport[] = [];
  let line = 0;
  for (let start = 0; start < text.length; ) {
    // Windows end after a top-level closing brace, so no function is cut in two.
    let end = text.indexOf('\n}\n', start + WINDOW_CHARS);
    end = end < 0 ? text.length : end + 3;
    if (Date.now() > deadline) {
      notes.push({ message: `analysis budget of ${budgetMs / 1000} s ran out in this ${(text.length / 1048576).toFixed(1)} MiB file: lines ${line + 1} to the end were not analysed`, range: { start: { line, character: 0 }, end: { line, character: 0 } } });
      break;
    }
    // Blank lines in front keep every line and column of the window equal to the file's.
    const window = '\n'.repeat(line) + text.slice(start, end);
    const r = checkWindow(parser, window, options, budgetMs, deadline);
    findings.push(...r.findings);
    notes.push(...r.notes);
    functions.push(...r.functions);
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
    start = end;
  }
  return { findings, notes, functions };
}

/** Steps that change or use a reference, as opposed to the control flow between them. */
function lifetimeSteps(steps: readonly Step[]): number {
  let n = 0;
  for (const s of steps) if (s.kind !== 'branch' && s.kind !== 'jump' && s.kind !== 'exit') n++;
  return n;
}

function simulated(finding: Finding | undefined, exits: ReadonlyArray<{ trail: Step[] }>): { path: Step[]; pathRuleId?: string } {
  const path = simulatedPath(finding?.path, exits);
  return finding ? { path, pathRuleId: finding.ruleId } : { path };
}

function simulatedPath(findingPath: Step[] | undefined, exits: ReadonlyArray<{ trail: Step[] }>): Step[] {
  const same = (a: Step | undefined, b: Step | undefined) => !!a && !!b && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  if (findingPath) {
    // A finding's path starts where its reference was taken; the simulator also needs what came
    // before on the way to the same return (IRQs disabled, an earlier switch): that exit's trail.
    const end = findingPath[findingPath.length - 1];
    const trail = end?.kind === 'exit' ? exits.find((e) => same(e.trail[e.trail.length - 1], end) && findingPath.every((s) => e.trail.some((t) => same(t, s) && t.kind === s.kind)))?.trail : undefined;
    return trail ?? findingPath;
  }
  let best: Step[] = [];
  let bestCount = 0;
  for (const e of exits) {
    const n = lifetimeSteps(e.trail);
    if (n > bestCount) {
      best = e.trail;
      bestCount = n;
    }
  }
  return best;
}

function checkWindow(parser: CParser, text: string, options: CheckOptions, budgetMs: number, deadline: number): EditorResult {
  const config = options.config ?? DEFAULT_CONFIG;
  // Windows of a huge file are parsed afresh: only a whole document keeps its tree.
  const incremental = options.incremental && text.length <= WINDOW_CHARS ? options.incremental : undefined;
  // Bodies of functions the analysis will not explore are blanked before parsing (parse/focus.ts).
  const previous = incremental?.previousFor(text);
  const edit = previous ? incremental?.lastEdit : undefined;
  const tree = parser.parse(text, previous, config, { relevantBody: RELEVANT, ...(edit ? { edit } : {}), ...(incremental ? {} : { oneShot: true }) });
  try {
    const lines = new LineIndex(text);
    const fileBase: Omit<FileFacts, 'functions'> = {
      ...(options.fileName ? { fileName: options.fileName } : {}),
      ...(options.fieldsDroppedElsewhere ? { fieldsDroppedElsewhere: options.fieldsDroppedElsewhere } : {}),
      source: text,
      lines,
    };
    // The per-function cache only for a whole document: windows of a huge file are one-offs.
    const cache = text.length <= WINDOW_CHARS ? options.functionCache : undefined;
    const session = cache?.begin(text, lines, fileBase, config);
    const { analysed, notes } = analyzeFunctions(tree, text, lines, {
      config,
      budgetMs,
      deadline,
      ...(options.externalSummaries ? { externalSummaries: options.externalSummaries } : {}),
      ...(session ? { reuse: session.reuse } : {}),
    });
    const file: FileFacts = { ...fileBase, functions: analysed };
    let findings: Finding[] = [];
    const reports = new Map<FunctionAnalysis, Pick<CachedFunction, 'heldAt' | 'trails'>>();
    for (const a of analysed) {
      if ('flow' in a) {
        const own: Finding[] = [];
        for (const rule of RULES) if (rule.check) own.push(...rule.check({ ...a, file }));
        // Empty entries too: a hover needs the nearest statement, also where nothing is held.
        const report = { heldAt: [...a.flow.heldAt].map(([offset, held]) => ({ at: lines.positionAt(offset), held: [...held] })), trails: a.flow.exits.map((e) => e.trail) };
        const key = session?.keyOf(a.fn, a.irqsOff);
        if (cache && key !== undefined) cache.store(key, { findings: own, ...report, callsIrqsOff: new Map(a.flow.callsIrqsOff), truncated: a.flow.truncated });
        findings.push(...own);
        reports.set(a, report);
      } else {
        // Only the cache makes reused analyses, and it makes them from CachedFunction entries.
        const kept = a.reused as CachedFunction;
        findings.push(...kept.findings);
        reports.set(a, kept);
      }
    }
    cache?.finish();
    for (const rule of RULES) if (rule.checkFile) findings.push(...rule.checkFile(file));
    // Before applySuppressions, whose own LMM000 findings are about suppressions and get none.
    findings = findings.map((f) => ({ ...f, fixes: [...(f.fixes ?? []), suppressionFix(f, lines)] }));
    findings = applySuppressions(findings, text, lines).map((f) => ({ ...f, config: config.label }));
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    const functions: FunctionReport[] = analysed.map((a) => {
      const { heldAt, trails } = reports.get(a)!;
      return {
        name: a.fn.name,
        range: lines.rangeOf(a.fn.node.startIndex, a.fn.node.endIndex),
        explored: true,
        heldAt,
        ...simulated(findings.find((f) => f.functionName === a.fn.name && lifetimeSteps(f.path) > 0), trails.map((trail) => ({ trail }))),
      };
    });
    return { findings, notes, functions };
  } finally {
    // wasm memory is not garbage-collected: a tree is deleted now, or by the document that keeps it.
    if (incremental) incremental.keep(tree, text);
    else tree.delete();
  }
}
