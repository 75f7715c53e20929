// The incremental clean-up (an edit inside one function body re-cleans that body alone) must give
// exactly the text the full clean-up gives, edit after edit, on real kernel files: here chains of
// keystrokes, pastes and deletions, mostly inside bodies (where the shortcut applies), some with
// structural characters or elsewhere (where it must decline). Each step continues from the
// previous step's snapshot, so a drift would accumulate and show.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RELEVANT } from '../../server/src/analysis/fileAnalysis';
import { DEFAULT_CONFIG } from '../../server/src/parse/config';
import { cleanAfterEdit, cleanFull, type CleanSnapshot } from '../../server/src/parse/incrementalCleanup';
import { prepareTree } from '../corpus/tree';
import { rng } from '../mutants';

const FILES = ['kernel/sched/core.c', 'kernel/exit.c', 'fs/exec.c', 'mm/mmu_notifier.c', 'arch/x86/mm/tlb.c'];
const EDITS_PER_FILE = 300;
const TYPING = 200;
/** Plain typing (letters, spaces, operators, a tracked API) and a few structural characters. */
const TYPED = ['x', ' ', 'mm', ';', '(', ')', ',', '->', 'mmgrab(mm)', 'list_for_each_entry', '__init ', 'IS_ENABLED(CONFIG_SMP)', '0', '"', '/*', '}', '\n', '#'];
/** What typing a statement is made of, between the structural characters. */
const PLAIN = ['x', 'y', ' ', 'mm', ';', '=', '->', '0', '_', 'ret'];
const relevant = RELEVANT;

/** Start offsets of the lines inside function bodies (a tab-indented line), where people type. */
function bodyLines(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\n\t'); i >= 0; i = text.indexOf('\n\t', i + 1)) out.push(i + 2);
  return out;
}

/** Where statements start in bodies: after the indentation of a line whose code starts with a letter. */
function statementStarts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\n\t+(?=[a-z])/g)) out.push(m.index + m[0].length);
  return out;
}

/** Applies `count` random edits to `text`, checking each step; returns how many took the shortcut. */
function editChain(text: string, count: number, seed: number, typed: readonly string[], anywhere: number, deletes: number, places = bodyLines): number {
  const random = rng(seed);
  let snapshot: CleanSnapshot = cleanFull(text, DEFAULT_CONFIG, relevant).snapshot!;
  assert.ok(snapshot, 'a real kernel file has a snapshot');
  let shortcuts = 0;
  for (let i = 0; i < count; i++) {
    const lines = places(text);
    const typing = places === statementStarts;
    const at = random() < anywhere ? Math.floor(random() * text.length) : lines[Math.floor(random() * lines.length)]! + (typing ? 0 : Math.floor(random() * 12));
    const start = Math.min(at, text.length);
    const deleting = random() < deletes;
    const end = deleting ? Math.min(text.length, start + 1 + Math.floor(random() * (typing ? 2 : 6))) : start;
    const insert = deleting ? '' : typed[Math.floor(random() * typed.length)]!;
    text = text.slice(0, start) + insert + text.slice(end);

    const full = cleanFull(text, DEFAULT_CONFIG, relevant);
    // Every other step with the edit given, as the editor gives it (IncrementalTree.lastEdit).
    const next = i % 2 ? cleanAfterEdit(snapshot, text, { start, oldEnd: end, newEnd: start + insert.length }) : cleanAfterEdit(snapshot, text);
    if (next) {
      shortcuts++;
      if (next.cleaned !== full.cleaned) {
        let d = 0;
        while (next.cleaned[d] === full.cleaned[d]) d++;
        assert.fail(`edit ${i} (${JSON.stringify(insert)} at ${start}, deleting to ${end}): the texts differ from offset ${d}: ${JSON.stringify(next.cleaned.slice(d - 20, d + 40))} vs ${JSON.stringify(full.cleaned.slice(d - 20, d + 40))}`);
      }
      snapshot = next;
    } else {
      // Declined: the caller cleans the whole text and goes on from that snapshot.
      snapshot = full.snapshot!;
    }
  }
  return shortcuts;
}

for (const name of FILES) {
  const source = () => fs.readFileSync(path.join(prepareTree(), name), 'utf8');

  test(`${name}: ${EDITS_PER_FILE} mixed edits (structural ones too, anywhere), the incremental clean-up equals the full one after each`, () => {
    editChain(source(), EDITS_PER_FILE, 0x1dea + name.length, TYPED, 0.1, 0.3);
  });

  test(`${name}: ${TYPING} keystrokes at statement starts, the same text, and most take the shortcut`, () => {
    const shortcuts = editChain(source(), TYPING, 0x7e57 + name.length, PLAIN, 0, 0.2, statementStarts);
    // Declined in bodies holding an #if (a fifth of core.c's body lines), and where typing turns
    // a body that calls nothing tracked into one that does (`mm` + `put`...).
    assert.ok(shortcuts > TYPING * 0.6, `only ${shortcuts} of ${TYPING} keystrokes took the shortcut`);
  });
}

test('typing in front of an indented #endif in left-out text is not taken for blank text', () => {
  // CONFIG_LAZYMM_NEVER is in no configuration: lines 2-3 are left out and blanked.
  const before = 'int a;\n#ifdef CONFIG_LAZYMM_NEVER\nint b;\n  #endif\nint c(void)\n{\n\treturn 0;\n}\n';
  const snapshot = cleanFull(before, DEFAULT_CONFIG, relevant).snapshot!;
  const at = before.indexOf('  #endif');
  const after = before.slice(0, at) + 'x' + before.slice(at);
  const next = cleanAfterEdit(snapshot, after);
  // `x  #endif` is no directive: the conditional runs to the end of the file, which is all blank.
  assert.equal((next ?? cleanFull(after, DEFAULT_CONFIG, relevant)).cleaned, cleanFull(after, DEFAULT_CONFIG, relevant).cleaned);
  assert.equal(next, undefined, 'declined: the edit is on a directive line');
});

test('typing inside left-out text and inside a kept body takes the shortcut', () => {
  const before = 'int a;\n#ifdef CONFIG_LAZYMM_NEVER\nint b;\n#endif\nvoid c(struct mm_struct *mm)\n{\n\tmmgrab(mm);\n}\n';
  const snapshot = cleanFull(before, DEFAULT_CONFIG, relevant).snapshot!;
  const inLeftOut = before.replace('int b;', 'int bb;');
  const a = cleanAfterEdit(snapshot, inLeftOut);
  assert.ok(a);
  assert.equal(a.cleaned, cleanFull(inLeftOut, DEFAULT_CONFIG, relevant).cleaned);
  const inBody = inLeftOut.replace('\tmmgrab(mm);', '\tmmgrab(mm); x');
  const b = cleanAfterEdit(a, inBody);
  assert.ok(b);
  assert.equal(b.cleaned, cleanFull(inBody, DEFAULT_CONFIG, relevant).cleaned);
});
