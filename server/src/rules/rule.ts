// What every rule is: stable metadata plus a check over one analysed function.
import type { RefFlow } from '../analysis/refFlow';
import type { FunctionInfo } from '../analysis/functions';
import type { LineIndex } from '../parse/lineIndex';
import type { Finding, Severity } from './finding';

export interface FunctionFacts {
  fn: FunctionInfo;
  flow: RefFlow;
  lines: LineIndex;
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
  check(facts: FunctionFacts): Finding[];
}
