// changedSpan compares whole blocks before single characters: it must find exactly the span that a
// character-by-character comparison of the common prefix and suffix finds, whatever the texts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedSpan } from '../../server/src/parse/incremental';
import { rng } from '../mutants';

function byCharacter(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < max - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

test('changedSpan equals the character-by-character prefix and suffix on 5,000 random edits', () => {
  const random = rng(11);
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  for (let k = 0; k < 5000; k++) {
    // Small alphabets make long accidental matches across the edit, and across block boundaries.
    const alphabet = random() < 0.5 ? 'ab' : 'abcdefgh \n';
    const before = pick(alphabet, Math.floor(random() * 6000));
    let after = before;
    for (let e = Math.floor(random() * 3); e > 0; e--) {
      const at = Math.floor(random() * (after.length + 1));
      after = after.slice(0, at) + pick(alphabet, Math.floor(random() * 20)) + after.slice(at + Math.floor(random() * 20));
    }
    assert.deepEqual(changedSpan(before, after), byCharacter(before, after), `edit ${k}`);
  }
});
