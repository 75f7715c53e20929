// Mutated files of the real Linux 6.12 tree (random truncations, byte flips, deleted braces):
// the analyzer returns within its budget every time and never throws.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkText } from '../../server/src/engine';
import { CParser } from '../../server/src/parse/parser';
import { mutate, rng } from '../mutants';
import { prepareTree } from './tree';

/** Files with the patterns the rules look at hardest: switch paths, exit, exec, kthreads, notifiers. */
const FILES = ['kernel/sched/core.c', 'kernel/fork.c', 'kernel/exit.c', 'fs/exec.c', 'kernel/kthread.c', 'mm/mmu_notifier.c', 'io_uring/sqpoll.c', 'arch/x86/mm/tlb.c'];
const MUTANTS_PER_FILE = 8;
const BUDGET_MS = 2000;

test(`${FILES.length * MUTANTS_PER_FILE} mutants of real kernel files each return within the budget`, async () => {
  const tree = prepareTree();
  const parser = await CParser.load();
  const random = rng(0x6012);
  for (const file of FILES) {
    const text = fs.readFileSync(path.join(tree, file), 'utf8');
    for (let i = 0; i < MUTANTS_PER_FILE; i++) {
      const mutant = mutate(text, random);
      const start = Date.now();
      const result = checkText(parser, mutant, { fileName: file, budgetMs: BUDGET_MS });
      const ms = Date.now() - start;
      // A hang guard with room for a loaded machine, not a speed test (that is `npm run bench`).
      assert.ok(ms < BUDGET_MS * 5, `${file} mutant ${i}: ${ms} ms`);
      assert.ok(Array.isArray(result.findings) && Array.isArray(result.notes));
    }
  }
});
