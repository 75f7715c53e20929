// What every rule is: stable metadata plus a check over one analysed function (and, for rules that
// need the whole file, over the file).
import type { SyntaxNode } from '../analysis/syntaxNode';
import type { FunctionFlow } from '../analysis/explore';
import type { FunctionInfo } from '../analysis/functions';
import type { FunctionPrescan } from '../analysis/prescan';
import type { LineIndex } from '../parse/lineIndex';
import type { Step, StepKind } from '../paths/step';
import type { Finding, Severity } from './finding';

export interface AnalysedFunction {
  fn: FunctionInfo;
  flow: FunctionFlow;
  pre: FunctionPrescan;
}

export interface FileFacts {
  /** Path of the file as the caller knows it (relative to the tree for a scan), if any. */
  fileName?: string;
  /** Fields dropped by other files of the workspace, when the caller scanned one. */
  fieldsDroppedElsewhere?: ReadonlySet<string>;
  source: string;
  lines: LineIndex;
  /** Every analysed function of the file, with its prescan (its flow is its own rules' business). */
  functions: ReadonlyArray<{ fn: FunctionInfo; pre: FunctionPrescan }>;
}

export interface FunctionFacts extends AnalysedFunction {
  file: FileFacts;
}

export interface Rule {
  /** Stable public ID (docs/rules.md): diagnostics, SARIF ruleId, suppressions. */
  id: string;
  name: string;
  severity: Severity;
  /** One line for SARIF's shortDescription and hovers. */
  summary: string;
  /** The rule's docs file next to its source, shipped in the VSIX under dist/rules/. */
  docFile: string;
  check?(facts: FunctionFacts): Finding[];
  /**
   * The facts of the rest of the file that check() reads besides the function itself, as plain
   * data: the editor re-checks a function only when its text or these change (functionCache.ts).
   */
  fileInputs?(file: FileFacts): unknown;
  checkFile?(file: FileFacts): Finding[];
}

/** The steps of a trail from `from` (inclusive) on; the whole trail when `from` is not in it. */
export function pathFrom(trail: Step[], from: Step | undefined): Step[] {
  const i = from ? trail.indexOf(from) : -1;
  return i >= 0 ? trail.slice(i) : [...trail];
}

export function stepAt(lines: LineIndex, node: SyntaxNode, kind: StepKind, message: string): Step {
  return { kind, range: lines.rangeOf(node.startIndex, node.endIndex), message };
}

export function makeFinding(rule: Rule, functionName: string, lines: LineIndex, node: SyntaxNode, message: string, path: Step[]): Finding {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    message,
    range: lines.rangeOf(node.startIndex, node.endIndex),
    functionName,
    path,
  };
}

/** One finding per key: paths that reach the same hazard differently are one problem. */
export function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
