// One file's job, the same in this thread and in a worker: read, decode, analyse, and turn
// whatever happens into plain data that can cross a worker boundary (structured clone).
import { checkText, DEFAULT_BUDGET_MS, mayHaveFindings, type CheckOptions } from '../engine';
import { asEffect } from '../analysis/workspaceSummaries';
import { parseKernelConfig } from '../parse/config';
import type { CParser } from '../parse/parser';
import type { CheckResult } from '../rules/finding';
import { plainText } from '../input';
import { readSource } from './files';
import type { ScanContext } from './protocol';

export type FileOutcome =
  /** Could not be read or is not C text (binary, too large). */
  | { kind: 'unreadable'; reason: string }
  | { kind: 'checked'; result: CheckResult; decodeNote?: string; ms: number }
  /** Abandoned after the per-file budget; the run goes on without it. */
  | { kind: 'timeout'; seconds: number }
  /** The engine threw or its worker died: an engine bug, reported as an error for this file only. */
  | { kind: 'crashed'; reason: string };

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * The engine's own budget: past it, it stops exploring and notes what it left out, which beats
 * skipping the file. Never below its default; raised with a longer --file-timeout, to half of it,
 * so a slow file ends with partial findings before the hard limit stops its worker.
 */
export function engineBudgetMs(fileTimeoutS: number): number {
  return Math.max(DEFAULT_BUDGET_MS, (fileTimeoutS * 1000) / 2);
}

const optionsCache = new WeakMap<ScanContext, Omit<CheckOptions, 'fileName'>>();

/** The engine options a scan's files share, built once per context (and so once per worker). */
export function sharedOptions(context: ScanContext): Omit<CheckOptions, 'fileName'> {
  let options = optionsCache.get(context);
  if (!options) {
    const summaries = new Map(context.summaries.map((s) => [s.name, asEffect(s)]));
    options = {
      budgetMs: engineBudgetMs(context.fileTimeoutS),
      fieldsDroppedElsewhere: new Set(context.droppedFields),
      externalSummaries: (name) => summaries.get(name),
      ...(context.config ? { config: parseKernelConfig(context.config.text, context.config.label) } : {}),
    };
    optionsCache.set(context, options);
  }
  return options;
}

/**
 * Whether the outcome of analysing a file with these bytes is known without analysing it: plain
 * text that can have no finding (engine.ts mayHaveFindings). Then it is quietOutcome(), what
 * analyzeFile would return; most files of a tree are like this, and the pre-pass that reads them
 * anyway tells the scan, which then neither reads them again nor hands them to a parser.
 */
export function isQuiet(bytes: Buffer): boolean {
  const text = plainText(bytes);
  return text !== undefined && !mayHaveFindings(text);
}

export function quietOutcome(): FileOutcome {
  return { kind: 'checked', result: { findings: [], notes: [] }, ms: 0 };
}

export function analyzeFile(parser: CParser, file: string, context: ScanContext): FileOutcome {
  const source = readSource(file);
  if (!source.ok) return { kind: 'unreadable', reason: source.reason };
  const start = nowMs();
  try {
    const result = checkText(parser, source.text, { ...sharedOptions(context), fileName: file });
    const ms = nowMs() - start;
    return source.note === undefined ? { kind: 'checked', result, ms } : { kind: 'checked', result, decodeNote: source.note, ms };
  } catch (e) {
    return { kind: 'crashed', reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * In this thread nothing can interrupt a running analysis, so the budget is applied afterwards:
 * an over-budget file is dropped exactly as the pool drops it, which keeps `--jobs 1` output the
 * same as a parallel run's.
 */
export function applyBudget(outcome: FileOutcome, budgetS: number): FileOutcome {
  if (budgetS > 0 && outcome.kind === 'checked' && outcome.ms > budgetS * 1000) return { kind: 'timeout', seconds: budgetS };
  return outcome;
}
