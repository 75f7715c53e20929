// The control-flow graph on small kernel-style functions, parsed through the clean-up like real
// files. Each expected edge below was worked out by hand from the snippet.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCfg, type Cfg } from '../../server/src/analysis/cfg';
import { makeKernelConfig, type KernelConfig } from '../../server/src/parse/config';
import { CParser } from '../../server/src/parse/parser';

interface Graph {
  cfg: Cfg;
  /** Text of a node as the tests name it: the statement or condition, or `<exit>`/`<end>`. */
  label(id: number): string;
  /** The labels reached from `id` in one step, looking through joins (labels, loop heads). */
  next(id: number): string[];
  /** Node id whose statement/condition text is exactly `text` (must be unique). */
  find(text: string): number;
  reachable(): Set<number>;
  /** Labels of the return nodes reachable from entry, in source order. */
  returns(): string[];
  /** Edges to a node still on the depth-first stack: loop back edges. */
  backEdges(): number;
}

async function graph(source: string, config?: KernelConfig): Promise<Graph> {
  const parser = await CParser.load();
  const tree = parser.parse(source, undefined, config);
  assert.equal(tree.rootNode.hasError, false, 'snippet must parse cleanly');
  const fn = tree.rootNode.descendantsOfType('function_definition')[0]!;
  const cfg = buildCfg(fn.childForFieldName('body')!);
  const label = (id: number): string => {
    const n = cfg.nodes[id]!;
    if (n.kind === 'exit') return '<exit>';
    if (n.kind === 'return' && n.ast?.type === '}') return '<end>';
    return n.ast ? n.ast.text.replace(/\s+/g, ' ').trim() : `<${n.kind}>`;
  };
  const next = (id: number): string[] => {
    const out: string[] = [];
    const seen = new Set<number>();
    const visit = (s: number) => {
      if (seen.has(s)) return;
      seen.add(s);
      const n = cfg.nodes[s]!;
      if (n.kind === 'join') n.succ.forEach(visit);
      else out.push(label(s));
    };
    cfg.nodes[id]!.succ.forEach(visit);
    return out;
  };
  const find = (text: string): number => {
    const ids = cfg.nodes.filter((n) => n.ast && n.kind !== 'join' && label(n.id) === text).map((n) => n.id);
    assert.equal(ids.length, 1, `exactly one node labelled ${JSON.stringify(text)}; got ${ids.length}`);
    return ids[0]!;
  };
  const reachable = () => {
    const seen = new Set<number>();
    const stack = [cfg.entry];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...cfg.nodes[id]!.succ);
    }
    return seen;
  };
  const returns = () =>
    [...reachable()]
      .filter((id) => cfg.nodes[id]!.kind === 'return')
      .sort((a, b) => cfg.nodes[a]!.ast!.startIndex - cfg.nodes[b]!.ast!.startIndex)
      .map(label);
  const backEdges = () => {
    let count = 0;
    const state = new Map<number, 'open' | 'done'>();
    const dfs = (id: number) => {
      state.set(id, 'open');
      for (const s of cfg.nodes[id]!.succ) {
        const st = state.get(s);
        if (st === 'open') count++;
        else if (st === undefined) dfs(s);
      }
      state.set(id, 'done');
    };
    dfs(cfg.entry);
    return count;
  };
  return { cfg, label, next, find, reachable, returns, backEdges };
}

describe('CFG of kernel C', () => {
  test('an iterator macro is a while loop: body, back edge, break and exit', async () => {
    const g = await graph(`void f(struct list_head *head)
{
	struct item *pos;
	list_for_each_entry(pos, head, node) {
		if (pos->mm)
			break;
		g(pos);
	}
	done();
}
`);
    // The argument list is the loop condition (a comma expression): true enters, false leaves.
    const loop = g.find('pos, head, node');
    assert.deepEqual(g.next(loop), ['pos->mm', 'done();']);
    assert.deepEqual(g.next(g.find('pos->mm')), ['done();', 'g(pos);']);
    assert.deepEqual(g.next(g.find('g(pos);')), ['pos, head, node']);
    assert.equal(g.backEdges(), 1);
    assert.deepEqual(g.returns(), ['<end>']);
  });

  test('nested iterators without braces and an iterator as a do-while tail', async () => {
    const g = await graph(`void f(struct task_struct *p)
{
	struct task_struct *t = p;
	for_each_online_cpu(cpu)
		hlist_for_each_entry(n, &heads[cpu], link)
			visit(cpu, n);
	do {
		count(t);
	} while_each_thread(p, t);
	out();
}
`);
    assert.deepEqual(g.next(g.find('cpu')), ['n, &heads[cpu], link', 'count(t);']);
    assert.deepEqual(g.next(g.find('n, &heads[cpu], link')), ['visit(cpu, n);', 'cpu']);
    assert.deepEqual(g.next(g.find('visit(cpu, n);')), ['n, &heads[cpu], link']);
    // do { } while_each_thread(p, t);  -> do { } while (p, t);
    assert.deepEqual(g.next(g.find('count(t);')), ['p, t']);
    assert.deepEqual(g.next(g.find('p, t')), ['count(t);', 'out();']);
    assert.equal(g.backEdges(), 3);
  });

  test('do { } while (0) runs its body once: break and the end both leave, no back edge', async () => {
    const g = await graph(`void f(int x)
{
	do {
		a();
		if (x)
			break;
		b();
	} while (0);
	c();
}
`);
    assert.deepEqual(g.next(g.find('a();')), ['x']);
    assert.deepEqual(g.next(g.find('x')), ['c();', 'b();']);
    assert.deepEqual(g.next(g.find('b();')), ['c();']);
    assert.equal(g.backEdges(), 0);
    assert.equal(g.cfg.nodes.some((n) => n.kind === 'cond' && n.ast?.text === '0'), false);
  });

  test('while (1) leaves only through break', async () => {
    const g = await graph(`int f(void)
{
	while (1) {
		if (poll())
			break;
		relax();
	}
	return 1;
}
`);
    assert.deepEqual(g.next(g.find('poll()')), ['return 1;', 'relax();']);
    assert.deepEqual(g.next(g.find('relax();')), ['poll()']);
    assert.equal(g.backEdges(), 1);
    assert.deepEqual(g.returns(), ['return 1;']);
  });

  test('switch: entries in source order, fall-through, default in the middle', async () => {
    const g = await graph(`int f(int x)
{
	switch (x) {
	case 1:
		one();
		fallthrough;
	default:
		other();
		break;
	case 2:
		two();
		return 2;
	}
	return 0;
}
`);
    const sw = g.cfg.nodes.find((n) => n.kind === 'switch')!;
    // With a default there is no edge straight past the switch.
    assert.deepEqual(g.next(sw.id), ['one();', 'other();', 'two();']);
    assert.deepEqual(g.next(g.find('one();')), ['fallthrough;']);
    assert.deepEqual(g.next(g.find('fallthrough;')), ['other();']);
    assert.deepEqual(g.next(g.find('other();')), ['return 0;']);
    assert.deepEqual(g.next(g.find('two();')), ['return 2;']);
    assert.deepEqual(g.returns(), ['return 2;', 'return 0;']);
  });

  test('switch without default can skip every case', async () => {
    const g = await graph(`void f(int x)
{
	switch (x) {
	case 1:
	case 2:
		a();
		break;
	case 3 ... 5:
		b();
	}
	c();
}
`);
    const sw = g.cfg.nodes.find((n) => n.kind === 'switch')!;
    // case 1 falls into case 2: both enter at a(), listed once.
    assert.deepEqual(g.next(sw.id), ['a();', 'b();', 'c();']);
    assert.deepEqual(g.next(g.find('b();')), ['c();']);
  });

  test('goto into a label inside a nested block', async () => {
    const g = await graph(`int f(int x)
{
	if (x)
		goto inner;
	a();
	{
		b();
inner:
		c();
	}
	return 0;
}
`);
    const jump = g.find('goto inner;');
    assert.deepEqual(g.next(g.find('x')), ['goto inner;', 'a();']);
    assert.deepEqual(g.next(jump), ['c();']);
    assert.deepEqual(g.next(g.find('b();')), ['c();']);
    assert.deepEqual(g.next(g.find('c();')), ['return 0;']);
    assert.deepEqual(g.returns(), ['return 0;']);
  });

  test('a label followed by a declaration, and error unwinding through labels', async () => {
    const g = await graph(`int f(struct task_struct *t)
{
	int err = 0;

	if (!t)
		goto out;
	err = g(t);
	if (err)
		goto out_put;
	return 0;
out_put:
	put(t);
out:
	struct mm_struct *mm = get_task_mm(t);
	return err;
}
`);
    assert.deepEqual(g.next(g.find('goto out;')), ['struct mm_struct *mm = get_task_mm(t);']);
    assert.deepEqual(g.next(g.find('goto out_put;')), ['put(t);']);
    assert.deepEqual(g.next(g.find('put(t);')), ['struct mm_struct *mm = get_task_mm(t);']);
    assert.deepEqual(g.next(g.find('struct mm_struct *mm = get_task_mm(t);')), ['return err;']);
    // `!t` is decomposed: its operand is the condition, with the edges swapped.
    assert.deepEqual(g.next(g.find('t')), ['err = g(t);', 'goto out;']);
    assert.deepEqual(g.returns(), ['return 0;', 'return err;']);
  });

  test('?: and likely/unlikely are decomposed like && and ||', async () => {
    const g = await graph(`void f(struct mm_struct *mm, int a, int b, int c)
{
	if (unlikely(!mm || a))
		return;
	if (a ? b : c)
		use(mm);
}
`);
    assert.deepEqual(g.next(g.find('mm')), ['a', 'return;']);
    const conds = g.cfg.nodes.filter((n) => n.kind === 'cond').map((n) => n.ast!.text).sort();
    // `a` twice: once in the || and once as the ?: test; b and c lead to the call or past it.
    assert.deepEqual(conds, ['a', 'a', 'b', 'c', 'mm']);
    assert.deepEqual(g.next(g.find('b')), ['use(mm);', '<end>']);
  });

  test('a scoped_guard body runs exactly once; a try-lock guard may be skipped', async () => {
    const once = await graph(`void f(struct rq *rq)
{
	scoped_guard (raw_spinlock_irqsave, &rq->lock) {
		a();
	}
	b();
}
`);
    assert.deepEqual(once.next(once.cfg.entry), ['a();']);
    assert.deepEqual(once.next(once.find('a();')), ['b();']);
    const maybe = await graph(`void f(struct mutex *m)
{
	scoped_guard (mutex_try, m) {
		a();
	}
	b();
}
`);
    assert.deepEqual(maybe.next(maybe.cfg.entry), ['mutex_try, m']);
    assert.deepEqual(maybe.next(maybe.find('mutex_try, m')), ['a();', 'b();']);
  });

  test('IS_ENABLED(CONFIG_...) in C code follows the configuration: the disabled branch is unreachable', async () => {
    const src = `static void cleanup_lazy(struct mm_struct *mm)
{
	if (!IS_ENABLED(CONFIG_MMU_LAZY_TLB_SHOOTDOWN)) {
		refcounted();
		return;
	}
	shoot(mm);
}
`;
    const byDefault = await graph(src);
    assert.deepEqual(byDefault.next(byDefault.cfg.entry), ['refcounted();']);
    assert.equal(byDefault.reachable().has(byDefault.find('shoot(mm);')), false);
    const powerpc = await graph(src, makeKernelConfig('powerpc book3s64', [['CONFIG_MMU_LAZY_TLB_SHOOTDOWN', 'y']]));
    assert.deepEqual(powerpc.next(powerpc.cfg.entry), ['shoot(mm);']);
    assert.deepEqual(powerpc.returns(), ['<end>']);
  });
});
