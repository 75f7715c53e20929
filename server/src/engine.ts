// The engine's front door: kernel C text in, findings and notes out. No LSP, no VS Code, no file system.
import { buildCfg } from './analysis/cfg';
import { findFunctions } from './analysis/functions';
import { exploreRefs } from './analysis/refFlow';
import { LineIndex } from './parse/lineIndex';
import type { CParser } from './parse/parser';
import type { CheckResult, Finding, Note } from './rules/finding';
import { RULES } from './rules/index';

export function checkText(parser: CParser, text: string): CheckResult {
  const tree = parser.parse(text);
  try {
    const lines = new LineIndex(text);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const fn of findFunctions(tree)) {
      const flow = exploreRefs(fn, buildCfg(fn.body), lines, text);
      if (flow.truncated) {
        notes.push({
          message: `${fn.name}: too many paths; the analysis stopped early and may miss findings`,
          range: lines.rangeOf(fn.node.startIndex, fn.node.startIndex),
        });
      }
      for (const rule of RULES) findings.push(...rule.check({ fn, flow, lines }));
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    return { findings, notes };
  } finally {
    tree.delete(); // wasm memory is not garbage-collected
  }
}
