// `/* lazymm: ignore LMM001 -- reason */` on the line of a finding or the line above silences it.
// The reason is required, and a suppression that silences nothing is reported: stale ones rot.
import type { LineIndex } from '../parse/lineIndex';
import type { Finding, Fix } from './finding';
import type { Rule } from './rule';

export const suppressionRule: Rule = {
  id: 'LMM000',
  name: 'suppression',
  severity: 'warning',
  summary: 'A lazymm suppression comment without a reason, or one that silences nothing.',
  docFile: 'suppression.md',
};

interface Suppression {
  ids: string[];
  reason: string;
  /** Lines (0-based) whose findings it covers: its own last line and the next one. */
  lines: [number, number];
  start: number;
  end: number;
  used: Set<string>;
}

/** `/* lazymm: ...`, `// lazymm: ...`, and a line ` * lazymm: ...` inside a kernel-style block comment. */
const PATTERN = /(\/\*|\/\/|^[ \t]*\*)[ \t]*lazymm:\s*ignore\s+((?:LMM\d{3}[ \t,]*)+)(?:--[ \t]*((?:(?!\*\/)[^\n])*))?/gm;

function parse(source: string, lines: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  for (const m of source.matchAll(PATTERN)) {
    const start = m.index;
    const end = start + m[0].length;
    // A block comment covers the line where it closes and the next one.
    const close = m[1] === '//' ? -1 : source.indexOf('*/', end);
    const last = lines.positionAt(close >= 0 ? close : end).line;
    out.push({ ids: m[2]!.match(/LMM\d{3}/g) ?? [], reason: (m[3] ?? '').trim(), lines: [last, last + 1], start, end, used: new Set() });
  }
  return out;
}

/**
 * Every finding's last-resort fix: a suppression on the line above, in the finding line's
 * indentation. The reason is a placeholder the author must replace; it reads as a reason to
 * parse(), so the fix silences the finding instead of trading it for an LMM000.
 */
export function suppressionFix(finding: Finding, lines: LineIndex): Fix {
  const line = finding.range.start.line;
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  // Inside a multi-line macro every line must go on with a backslash, the new one too.
  const continued = line > 0 && lines.lineText(line - 1).endsWith('\\') ? ' \\' : '';
  const at = { line, character: 0 };
  return {
    title: `Suppress ${finding.ruleId} here`,
    edits: [{ range: { start: at, end: at }, newText: `${indent}/* lazymm: ignore ${finding.ruleId} -- TODO: why the analysis is wrong here */${continued}\n` }],
  };
}

/** Whether `source` may hold a suppression: without one, applySuppressions changes nothing. */
export function mayHoldSuppressions(source: string): boolean {
  return source.includes('lazymm:');
}

/** Removes suppressed findings and adds LMM000 findings for suppressions without a reason or without use. */
export function applySuppressions(findings: Finding[], source: string, lines: LineIndex): Finding[] {
  if (!mayHoldSuppressions(source)) return findings;
  const sups = parse(source, lines);
  const kept = findings.filter((f) => {
    const s = sups.find((x) => x.reason && x.ids.includes(f.ruleId) && f.range.start.line >= x.lines[0] && f.range.start.line <= x.lines[1]);
    if (s) s.used.add(f.ruleId);
    return !s;
  });
  const meta = (s: Suppression, message: string): Finding => ({
    ruleId: suppressionRule.id,
    ruleName: suppressionRule.name,
    severity: suppressionRule.severity,
    message,
    range: lines.rangeOf(s.start, s.end),
    functionName: '',
    path: [],
  });
  for (const s of sups) {
    if (!s.reason) {
      kept.push(meta(s, `lazymm suppression of ${s.ids.join(', ')} needs a reason after '--': say why the analysis is wrong here`));
      continue;
    }
    for (const id of s.ids.filter((i) => !s.used.has(i))) kept.push(meta(s, `unused lazymm suppression: no ${id} finding here to silence`));
  }
  return kept;
}
