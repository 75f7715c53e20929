// The editor's per-function cache must not change a single finding or report: edit after edit on
// real kernel files (typing in bodies, lines added and removed above functions, a tracked call
// typed in, a function's IRQ state changed by its caller), the cached analysis of the document
// equals a fresh analysis of the same text. And it must be used: most functions of an edit come
// from the cache.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText, type EditorResult } from '../../server/src/engine';
import { FunctionCache } from '../../server/src/functionCache';
import { IncrementalTree } from '../../server/src/parse/incremental';
import { CParser } from '../../server/src/parse/parser';
import { prepareTree } from '../corpus/tree';
import { rng } from '../mutants';

const FILES = ['kernel/sched/core.c', 'kernel/exit.c', 'mm/mmu_notifier.c'];
const EDITS = 60;
/** Statement text, a new line, a tracked call, a line of IRQ state, a brace: plain and structural. */
const TYPED = ['x', ' ', ';', '\n', '\n\n', 'mmgrab(mm);', 'mmdrop(mm);', 'local_irq_disable();', 'ret = 0;', '}', '/* c */'];

/** Findings and function reports as data (what the LSP publishes and shows). */
function view(r: EditorResult): unknown {
  return JSON.parse(JSON.stringify({ findings: r.findings, notes: r.notes.filter((n) => !/budget/.test(n.message)), functions: r.functions }));
}

for (const name of FILES) {
  test(`${name}: ${EDITS} edits, the analysis with the per-function cache equals a fresh one each time`, async () => {
    const parser = await CParser.load();
    let text = fs.readFileSync(path.join(prepareTree(), name), 'utf8');
    const tree = new IncrementalTree();
    const cache = new FunctionCache();
    const random = rng(0xcace + name.length);
    const bodyLines: number[] = [];
    for (let i = text.indexOf('\n\t'); i >= 0; i = text.indexOf('\n\t', i + 1)) bodyLines.push(i + 2);
    analyzeText(parser, text, { incremental: tree, functionCache: cache, budgetMs: 60_000 });
    let reusedAtLeastOnce = false;
    try {
      for (let i = 0; i < EDITS; i++) {
        const at = Math.min(text.length, bodyLines[Math.floor(random() * bodyLines.length)]! + Math.floor(random() * 8));
        const deleting = random() < 0.25;
        const end = deleting ? Math.min(text.length, at + 1 + Math.floor(random() * 4)) : at;
        text = text.slice(0, at) + (deleting ? '' : TYPED[Math.floor(random() * TYPED.length)]!) + text.slice(end);
        const before = cacheSize(cache);
        const cached = analyzeText(parser, text, { incremental: tree, functionCache: cache, budgetMs: 60_000 });
        const fresh = analyzeText(parser, text, { budgetMs: 60_000 });
        assert.deepEqual(view(cached), view(fresh), `edit ${i} at offset ${at}`);
        if (before > 0 && cacheSize(cache) > 0) reusedAtLeastOnce = true;
      }
    } finally {
      tree.dispose();
    }
    assert.ok(reusedAtLeastOnce, 'the cache was used');
  });
}

test('a keystroke in one function re-explores that function only', async () => {
  const parser = await CParser.load();
  const text = fs.readFileSync(path.join(prepareTree(), 'kernel/sched/core.c'), 'utf8');
  const tree = new IncrementalTree();
  const cache = new FunctionCache();
  try {
    analyzeText(parser, text, { incremental: tree, functionCache: cache });
    const explored = cacheSize(cache);
    assert.ok(explored > 5, `core.c has ${explored} explored functions`);
    // A space typed in finish_task_switch(), which is explored (it drops the previous mm).
    const at = text.indexOf('\tmmdrop_lazy_tlb_sched(mm);');
    assert.ok(at > 0);
    const edited = `${text.slice(0, at)} ${text.slice(at)}`;
    let explorations = 0;
    const counting = new Proxy(cache, {
      get(target, prop, receiver) {
        if (prop === 'store') return (key: string, entry: Parameters<FunctionCache['store']>[1]) => (explorations++, target.store(key, entry));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    analyzeText(parser, edited, { incremental: tree, functionCache: counting });
    assert.equal(explorations, 1, 'only the edited function was explored again');
  } finally {
    tree.dispose();
  }
});

/** Entries the last analysis kept (through the private map: a test of the cache's bookkeeping). */
function cacheSize(cache: FunctionCache): number {
  return (cache as unknown as { entries: Map<string, unknown> }).entries.size;
}
