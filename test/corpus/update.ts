// Prints the analyzer's current findings on the Linux 6.12 corpus in the expected-file format, for
// a human to review:
//   node --import tsx test/corpus/update.ts > /tmp/new.expected
// A finding that test/corpus/linux-6.12.expected already lists keeps its verdict and reason; a new
// one gets the verdict TODO, which the corpus test rejects until someone has read the kernel code
// and written `real: why` or `accepted: why the analysis cannot know better`.
import * as fs from 'node:fs';
import { compare, formatEntry, keyOf, parseExpected } from './expected';
import { EXPECTED_FILE, MAX_ACCEPTED, MAX_FINDINGS } from './limits';
import { findingsOf, scanCorpus } from './scan';

async function main(): Promise<void> {
  const scan = await scanCorpus();
  const old = fs.existsSync(EXPECTED_FILE) ? parseExpected(fs.readFileSync(EXPECTED_FILE, 'utf8')) : { entries: [], malformed: [] };
  const found = findingsOf(scan);
  const keys = found.map((f) => keyOf(f.path, f.finding));
  const { matched } = compare(keys, old.entries, 'kernel' in old && old.kernel !== scan.kernel);
  const review = new Map(matched.map((m) => [m.actual, m.entry]));
  const lines = keys.map((k, i) => {
    const prior = review.get(k);
    return prior ? formatEntry(k, prior.verdict, prior.reason) : `${formatEntry(k, 'TODO', found[i]!.finding.message)}`;
  });
  const todo = keys.length - review.size;
  process.stdout.write(
    [
      `# lazymm findings on Debian's linux-source-6.12, each reviewed against the kernel code.`,
      `# Format: path:line: RULE function: real: why | accepted: why the analysis cannot know better`,
      `# Regenerate with: node --import tsx test/corpus/update.ts (new findings come out as TODO).`,
      `# Issue #3 asks for at most ${MAX_FINDINGS} findings, at most ${MAX_ACCEPTED} of them accepted.`,
      `# kernel: ${scan.kernel}`,
      ...lines,
      '',
    ].join('\n'),
  );
  process.stderr.write(`${scan.files.length} files, ${keys.length} findings, ${todo} to review (TODO)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
