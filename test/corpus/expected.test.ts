// The expected-file format of the corpus test: what counts as a review, and how findings pair
// with entries (exactly on the reviewed kernel, by site when a point release moved lines).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compare, parseExpected, reviewProblem, type FindingKey } from './expected';

const LIST = `# kernel: 6.12.117
# a comment
kernel/fork.c:100: LMM001 get_task_mm: real: the error path skips mmput()
mm/oom_kill.c:773: LMM013 mark_oom_victim: accepted: dropped by free_signal_struct() in kernel/fork.c
fs/exec.c:1019: LMM010 exec_mmap: TODO: message
fs/exec.c:1020: LMM010 exec_mmap: accepted:
this line is not an entry
`;

const key = (path: string, line: number, ruleId: string, functionName: string): FindingKey => ({ path, line, ruleId, functionName });

describe('corpus expected file', () => {
  test('parses entries, the kernel version and malformed lines', () => {
    const p = parseExpected(LIST);
    assert.equal(p.kernel, '6.12.117');
    assert.deepEqual(p.entries.map((e) => [e.path, e.line, e.ruleId, e.functionName, e.verdict, e.at]), [
      ['kernel/fork.c', 100, 'LMM001', 'get_task_mm', 'real', 3],
      ['mm/oom_kill.c', 773, 'LMM013', 'mark_oom_victim', 'accepted', 4],
      ['fs/exec.c', 1019, 'LMM010', 'exec_mmap', 'TODO', 5],
      ['fs/exec.c', 1020, 'LMM010', 'exec_mmap', 'accepted', 6],
    ]);
    assert.equal(p.malformed.length, 1);
    assert.match(p.malformed[0]!, /^line 7: /);
  });

  test('only `real: why` and `accepted: why` are reviews', () => {
    const [real, accepted, todo, empty] = parseExpected(LIST).entries;
    assert.equal(reviewProblem(real!), undefined);
    assert.equal(reviewProblem(accepted!), undefined);
    assert.equal(reviewProblem(todo!), "verdict 'TODO' is not 'real' or 'accepted'");
    assert.equal(reviewProblem(empty!), "'accepted' needs a reason");
  });

  test('exact comparison reports unexpected and missing findings', () => {
    const entries = parseExpected(LIST).entries.slice(0, 2);
    const c = compare([key('kernel/fork.c', 100, 'LMM001', 'get_task_mm'), key('kernel/fork.c', 200, 'LMM001', 'get_task_mm')], entries, false);
    assert.equal(c.matched.length, 1);
    assert.deepEqual(c.unexpected, [key('kernel/fork.c', 200, 'LMM001', 'get_task_mm')]);
    assert.deepEqual(c.missing.map((e) => e.path), ['mm/oom_kill.c']);
  });

  test('on another kernel version a moved finding still matches its entry, a new one does not', () => {
    const entries = parseExpected(LIST).entries.slice(0, 2);
    const moved = key('kernel/fork.c', 104, 'LMM001', 'get_task_mm');
    const other = key('kernel/fork.c', 300, 'LMM002', 'get_task_mm');
    const strict = compare([moved, other], entries, false);
    assert.equal(strict.unexpected.length, 2);
    const loose = compare([moved, other], entries, true);
    assert.deepEqual(loose.unexpected, [other]);
    assert.deepEqual(loose.matched.map((m) => m.actual), [moved]);
    assert.deepEqual(loose.missing.map((e) => e.path), ['mm/oom_kill.c']);
  });
});
