// The TextMate injection grammar for `lazymm:` annotations: its regexes, run with JavaScript's
// RegExp (the grammar keeps to the subset it shares with Oniguruma) by a small scanner with
// TextMate's rules (leftmost match wins, the end pattern before others on a tie), on sample comments.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers';

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  patterns?: Array<{ include: string }>;
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
}

const FILE = 'grammars/lazymm-annotations.tmLanguage.json';
const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, FILE), 'utf8')) as Grammar;
const rule = (include: string): Rule => grammar.repository[include.replace(/^#/, '')]!;

/** [text, scope] for every named capture or match in `line`, in order. */
function tokenize(line: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const emit = (m: RegExpExecArray, r: Rule, captures?: Record<string, { name: string }>) => {
    if (r.name && !r.begin) out.push([m[0], r.name]);
    for (const [i, c] of Object.entries(captures ?? {})) if (m[Number(i)]) out.push([m[Number(i)]!, c.name]);
  };
  const [top] = grammar.patterns;
  const annotation = rule(top!.include);
  const begin = new RegExp(annotation.begin!, 'g');
  let pos = 0;
  for (;;) {
    begin.lastIndex = pos;
    const b = begin.exec(line);
    if (!b) return out;
    emit(b, annotation, annotation.beginCaptures);
    pos = b.index + b[0].length;
    // Inside the annotation until its end pattern matches.
    for (;;) {
      const end = new RegExp(annotation.end!, 'g');
      end.lastIndex = pos;
      const e = end.exec(line)!;
      let best: { m: RegExpExecArray; r: Rule } | undefined;
      for (const p of annotation.patterns!) {
        const r = rule(p.include);
        const re = new RegExp(r.match!, 'g');
        re.lastIndex = pos;
        const m = re.exec(line);
        if (m && m.index < e.index && (!best || m.index < best.m.index)) best = { m, r };
      }
      if (!best) {
        pos = e.index + e[0].length;
        break;
      }
      emit(best.m, best.r, best.r.captures);
      pos = best.m.index + Math.max(1, best.m[0].length);
    }
  }
}

describe('the lazymm annotation grammar', () => {
  test('is an injection into C comments', () => {
    assert.equal(grammar.scopeName, 'lazymm.annotation.injection');
    assert.match(grammar.injectionSelector, /L:comment\.block\.c/);
    assert.match(grammar.injectionSelector, /L:comment\.line\.double-slash\.c/);
  });

  test('highlights the keyword, ignore, each rule ID and the reason, up to the comment end', () => {
    assert.deepEqual(tokenize('\tmmdrop(mm); /* lazymm: ignore LMM001, LMM007 -- the caller holds mm_users */'), [
      ['lazymm', 'keyword.control.directive.annotation.lazymm'],
      [':', 'punctuation.separator.key-value.lazymm'],
      ['ignore', 'keyword.other.ignore.lazymm'],
      ['LMM001', 'constant.language.rule-id.lazymm'],
      ['LMM007', 'constant.language.rule-id.lazymm'],
      ['--', 'punctuation.separator.reason.lazymm'],
      ['the caller holds mm_users', 'string.unquoted.reason.lazymm'],
    ]);
  });

  test('a kernel-style comment line and a // comment, with and without a reason', () => {
    assert.deepEqual(tokenize(' * lazymm: ignore LMM006 -- rq lock dropped before'), [
      ['lazymm', 'keyword.control.directive.annotation.lazymm'],
      [':', 'punctuation.separator.key-value.lazymm'],
      ['ignore', 'keyword.other.ignore.lazymm'],
      ['LMM006', 'constant.language.rule-id.lazymm'],
      ['--', 'punctuation.separator.reason.lazymm'],
      ['rq lock dropped before', 'string.unquoted.reason.lazymm'],
    ]);
    assert.deepEqual(
      tokenize('// lazymm: ignore LMM013').map(([t]) => t),
      ['lazymm', ':', 'ignore', 'LMM013'],
    );
  });

  test('leaves other words alone', () => {
    assert.deepEqual(tokenize('/* not_lazymm: ignore LMM001 */'), []);
    assert.deepEqual(tokenize('/* lazymm: ignore LMM0012 and XLMM001 */').map(([t]) => t), ['lazymm', ':', 'ignore']);
  });

  test('is contributed for C and shipped in the VSIX', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: Array<{ scopeName: string; path: string; injectTo: string[] }> } };
    const entry = pkg.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
    assert.ok(entry, 'contributes.grammars lists it');
    assert.deepEqual(entry.injectTo, ['source.c']);
    assert.equal(path.normalize(entry.path), path.normalize(`./${FILE}`));
    const vscodeignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(vscodeignore.includes(`!${FILE}`), '.vscodeignore allows it');
  });
});
