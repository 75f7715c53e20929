// A finding is plain data: the LSP, the CLI and SARIF only render it.
import type { Range, Step } from '../paths/step';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  /** First line: what is wrong, in a reviewer's terms. */
  message: string;
  range: Range;
  /** The function the finding is in. */
  functionName: string;
  /** The ordered steps that lead to the finding. */
  path: Step[];
  /** The kernel configuration the finding holds for (which #if branches were read). */
  config?: string;
  /** Mechanical changes that resolve it, best first: the LSP's quick fixes, the CLI's --fix. */
  fixes?: Fix[];
}

/** One replacement in the finding's file; an insertion has an empty range. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A change that resolves a finding, as edits of its file that never overlap. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply on its own ("auto fix"): the one that repairs the code as intended. */
  preferred?: boolean;
}

/** Something the engine could not analyse, said plainly instead of thrown. */
export interface Note {
  message: string;
  range?: Range;
}

export interface CheckResult {
  findings: Finding[];
  notes: Note[];
}
