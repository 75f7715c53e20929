// The two shortcuts a one-shot check takes on the real kernel, checked against the long way on every
// candidate file of Debian's linux-source-6.12:
// - the word-level clean-up pass skips blocks it will blank (parse/focus.ts): each kept definition
//   must read exactly as the full clean-up (no focus at all) has it, and everything else be blank;
// - tree-sitter reads only the kept definitions (CParser.parseOnce): every node of the tree must be
//   the node the whole cleaned text gives, with the same type, field, range and error flags.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { Tree } from 'web-tree-sitter';
import { RELEVANT } from '../../server/src/analysis/fileAnalysis';
import { cleanKernelC, cleanKernelCDetailed } from '../../server/src/parse/cleanup';
import { CParser } from '../../server/src/parse/parser';
import { listCandidates, prepareTree } from './tree';

const relevantBody = RELEVANT;

/** Every node below the root, in document order, as one line each. */
function nodesOf(tree: Tree): string[] {
  const out: string[] = [];
  const cursor = tree.walk();
  const visit = () => {
    const n = cursor.currentNode;
    const at = (p: { row: number; column: number }) => `${p.row}:${p.column}`;
    out.push(`${n.type} ${cursor.currentFieldName} ${n.startIndex}-${n.endIndex} ${at(n.startPosition)}-${at(n.endPosition)} ${n.isMissing} ${n.hasError}`);
    if (cursor.gotoFirstChild()) {
      do visit();
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  if (cursor.gotoFirstChild()) {
    do visit();
    while (cursor.gotoNextSibling());
  }
  return out;
}

test('Linux 6.12: the focused clean-up and the kept-ranges parse equal the long way on every candidate file', { timeout: 5 * 60 * 1000 }, async () => {
  const files = listCandidates(prepareTree());
  assert.ok(files.length > 200, `only ${files.length} candidate files`);
  const parser = await CParser.load();
  let keptDefinitions = 0;
  let nodes = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'latin1');
    const focused = cleanKernelCDetailed(text, undefined, { relevantBody });
    const full = cleanKernelC(text);
    let from = 0;
    for (const [start, end] of focused.kept ?? []) {
      assert.equal(focused.text.slice(start, end), full.slice(start, end), `${file}: the definition at ${start} differs from the full clean-up`);
      assert.match(focused.text.slice(from, start), /^\s*$/, `${file}: text left between ${from} and ${start}`);
      from = end;
      keptDefinitions++;
    }
    assert.match(focused.text.slice(from), /^\s*$/, `${file}: text left after ${from}`);

    const whole = parser.parse(text, undefined, undefined, { relevantBody });
    const once = parser.parse(text, undefined, undefined, { relevantBody, oneShot: true });
    try {
      const expected = nodesOf(whole);
      const actual = nodesOf(once);
      nodes += expected.length;
      const i = expected.findIndex((line, k) => line !== actual[k]);
      assert.ok(i < 0 && expected.length === actual.length, `${file}: node ${i} is '${actual[i]}', not '${expected[i]}'`);
    } finally {
      whole.delete();
      once.delete();
    }
  }
  // The shortcuts must have had something to do: most candidate files keep a definition or more.
  assert.ok(keptDefinitions > 400, `only ${keptDefinitions} kept definitions`);
  assert.ok(nodes > 100_000, `only ${nodes} nodes compared`);
});
