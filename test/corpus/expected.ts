// test/corpus/linux-6.12.expected: the reviewed list of findings on the real tree, one per line,
//   kernel/fork.c:1234: LMM001 get_task_mm: real: why it is a leak
//   fs/exec.c:987: LMM001 exec_mmap: accepted: why the analysis cannot know better
// with `#` comment lines. Parsing, rendering and comparing it, nothing else.
import type { Finding } from '../../server/src/rules/finding';

export type Verdict = 'real' | 'accepted';

/** What identifies a finding in the list: no message text, so rewording a message does not churn it. */
export interface FindingKey {
  path: string;
  /** 1-based, as editors and the kernel's own tools count. */
  line: number;
  ruleId: string;
  functionName: string;
}

export interface Entry extends FindingKey {
  verdict: string;
  reason: string;
  /** Line in the expected file, for error messages. */
  at: number;
}

export interface ParsedExpected {
  entries: Entry[];
  /** From a `# kernel: 6.12.117` comment: the version the line numbers were reviewed on. */
  kernel?: string;
  /** Lines that are neither comments nor well-formed entries. */
  malformed: string[];
}

const ENTRY = /^(\S+):(\d+): (LMM\d{3}) (\S+): ([A-Za-z]+):(.*)$/;

export function parseExpected(text: string): ParsedExpected {
  const out: ParsedExpected = { entries: [], malformed: [] };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const k = /^#\s*kernel:\s*(\S+)/.exec(line);
      if (k) out.kernel = k[1];
      return;
    }
    const m = ENTRY.exec(line);
    if (!m) {
      out.malformed.push(`line ${i + 1}: not 'path:line: RULE function: verdict: reason': ${line}`);
      return;
    }
    out.entries.push({ path: m[1]!, line: Number(m[2]), ruleId: m[3]!, functionName: m[4]!, verdict: m[5]!, reason: m[6]!.trim(), at: i + 1 });
  });
  return out;
}

/** Why an entry is not a finished review, or undefined when it is one. */
export function reviewProblem(e: Entry): string | undefined {
  if (e.verdict !== 'real' && e.verdict !== 'accepted') return `verdict '${e.verdict}' is not 'real' or 'accepted'`;
  if (e.reason === '') return `'${e.verdict}' needs a reason`;
  return undefined;
}

export function keyOf(path: string, f: Finding): FindingKey {
  return { path, line: f.range.start.line + 1, ruleId: f.ruleId, functionName: f.functionName };
}

export function formatKey(k: FindingKey): string {
  return `${k.path}:${k.line}: ${k.ruleId} ${k.functionName}`;
}

export function formatEntry(k: FindingKey, verdict: string, reason: string): string {
  return `${formatKey(k)}: ${verdict}: ${reason}`;
}

export interface Comparison {
  matched: Array<{ entry: Entry; actual: FindingKey }>;
  unexpected: FindingKey[];
  missing: Entry[];
}

/**
 * Pairs findings with entries. Exact keys first. With `looseLines` (the tree is another kernel
 * version than the one reviewed, so lines may have moved), leftovers of the same file, rule and
 * function are then paired in order: a point release that shifts code does not turn a reviewed
 * finding into an unexpected one, while a finding that appears or goes away still does.
 */
export function compare(actual: FindingKey[], entries: Entry[], looseLines: boolean): Comparison {
  const byKey = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = formatKey(e);
    byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  const matched: Comparison['matched'] = [];
  let rest: FindingKey[] = [];
  for (const a of actual) {
    const e = byKey.get(formatKey(a))?.shift();
    if (e) matched.push({ entry: e, actual: a });
    else rest.push(a);
  }
  let missing = [...byKey.values()].flat().sort((x, y) => x.at - y.at);
  if (looseLines) {
    const site = (k: FindingKey) => `${k.path} ${k.ruleId} ${k.functionName}`;
    const stillUnmatched: FindingKey[] = [];
    for (const a of rest) {
      const i = missing.findIndex((e) => site(e) === site(a));
      if (i < 0) stillUnmatched.push(a);
      else matched.push({ entry: missing.splice(i, 1)[0]!, actual: a });
    }
    rest = stillUnmatched;
  }
  return { matched, unexpected: rest, missing };
}
