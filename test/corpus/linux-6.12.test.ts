// The analyzer on the real kernel: every file of Debian's linux-source-6.12 that mentions a tracked
// API, compared with the reviewed list in linux-6.12.expected. Fails on an unexpected or missing
// finding, an unreviewed entry, a crash, a file over its budget, or totals over issue #3's bar.
// The tree is unpacked by scripts/corpus.sh (seconds once, then cached under .cache/).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { compare, formatEntry, formatKey, keyOf, parseExpected, reviewProblem } from './expected';
import { EXPECTED_FILE, MAX_ACCEPTED, MAX_FINDINGS } from './limits';
import { CORPUS_FILE_BUDGET_S, findingsOf, scanCorpus } from './scan';

const UPDATE = 'node --import tsx test/corpus/update.ts';

test('Linux 6.12: the findings are exactly the reviewed list, within budget', { timeout: 10 * 60 * 1000 }, async (t) => {
  const scan = await scanCorpus();
  const expected = parseExpected(fs.readFileSync(EXPECTED_FILE, 'utf8'));
  const found = findingsOf(scan);
  const looseLines = expected.kernel !== scan.kernel;
  const { unexpected, missing } = compare(
    found.map((f) => keyOf(f.path, f.finding)),
    expected.entries,
    looseLines,
  );

  // Time per file: the budget is per file, the total is what CI pays.
  const timed = scan.files.flatMap((f) => (f.outcome.kind === 'checked' ? [{ path: f.path, ms: f.outcome.ms }] : []));
  const slowest = [...timed].sort((a, b) => b.ms - a.ms).slice(0, 5);
  const totalMs = timed.reduce((s, f) => s + f.ms, 0);
  t.diagnostic(`kernel ${scan.kernel}: ${scan.files.length} files listed in ${scan.listMs.toFixed(0)} ms, analysed in ${(scan.scanMs / 1000).toFixed(2)} s wall with ${scan.jobs} jobs`);
  t.diagnostic(`analysis per file: mean ${(totalMs / Math.max(1, timed.length)).toFixed(1)} ms; slowest ${slowest.map((s) => `${s.path} ${s.ms.toFixed(0)} ms`).join(', ')}`);
  t.diagnostic(`${found.length} findings: ${expected.entries.filter((e) => e.verdict === 'real').length} real, ${expected.entries.filter((e) => e.verdict === 'accepted').length} accepted in the list`);

  const problems: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length) problems.push(`${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`));
  };
  section(
    'crashed or unreadable',
    scan.files.flatMap((f) => (f.outcome.kind === 'crashed' || f.outcome.kind === 'unreadable' ? [`${f.path}: ${f.outcome.reason}`] : [])),
  );
  section(
    `over the ${CORPUS_FILE_BUDGET_S} s per-file budget`,
    scan.files.flatMap((f) => (f.outcome.kind === 'timeout' ? [f.path] : [])),
  );
  section('malformed lines in linux-6.12.expected', expected.malformed);
  section(
    'entries not reviewed (need `real: why` or `accepted: why`)',
    expected.entries.flatMap((e) => {
      const p = reviewProblem(e);
      return p ? [`line ${e.at}: ${formatKey(e)}: ${p}`] : [];
    }),
  );
  const messages = new Map(found.map((f) => [formatKey(keyOf(f.path, f.finding)), f.finding.message]));
  section(
    'unexpected findings (fix the analysis, or review and add them)',
    unexpected.map((k) => formatEntry(k, 'TODO', messages.get(formatKey(k)) ?? '')),
  );
  section('missing findings (listed but no longer reported)', missing.map((e) => `line ${e.at}: ${formatEntry(e, e.verdict, e.reason)}`));
  const accepted = expected.entries.filter((e) => e.verdict === 'accepted').length;
  if (found.length > MAX_FINDINGS) problems.push(`${found.length} findings on the tree; issue #3 allows at most ${MAX_FINDINGS}`);
  if (accepted > MAX_ACCEPTED) problems.push(`${accepted} accepted false positives; issue #3 allows at most ${MAX_ACCEPTED}`);

  if (problems.length) {
    if (looseLines) problems.push(`note: the tree is ${scan.kernel} but the list was reviewed on ${expected.kernel ?? 'an unnamed version'}; lines were matched loosely`);
    problems.push(`To see the current findings in the list's format: ${UPDATE}`);
  }
  assert.ok(problems.length === 0, `Linux ${scan.kernel} corpus differs from test/corpus/linux-6.12.expected:\n${problems.join('\n')}`);
  if (looseLines) t.diagnostic(`the tree is ${scan.kernel}, the list was reviewed on ${expected.kernel ?? '?'}: regenerate it with ${UPDATE} to refresh its line numbers`);
});
