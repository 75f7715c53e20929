// Hover through the real server over stdio: the API model's explanation of the name under the
// cursor, and what the analysis says the paths hold at that point of the function.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers';
import { TestClient } from './client';

const LEAK = path.join(ROOT, 'examples', 'leak_on_error_path.c');
const uri = pathToFileURL(LEAK).href;
const text = fs.readFileSync(LEAK, 'utf8');
const lines = text.split('\n');

describe('hover', () => {
  let client: TestClient;

  before(async () => {
    client = await TestClient.start();
    const from = client.mark();
    await client.open(uri, text);
    // Diagnostics published: the analysis the hover reads is current.
    await client.diagnostics(uri, from.published);
  });
  after(async () => {
    await client.stop();
  });

  /** Hover on the first `word` of 1-based line `line`, one character into it. */
  async function hover(line: number, word: string): Promise<Hover | null> {
    const character = lines[line - 1]!.indexOf(word);
    assert.ok(character >= 0, `${word} on line ${line}`);
    return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: line - 1, character: character + 1 } });
  }

  const markdown = (h: Hover | null) => {
    assert.ok(h && typeof h.contents === 'object' && 'kind' in h.contents, 'markup contents');
    const c = h.contents as MarkupContent;
    assert.equal(c.kind, 'markdown');
    return c.value;
  };

  test('on mmgrab: the count it changes, what that keeps alive, its pair, and that nothing is held before it', async () => {
    const h = await hover(22, 'mmgrab');
    assert.equal(
      markdown(h),
      [
        '`mmgrab` (lazymm): takes an mm\\_count reference: keeps the struct mm\\_struct (and its PGD) alive, not the address space.',
        '',
        '- Changes: mm\\_count +1',
        '- Keeps alive: the struct mm\\_struct and its PGD, not the address space',
        '- Give it back with: `mmdrop()`',
        '',
        '**At this point** (on entry to line 22): no mm reference held here.',
      ].join('\n'),
    );
    assert.deepEqual(h!.range, { start: { line: 21, character: 1 }, end: { line: 21, character: 7 } });
  });

  test('inside the function after the grab: what the paths hold there', async () => {
    // `mmdrop(mm);` under err_drop, reached only from the goto after the grab.
    const value = markdown(await hover(39, 'mmdrop'));
    assert.ok(value.startsWith('`mmdrop` (lazymm): drops an mm\\_count reference;'), value);
    assert.ok(value.includes('- Changes: mm\\_count -1'), value);
    assert.ok(value.endsWith('**At this point** (on entry to line 39), some path holds:\n\n- mm\\_count reference taken by mmgrab(mm) (line 22)'), value);
  });

  test('fields have their own entries: mm_users, active_mm', async () => {
    const src = 'void f(struct mm_struct *mm)\n{\n\tatomic_read(&mm->mm_users);\n\tuse(current->active_mm);\n}\n';
    const furi = pathToFileURL(path.join(ROOT, 'test', 'fixtures', 'hover-fields.c')).href;
    const from = client.mark();
    await client.open(furi, src);
    await client.diagnostics(furi, from.published);
    const at = async (line: number, word: string) =>
      markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: furi }, position: { line, character: src.split('\n')[line]!.indexOf(word) + 2 } }));
    assert.match(await at(2, 'mm_users'), /^`mm_users` \(lazymm\): users of the address space/);
    assert.match(await at(3, 'active_mm'), /^`active_mm` \(lazymm\): the mm whose page tables this CPU has loaded/);
  });

  test('other identifiers have no hover', async () => {
    assert.equal(await hover(36, 'free_pasid'), null);
  });
});
