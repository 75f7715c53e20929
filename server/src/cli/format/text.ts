// gcc-style text: `file:line:col: warning: message [LMM001]`, then the path as `note:` lines,
// which editors' quickfix lists and CI log parsers already understand.
import type { FileReport } from './report';

export function formatText(reports: FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    for (const f of r.findings) {
      const at = (p: { line: number; character: number }) => `${r.file}:${p.line + 1}:${p.character + 1}`;
      out.push(`${at(f.range.start)}: ${f.severity}: ${f.message} [${f.ruleId}]`);
      for (const s of f.path) out.push(`${at(s.range.start)}: note: ${s.message}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** The closing line on stderr; it names the kernel configuration the findings hold for. */
export function summaryLine(reports: FileReport[], configLabel: string): string {
  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const files = reports.length;
  const noun = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${noun(findings, 'finding')} in ${noun(files, 'file')} checked (${configLabel})`;
}
