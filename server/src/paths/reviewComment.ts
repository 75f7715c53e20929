// A finding as a reply on a kernel mailing list: the lines of the path quoted with `> ` (skipped
// stretches as `> ...`), then the explanation as plain text wrapped at 72 columns. No markdown:
// lore and mail clients show it as is. Shared by the editor's "Copy as review comment" and the
// CLI's `review`, so both say the same thing.
import type { Finding } from '../rules/finding';
import type { Range } from './step';

const WIDTH = 72;

/**
 * `source` is the file's text; `functionRange`, when known, is the definition the finding is in:
 * its first line opens the quote, and nothing outside it is quoted.
 */
export function reviewComment(finding: Finding, source: string, functionRange?: Range): string {
  const lines = source.split('\n').map((l) => l.replace(/\r$/, ''));
  const first = functionRange?.start.line ?? 0;
  const last = functionRange?.end.line ?? lines.length - 1;
  const wanted = new Set<number>();
  const add = (r: Range) => {
    for (let l = r.start.line; l <= r.end.line; l++) if (l >= first && l <= last) wanted.add(l);
  };
  if (functionRange) wanted.add(first);
  for (const step of finding.path) {
    add(step.range);
    // A jump is only clear with the label it lands on.
    const label = /^jumps to '(\w+)'$/.exec(step.message)?.[1];
    const at = label ? lines.findIndex((l, i) => i >= first && i <= last && new RegExp(`^\\s*${label}\\s*:`).test(l)) : -1;
    if (at >= 0) wanted.add(at);
  }
  add(finding.range);

  const quoted: string[] = [];
  let previous: number | undefined;
  for (const l of [...wanted].sort((a, b) => a - b)) {
    // One skipped line is shorter quoted than elided.
    if (previous !== undefined && l - previous === 2) quoted.push(quote(lines[l - 1]!));
    else if (previous !== undefined && l - previous > 2) quoted.push('> ...');
    quoted.push(quote(lines[l] ?? ''));
    previous = l;
  }

  const paragraphs = [sentence(finding.message), finding.path.map((s) => sentence(`Line ${s.range.start.line + 1}: ${s.message}`))];
  const fix = finding.fixes?.find((f) => f.preferred);
  if (fix) paragraphs.push(sentence(`Suggested fix: ${lowerFirst(fix.title)}`));
  paragraphs.push(`(lazymm ${finding.ruleId} ${finding.ruleName}${finding.config ? `, ${finding.config}` : ''})`);
  const text = paragraphs
    .filter((p) => p.length > 0)
    .map((p) => (Array.isArray(p) ? p.map((s) => wrap(s)).join('\n') : wrap(p)))
    .join('\n\n');
  return `${quoted.join('\n')}\n\n${text}\n`;
}

function quote(line: string): string {
  const l = line.trimEnd();
  return l ? `> ${l}` : '>';
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Greedy word wrap; a word longer than the width stays whole on its own line. */
export function wrap(text: string, width = WIDTH): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}
