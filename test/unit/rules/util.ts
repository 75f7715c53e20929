// Shared by the per-rule fixture tests: one rule's findings on a small kernel-style source, with
// lines and path steps in the 1-based numbering a reader counts by hand.
import { checkText, type CheckOptions } from '../../../server/src/engine';
import { CParser } from '../../../server/src/parse/parser';
import type { Finding } from '../../../server/src/rules/finding';
import { check } from '../../helpers';

/** Findings of every rule; with options (fileName, fieldsDroppedElsewhere) through the engine directly. */
export async function all(src: string, options?: CheckOptions): Promise<Finding[]> {
  const result = options ? checkText(await CParser.load(), src, options) : await check(src);
  return result.findings;
}

/** The findings of one rule only, so other rules' findings do not make a test brittle. */
export async function findingsOf(src: string, ruleId: string, options?: CheckOptions): Promise<Finding[]> {
  return (await all(src, options)).filter((f) => f.ruleId === ruleId);
}

/** The 1-based lines one rule reports, in source order. */
export async function linesOf(src: string, ruleId: string, options?: CheckOptions): Promise<number[]> {
  return (await findingsOf(src, ruleId, options)).map((f) => f.range.start.line + 1);
}

/** A finding's path as [step kind, 1-based line] pairs. */
export function steps(f: Finding): Array<[string, number]> {
  return f.path.map((s) => [s.kind, s.range.start.line + 1]);
}

/** Every finding as "LMMnnn@line", for the tests that assert silence of all rules on clean code. */
export async function summary(src: string, options?: CheckOptions): Promise<string[]> {
  return (await all(src, options)).map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
}
