// The timed scheduler's queue against the plain definition of its answer: the CPU with the
// earliest key, the lower id on a tie, Infinity meaning "not queued". Its matches are arithmetic
// with a tie-break by position, so ties, padding and every tree size are what this exercises.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CpuQueue } from '../../../server/src/sim/cpuQueue';
import { Prng } from '../../../server/src/sim/prng';

function earliest(keys: Float64Array): number {
  let best = -1;
  for (let id = 0; id < keys.length; id++) if (keys[id]! !== Infinity && (best < 0 || keys[id]! < keys[best]!)) best = id;
  return best;
}

describe('CpuQueue', () => {
  test('top() is the earliest key, the lower id on a tie, through inserts, moves and removals', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 16, 17, 63, 64, 65, 300, 1024]) {
      const rng = new Prng(n);
      // Few distinct keys, so ties are common.
      const key = (): number => (rng.int(8) === 0 ? Infinity : rng.int(n < 8 ? 4 : 40));
      const keys = new Float64Array(n).map(key);
      const q = new CpuQueue(keys.slice());
      for (let step = 0; step < 4000; step++) {
        const want = earliest(keys);
        assert.equal(q.empty, want < 0, `n=${n} step ${step}`);
        if (want >= 0) assert.equal(q.top(), want, `n=${n} step ${step}`);
        // The scheduler's pattern (the earliest CPU moves on) and any CPU changing.
        const id = want >= 0 && rng.int(2) === 0 ? want : rng.int(n);
        keys[id] = key();
        q.set(id, keys[id]!);
      }
    }
  });

  test('a queue built from its start keys equals one built key by key', () => {
    const rng = new Prng(99);
    const start = new Float64Array(200).map(() => (rng.int(5) === 0 ? Infinity : rng.int(30)));
    const built = new CpuQueue(start);
    const bySet = new CpuQueue(new Float64Array(200).fill(Infinity));
    for (let id = 0; id < start.length; id++) bySet.set(id, start[id]!);
    for (let round = 0; round < 200 && !built.empty; round++) {
      assert.equal(built.top(), bySet.top());
      const id = built.top();
      built.set(id, Infinity);
      bySet.set(id, Infinity);
    }
  });
});
