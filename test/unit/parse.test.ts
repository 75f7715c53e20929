import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findFunctions } from '../../server/src/analysis/functions';
import { cleanKernelC } from '../../server/src/parse/cleanup';
import { parseCoverage } from '../../server/src/parse/coverage';
import { LineIndex } from '../../server/src/parse/lineIndex';
import { CParser } from '../../server/src/parse/parser';

const KERNEL_STYLE = `static __always_inline struct rq *
context_switch(struct rq *rq, struct task_struct *prev)
	__releases(rq->lock)
{
	return rq;
}

void __init __weak smp_prepare_cpus(unsigned int max_cpus)
{
	mmgrab(&init_mm);
}
`;

test('clean-up keeps every offset: same length, newlines in place, only blanks added', () => {
  const cleaned = cleanKernelC(KERNEL_STYLE);
  assert.equal(cleaned.length, KERNEL_STYLE.length);
  for (let i = 0; i < cleaned.length; i++) {
    if (cleaned[i] !== KERNEL_STYLE[i]) assert.equal(cleaned[i], ' ', `offset ${i} changed to a non-blank`);
    if (KERNEL_STYLE[i] === '\n') assert.equal(cleaned[i], '\n');
  }
  assert.doesNotMatch(cleaned, /__releases|__always_inline|__init|__weak/);
  assert.match(cleaned, /context_switch\(struct rq \*rq/);
});

test('clean-up leaves half-typed annotation calls alone instead of eating the file', () => {
  const text = 'void f(void) __releases(rq->lock\n{\n}\n';
  assert.equal(cleanKernelC(text), text);
});

test('attribute macros no longer break parsing: both functions found by name, no syntax errors', async () => {
  const parser = await CParser.load();
  const raw = parser.parseRaw(KERNEL_STYLE);
  const cleaned = parser.parse(KERNEL_STYLE);
  try {
    assert.equal(raw.rootNode.hasError, true, 'bare tree-sitter should stumble on __releases(...)');
    assert.equal(cleaned.rootNode.hasError, false);
    assert.deepEqual(findFunctions(cleaned).map((f) => f.name), ['context_switch', 'smp_prepare_cpus']);
  } finally {
    raw.delete();
    cleaned.delete();
  }
});

test('function locals include parameters and block-scope declarations', async () => {
  const tree = (await CParser.load()).parse('int f(struct mm_struct *mm, int n) { struct mm_struct *m2 = mm, *m3; { int inner; } return n; }');
  try {
    const [fn] = findFunctions(tree);
    assert.deepEqual([...fn!.locals].sort(), ['inner', 'm2', 'm3', 'mm', 'n']);
  } finally {
    tree.delete();
  }
});

test('line index counts UTF-16 columns like LSP', () => {
  // The emoji is one code point but two UTF-16 code units, so x sits at column 9, not 8.
  const text = 'a\n/* \u{1F600} */ x\r\nlast';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 3);
  assert.deepEqual(idx.positionAt(text.indexOf('x')), { line: 1, character: 9 });
  assert.deepEqual(idx.positionAt(text.length), { line: 2, character: 4 });
  assert.equal(idx.lineText(1), '/* \u{1F600} */ x');
});

test('parse coverage: functions mentioning the tracked APIs, clean or not, and mentions outside any function', async () => {
  const text = `/* mmgrab() in a comment is not code */
void mmput(struct mm_struct *mm);
#define grab(mm) mmgrab(mm)
DEFINE_STATIC_KEY_FALSE(switch_mm_cond_ibpb);

static void good(struct mm_struct *mm)
{
	mmgrab(mm);
}

static void bad(struct mm_struct *mm)
{
	mmdrop(mm) + ;
}

static void no_api(void)
{
}
static int x = ] mmget(mm);

static void swallowed(struct task_struct *t) {
	struct mm_struct *mm = get_task_mm(t) {
	mmput(mm);
}
`;
  const tree = (await CParser.load()).parse(text);
  try {
    const c = parseCoverage(tree);
    // The comment, the prototype, the macro and the file-scope macro call are normal places for a
    // mention; the mmget() in the broken initializer is not.
    assert.deepEqual(
      c.functions.map((f) => [f.name, f.line, f.clean]),
      [
        ['good', 5, true],
        ['bad', 10, false],
        ['swallowed', 20, false],
      ],
    );
    assert.equal(c.cleanFunctions, 1);
    assert.equal(c.strayMentions, 1);
    assert.deepEqual(c.strayOffsets, [text.indexOf('mmget(mm);')]);
  } finally {
    tree.delete();
  }
});
