// The built `lazymm simulate`: verdicts and costs worked out by hand from the model
// (docs/simulator.md), the text and JSON shapes, and one-line errors for bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, ROOT } from '../helpers';

function lazymm(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'simulate', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  tool: string;
  source: null | { file: string; function: string; task: string; config: string; range: { start: { line: number } }; path: { kind: string; range: { start: { line: number } } }[] };
  unsafe: number;
  notes: string[];
  simulations: {
    scenario: string;
    cpus: number;
    seed: number;
    results: {
      policy: string;
      arch: string;
      ipis: number;
      policyIpis: number;
      verdict: { safe: boolean; violation: null | { invariant: number; name: string; range?: { start: { line: number; character: number } } } };
    }[];
  }[];
}

function json(args: string[]): { code: number | null; doc: Json; stderr: string } {
  const r = lazymm([...args, '--format', 'json']);
  return { code: r.code, doc: JSON.parse(r.stdout) as Json, stderr: r.stderr };
}

const FIXTURE = 'test/cli/fixtures/sim_paths.c';

describe('lazymm simulate: a function of a C file', () => {
  test('examples/leak_on_error_path.c:bind_ctx leaks its mm_count reference under every policy and architecture', () => {
    const r = lazymm(['examples/leak_on_error_path.c:bind_ctx']);
    // The path grabs at line 22 and returns at line 37 (err_free_pasid) without a drop: the
    // path's own count does not depend on the lazy-TLB policy or the architecture, so all 16
    // combinations break invariant 2 at the return, and the exit status is 1.
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'bind_ctx() at examples/leak_on_error_path.c:17, run as a kernel thread in context-switch (will-it-scale context_switch1_threads), 4 CPUs, seed 1');
    assert.match(lines[2]!, /^policy +arch +verdict +checked +atomics +remote +IPIs +policy IPIs +loads/);
    const rows = lines.slice(3, 19);
    assert.equal(rows.length, 16);
    for (const row of rows) assert.match(row, /^\S+ +\S+ +violates 2: count-conserved +timed run +\d/);
    assert.ok(lines.includes('unsafe under 16 of 16 policy x architecture combinations (--trace shows the steps)'));
    assert.ok(lines.includes('invariant 2 (count-conserved) under every policy and architecture:'));
    assert.ok(lines.includes('  examples/leak_on_error_path.c:37:2: the path returns still holding 1 mm_count reference on will-it-scale: a grab without a drop'));
    assert.equal(r.stderr, '');
  });

  test('--trace ties each step of the path to file:line; a double drop fails at the second mmdrop', () => {
    const r = lazymm([`${FIXTURE}:put_ctx_twice`, '--policy', 'refcount', '--arch', 'x86', '--trace']);
    assert.equal(r.code, 1, r.stderr);
    const out = r.stdout.trimEnd().split('\n');
    // The first mmdrop (line 17) releases the reference the caller handed over; the second
    // (line 18, column 2) holds none: invariant 2 at that step, which ends the trace.
    assert.ok(out.includes('invariant 2 (count-conserved) under refcount on x86:'));
    assert.match(r.stdout, /^ {2}test\/cli\/fixtures\/sim_paths\.c:18:2: mmdrop\(will-it-scale\) by the annotated path, which holds no mm_count reference on it: a double drop/m);
    assert.match(out.at(-1)!, /^ +#\d+ +CPU 0 +\d+ ns {2}test\/cli\/fixtures\/sim_paths\.c:18:2: released again here {2}<- violates 2$/);
    const first = out.findIndex((l) => l.includes('sim_paths.c:17:2: mm_count reference released by mmdrop(mm)'));
    assert.ok(first > 0 && first < out.length - 1, r.stdout);
    // The kthread set-up (exit_mm, the switch to the path's kworker) runs before the scenario's
    // clocks start at 0: the trace says so between the two, just before the path's first step.
    assert.equal(out[first - 1], '    -- set-up done: the scenario starts, clocks from 0 --');
  });

  test('a balanced mmgrab/mmdrop is safe, every interleaving of 4 CPUs checked; exit 0', () => {
    const r = lazymm([`${FIXTURE}:pin_briefly`, '--policy', 'refcount', '--arch', 'x86']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^refcount +x86 +safe +all \d+ states /m);
    assert.match(r.stdout, /\nsafe\n$/);
  });

  test('--format json: the documented shape, with the path and where it came from', () => {
    const { code, doc } = json(['examples/leak_on_error_path.c:bind_ctx', '--cpus', '4']);
    assert.equal(code, 1);
    assert.equal(doc.tool, 'lazymm');
    assert.equal(doc.source?.file, 'examples/leak_on_error_path.c');
    assert.equal(doc.source?.function, 'bind_ctx');
    assert.equal(doc.source?.task, 'kthread');
    assert.equal(doc.source?.config, 'default x86_64 config');
    // 0-based lines: the definition starts on line 17, the path is grab (22), two branches
    // (25, 29), the goto (30) and the return (37), as `lazymm check` prints it.
    assert.equal(doc.source?.range.start.line, 16);
    assert.deepEqual(
      doc.source?.path.map((s) => [s.kind, s.range.start.line + 1]),
      [
        ['grab', 22],
        ['branch', 25],
        ['branch', 29],
        ['jump', 30],
        ['exit', 37],
      ],
    );
    assert.equal(doc.simulations.length, 1);
    const sim = doc.simulations[0]!;
    assert.equal(sim.scenario, 'context-switch');
    assert.equal(sim.cpus, 4);
    assert.equal(sim.seed, 1);
    assert.equal(sim.results.length, 16); // 4 policies x 4 architectures
    assert.equal(doc.unsafe, 16);
    for (const res of sim.results) assert.deepEqual([res.verdict.safe, res.verdict.violation?.invariant, res.verdict.violation?.name], [false, 2, 'count-conserved']);
    assert.deepEqual(doc.notes, []);
  });

  test('--task user and --scenario choose where the path runs', () => {
    const { doc } = json([`${FIXTURE}:put_ctx_twice`, '--scenario', 'exit-lazy', '--task', 'user', '--policy', 'hazard', '--arch', 'arm64']);
    assert.equal(doc.source?.task, 'user');
    assert.equal(doc.simulations[0]!.scenario, 'exit-lazy');
    // A double drop is wrong whatever runs around it: invariant 2 at the second mmdrop (0-based line 17).
    assert.equal(doc.simulations[0]!.results[0]!.verdict.violation?.invariant, 2);
    assert.equal(doc.simulations[0]!.results[0]!.verdict.violation?.range?.start.line, 17);
  });
});

describe('lazymm simulate: canned scenarios', () => {
  test('exit-no-vmas on powerpc-radix: shootdown IPIs the 3 lazy CPUs, refcount sends none', () => {
    // 4 CPUs: the last thread exits on CPU 0 while CPUs 1-3 lazily hold the mm and sit in
    // mm_cpumask(). No VMAs, so no exit flush: under shootdown __mmdrop() IPIs those 3 CPUs
    // itself (3 IPIs, all the policy's); under refcount each lazy CPU holds a count and drops it
    // when it switches away, which needs no IPI.
    const { code, doc } = json(['exit-no-vmas', '--arch', 'powerpc-radix', '--policy', 'shootdown,refcount']);
    assert.equal(code, 0);
    const byPolicy = Object.fromEntries(doc.simulations[0]!.results.map((r) => [r.policy, [r.verdict.safe, r.ipis, r.policyIpis]]));
    assert.deepEqual(byPolicy, { shootdown: [true, 3, 3], refcount: [true, 0, 0] });
    assert.equal(doc.source, null);
  });

  test('exit-lazy on powerpc-radix: the exit flush already shoots the lazy CPUs, so shootdown adds no IPI of its own', () => {
    // With VMAs, exit_mmap()'s flush IPIs mm_cpumask() and, under shootdown, makes the lazy CPUs
    // switch away: the same 3 IPIs, none of them the policy's.
    const { doc } = json(['exit-lazy', '--arch', 'powerpc-radix', '--policy', 'shootdown']);
    const r = doc.simulations[0]!.results[0]!;
    assert.deepEqual([r.verdict.safe, r.ipis, r.policyIpis], [true, 3, 0]);
  });

  test('several --cpus: one table each, in the order given; the policy IPIs grow with the lazy CPUs', () => {
    // exit-no-vmas on N CPUs leaves N-1 lazy CPUs for shootdown to IPI: 1 at 2 CPUs, 7 at 8.
    const { doc } = json(['exit-no-vmas', '--cpus', '2,8', '--policy', 'shootdown', '--arch', 'x86']);
    assert.deepEqual(
      doc.simulations.map((s) => [s.cpus, s.results[0]!.policyIpis]),
      [
        [2, 1],
        [8, 7],
      ],
    );
    const text = lazymm(['exit-no-vmas', '--cpus', '2,8', '--policy', 'shootdown', '--arch', 'x86', '--seed', '7']);
    assert.equal(text.code, 0, text.stderr);
    const headings = text.stdout.split('\n').filter((l) => l.startsWith('exit-no-vmas '));
    assert.deepEqual(headings, ['exit-no-vmas (Exit with no VMAs), 2 CPUs, seed 7', 'exit-no-vmas (Exit with no VMAs), 8 CPUs, seed 7']);
  });

  test('a CPU count the scenario cannot use is clamped, with a note on stderr', () => {
    // pv-preempted needs a lazy vCPU besides the exiting one: at least 2 CPUs.
    const r = lazymm(['pv-preempted', '--cpus', '1', '--policy', 'refcount', '--arch', 'x86-pv']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'lazymm: note: 1 CPUs is out of range for pv-preempted: using 2\n');
    assert.match(r.stdout, /^pv-preempted \(Paravirt exit with preempted vCPUs\), 2 CPUs, seed 1$/m);
    assert.equal(lazymm(['pv-preempted', '--cpus', '1', '--policy', 'refcount', '--arch', 'x86-pv', '-q']).stderr, '');
  });

  test('no argument: the default scenario; -o writes the table to a file', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-sim-')), 'table.txt');
    const r = lazymm(['--policy', 'refcount', '--arch', 'x86', '--cpus', '2', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(fs.readFileSync(out, 'utf8'), /^context-switch \(will-it-scale context_switch1_threads\), 2 CPUs, seed 1\n/);
  });

  test('--list names every scenario, policy, architecture and invariant', () => {
    const r = lazymm(['--list']);
    assert.equal(r.code, 0);
    for (const name of ['context-switch', 'exit-lazy', 'churn', 'io-uring-sqpoll', 'cpu-hotplug', 'pv-preempted', 'exit-no-vmas', 'refcount', 'shootdown', 'hazard', 'exit-flush', 'x86', 'x86-pv', 'arm64', 'powerpc-radix']) {
      assert.match(r.stdout, new RegExp(`^  ${name} +\\S`, 'm'), name);
    }
    assert.match(r.stdout, /^ {2}1 no-use-after-free +No use of a freed mm/m);
    const doc = JSON.parse(lazymm(['--list', '--format', 'json']).stdout) as { scenarios: { name: string; default: boolean }[]; policies: unknown[]; archs: unknown[] };
    assert.equal(doc.scenarios.find((s) => s.default)?.name, 'context-switch');
    assert.deepEqual([doc.scenarios.length, doc.policies.length, doc.archs.length], [7, 4, 4]);
  });
});

describe('lazymm simulate: errors exit 2 with one line', () => {
  test('bad names, numbers and targets', () => {
    for (const [args, message] of [
      [['--policy', 'refcount,lazy'], "unknown policy 'lazy' (expected refcount, shootdown, hazard or exit-flush)"],
      [['--arch', 'mips'], "unknown architecture 'mips' (expected x86, x86-pv, arm64 or powerpc-radix)"],
      [['--scenario', 'nope'], "unknown scenario 'nope' (expected context-switch, exit-lazy, churn, io-uring-sqpoll, cpu-hotplug, pv-preempted or exit-no-vmas)"],
      [['bogus'], "unknown scenario 'bogus' (expected context-switch, exit-lazy, churn, io-uring-sqpoll, cpu-hotplug, pv-preempted or exit-no-vmas, or FILE:FUNCTION)"],
      [['--cpus', '0'], "option '--cpus' needs a whole number of at least 1, not '0'"],
      [['--cpus=4,x'], "option '--cpus' needs a whole number of at least 1, not 'x'"],
      [['--seed', 'one'], "option '--seed' needs a whole number, not 'one'"],
      [['--format', 'xml'], "unknown format 'xml' (expected text or json)"],
      [['--task', 'irq'], "unknown task 'irq' (expected kthread or user)"],
      [['--bogus'], "unknown option '--bogus' (see 'lazymm simulate --help')"],
      [['exit-lazy', 'churn'], "one scenario or FILE:FUNCTION at a time, not 2 ('exit-lazy', 'churn')"],
      [['exit-lazy', '--scenario', 'churn'], "two scenarios given: 'exit-lazy' and --scenario 'churn'"],
    ] as const) {
      const r = lazymm([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `lazymm: ${message}\n`);
    }
  });

  test('files and functions: missing, binary, a directory, no such function, an empty path', () => {
    for (const [target, message] of [
      // bind_ctx and unbind_ctx are the example's two functions with a grab or a drop.
      ['examples/leak_on_error_path.c:nosuch', "no function 'nosuch' touching mm lifetimes in examples/leak_on_error_path.c (functions with an mm-lifetime path: bind_ctx, unbind_ctx)"],
      ['examples/leak_on_error_path.c', 'name a function to simulate: examples/leak_on_error_path.c:FUNCTION (functions with an mm-lifetime path: bind_ctx, unbind_ctx)'],
      // not_about_mm() exists but never names an mm API, so the analysis does not look at it.
      [`${FIXTURE}:not_about_mm`, `no function 'not_about_mm' touching mm lifetimes in ${FIXTURE} (functions with an mm-lifetime path: put_ctx_twice, pin_briefly)`],
      // count_mm_users() reads mm_cpumask() but takes, drops and hands over nothing.
      [`${FIXTURE}:count_mm_users`, `count_mm_users() in ${FIXTURE} has no path that takes, drops or uses an mm reference: nothing to simulate`],
      ['nosuch.c:f', "cannot access 'nosuch.c': no such file or directory"],
      ['examples:f', "'examples' is a directory: name a C file and one of its functions, FILE.c:FUNCTION"],
      ['grammars/tree-sitter-c.wasm:f', "'grammars/tree-sitter-c.wasm': binary file (contains NUL bytes), not C source"],
    ] as const) {
      const r = lazymm([target]);
      assert.equal(r.code, 2, target);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `lazymm: ${message}\n`);
    }
  });

  test('--help documents the options and the exit status; lazymm --help lists the command', () => {
    const help = lazymm(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: lazymm simulate \[options\] \[SCENARIO \| FILE\.c:FUNCTION\]/);
    for (const option of ['--policy', '--arch', '--cpus', '--seed', '--scenario', '--task', '--config', '--trace', '--list', '--format', '--output']) assert.match(help.stdout, new RegExp(`^  (-\\w, )?${option}\\b`, 'm'), option);
    assert.match(help.stdout, /exit status: 0 every verdict safe, 1 some policy x architecture violates an invariant,\n2 error/);
    const overview = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout;
    assert.match(overview, /^ {2}simulate +run the lazy-TLB policy simulator/m);
  });
});
