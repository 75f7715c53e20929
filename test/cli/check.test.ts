// The built `lazymm` command: exit codes, formats, and what it does with bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, ROOT } from '../helpers';

function lazymm(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lazymm-cli-'));
}

const CLEAN = 'void f(struct mm_struct *mm)\n{\n\tmmgrab(mm);\n\tmmdrop(mm);\n}\n';

describe('lazymm check: exit codes and text output', () => {
  test('examples/: prints the leak gcc-style with its path and exits 1', () => {
    const r = lazymm(['check', 'examples/']);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    // Line 37 is the `return ret;` under err_free_pasid; line 22 the mmgrab (checked by hand).
    assert.equal(
      lines[0],
      'examples/leak_on_error_path.c:37:2: warning: mm_count reference taken by mmgrab(mm) at line 22 is leaked: this path reaches the return without mmdrop() or a hand-over [LMM001]',
    );
    assert.deepEqual(lines.slice(1).map((l) => l.split(': note: ')[0]), [
      'examples/leak_on_error_path.c:22:2',
      'examples/leak_on_error_path.c:25:6',
      'examples/leak_on_error_path.c:29:6',
      'examples/leak_on_error_path.c:30:3',
      'examples/leak_on_error_path.c:37:2',
    ]);
    assert.equal(r.stderr, '1 finding in 3 files checked (default x86_64 config)\n');
  });

  test('a clean file: no output on stdout, exit 0', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'clean.c'), CLEAN);
    const r = lazymm(['check', path.join(dir, 'clean.c')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  test('a missing path: exit 2 with one line', () => {
    const r = lazymm(['check', '/nonexistent']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "lazymm: cannot access '/nonexistent': no such file or directory\n");
  });

  test('usage errors: exit 2 with one line each', () => {
    for (const [args, message] of [
      [['check'], "lazymm: no files or directories to check (see 'lazymm --help')"],
      [['check', '--bogus', 'examples'], "lazymm: unknown option '--bogus' (see 'lazymm --help')"],
      [['check', '--format', 'xml', 'examples'], "lazymm: unknown format 'xml' (expected text, json or sarif)"],
      [['frobnicate'], "lazymm: unknown command 'frobnicate' (see 'lazymm --help')"],
      [['check', '--jobs', '0', 'examples'], "lazymm: option '--jobs' needs a whole number of at least 1, not '0'"],
      [['check', '--jobs=two', 'examples'], "lazymm: option '--jobs' needs a whole number of at least 1, not 'two'"],
      [['check', '--file-timeout', '-1', 'examples'], "lazymm: option '--file-timeout' needs a number of seconds (0 for no limit), not '-1'"],
      [[], "lazymm: no command given (see 'lazymm --help')"],
      // One option reader and one report writer serve every command (args.ts, output.ts).
      [['check', 'examples', '--output'], "lazymm: option '--output' needs a value"],
      [['simulate', '--cpus'], "lazymm: option '--cpus' needs a value"],
      [['review', '--tree'], "lazymm: option '--tree' needs a value"],
      [['check', '-o', '/nonexistent/out.json', 'examples'], "lazymm: cannot write '/nonexistent/out.json': no such file or directory"],
      [['simulate', '--output=/nonexistent/out.txt', 'context-switch', '--cpus', '2'], "lazymm: cannot write '/nonexistent/out.txt': no such file or directory"],
    ] as const) {
      const r = lazymm([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr, `${message}\n`);
    }
  });

  test('--help and --version exit 0', () => {
    const overview = lazymm(['--help']).stdout;
    assert.match(overview, /^usage: lazymm <command>/);
    assert.match(overview, /^  check +find lazy-mm lifetime hazards/m);
    const help = lazymm(['check', '--help']).stdout;
    assert.match(help, /^usage: lazymm check/);
    assert.match(help, /-j, --jobs N/);
    assert.match(help, /--file-timeout SECONDS/);
    assert.match(lazymm(['--version']).stdout, /^lazymm \d+\.\d+\.\d+\n$/);
  });
});

describe('lazymm check: bad input gets a clear message and loses nothing', () => {
  test('a binary file named on the command line: exit 2, one line', () => {
    const dir = tempDir();
    const bin = path.join(dir, 'vmlinux.c');
    fs.writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    const r = lazymm(['check', bin]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('lazymm:')).length, 1);
    assert.match(r.stderr, /vmlinux\.c: binary file \(contains NUL bytes\), not C source/);
  });

  test('a binary file found in a directory is skipped with a note; the rest is still checked', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'blob.c'), Buffer.from([0, 1, 2, 3]));
    fs.copyFileSync(path.join(ROOT, 'examples/leak_on_error_path.c'), path.join(dir, 'leak.c'));
    const r = lazymm(['check', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /lazymm: note: .*blob\.c: skipped: binary file/);
    assert.match(r.stdout, /leak\.c:37:2: warning: .* \[LMM001\]/);
  });

  test('invalid UTF-8 is analysed with a note, and the file is left untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'latin1.c');
    // The leaking example behind a Latin-1 comment line: its finding moves from line 37 to 38.
    const leak = fs.readFileSync(path.join(ROOT, 'examples/leak_on_error_path.c'));
    const bytes = Buffer.concat([Buffer.from('/* caf'), Buffer.from([0xe9]), Buffer.from(' */\n'), leak]);
    fs.writeFileSync(file, bytes);
    const r = lazymm(['check', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /latin1\.c: invalid UTF-8 \(first at line 1\); analysed with replacement characters/);
    assert.match(r.stdout, /latin1\.c:38:2: warning: mm_count reference taken by mmgrab\(mm\) at line 23/);
    assert.deepEqual(fs.readFileSync(file), bytes);
  });
});

describe('lazymm check: machine-readable formats', () => {
  test('--format json carries the finding with its path', () => {
    const r = lazymm(['check', '--format', 'json', 'examples']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as { files: Array<{ file: string; findings: Array<{ ruleId: string; range: { start: { line: number } }; path: unknown[] }> }> };
    assert.deepEqual(doc.files.map((f) => f.file), ['examples/context_switch.c', 'examples/kthread_use_mm.c', 'examples/leak_on_error_path.c']);
    const [finding] = doc.files[2]!.findings;
    assert.equal(finding!.ruleId, 'LMM001');
    assert.equal(finding!.range.start.line, 36); // 0-based: line 37
    assert.equal(finding!.path.length, 5);
  });

  test('--format sarif -o FILE writes SARIF 2.1.0 that Microsoft\'s validator accepts', () => {
    const dir = tempDir();
    const out = path.join(dir, 'lazymm.sarif');
    const r = lazymm(['check', '--format', 'sarif', '-o', out, 'examples']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(log.version, '2.1.0');
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'LMM001');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'examples/leak_on_error_path.c');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 37, startColumn: 2, endLine: 37, endColumn: 13 });
    assert.equal(result.codeFlows[0].threadFlows[0].locations.length, 5);

    const validation = path.join(dir, 'validation.sarif');
    const multitool = path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool');
    const v = spawnSync(multitool, ['validate', out, '--output', validation], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const report = JSON.parse(fs.readFileSync(validation, 'utf8'));
    // A result with no level is a warning (SARIF 3.27.10). SARIF2005 asks for the tool's home page
    // (informationUri), which lazymm does not have yet; everything else must be clean.
    const problems = (report.runs[0].results as Array<{ ruleId: string; level?: string }>).filter((x) => (x.level ?? 'warning') !== 'note' && x.ruleId !== 'SARIF2005');
    assert.deepEqual(problems, []);
  });
});

/** A directory with clean, leaking, binary and invalid-UTF-8 files: every kind of per-file outcome. */
function mixedDir(): string {
  const dir = tempDir();
  for (const f of fs.readdirSync(path.join(ROOT, 'examples'))) fs.copyFileSync(path.join(ROOT, 'examples', f), path.join(dir, f));
  fs.copyFileSync(path.join(ROOT, 'examples/leak_on_error_path.c'), path.join(dir, 'leak_copy.c'));
  fs.writeFileSync(path.join(dir, 'clean.c'), CLEAN);
  fs.writeFileSync(path.join(dir, 'header.h'), `static inline ${CLEAN}`);
  fs.writeFileSync(path.join(dir, 'blob.c'), Buffer.from([0, 1, 2, 3]));
  fs.writeFileSync(path.join(dir, 'latin1.c'), Buffer.concat([Buffer.from('/* caf'), Buffer.from([0xe9]), Buffer.from(' */\n' + CLEAN)]));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.copyFileSync(path.join(ROOT, 'examples/leak_on_error_path.c'), path.join(dir, 'sub', 'nested.c'));
  return dir;
}

/** A file that takes the engine seconds (30,000 small functions, 2.6 MB): over any short budget. */
function slowFile(file: string): void {
  const fn = (i: number) => `void f${i}(struct mm_struct *mm, int x)\n{\n\tmmgrab(mm);\n\tif (x)\n\t\treturn;\n\tmmdrop(mm);\n}\n`;
  fs.writeFileSync(file, Array.from({ length: 30000 }, (_, i) => fn(i)).join(''));
}

describe('lazymm check: parallel scan', () => {
  test('--jobs 1 (in-process) and --jobs 2 (workers) give byte-identical output, text and JSON', () => {
    const dir = mixedDir();
    for (const format of ['text', 'json', 'sarif']) {
      const one = lazymm(['check', '--format', format, '--jobs', '1', '.'], dir);
      const two = lazymm(['check', '--format', format, '--jobs', '2', '.'], dir);
      assert.equal(one.code, 1, one.stderr);
      assert.deepEqual(two, one, format);
    }
    const text = lazymm(['check', '--jobs', '2', '.'], dir);
    assert.match(text.stderr, /lazymm: note: blob\.c: skipped: binary file/);
    assert.match(text.stderr, /lazymm: note: latin1\.c: invalid UTF-8/);
    assert.match(text.stderr, / in 8 files checked \(default x86_64 config\)\n$/);
    // The walk's sorted order, whichever worker finished first.
    const files = text.stdout.split('\n').filter((l) => /: (warning|error): /.test(l)).map((l) => l.split(':')[0]!);
    assert.ok(['leak_copy.c', 'leak_on_error_path.c', 'sub/nested.c'].every((f) => files.includes(f)), text.stdout);
    assert.deepEqual(files, [...files].sort());
  });

  test('files the pre-pass finds quiet are not analysed, yet everything the analysis would say of them is said', () => {
    // The pre-pass skips files that can have no finding (analyzeFile.ts isQuiet). What must
    // survive: a note about the bytes, a suppression with nothing to silence, and a file whose
    // only mm code is an assignment to ->mm (no mmgrab/mmput/active_mm, as in m68k's paging_init).
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'boot.c'), 'void reset_paging(void)\n{\n\tcurrent->mm = NULL;\n}\n');
    fs.writeFileSync(path.join(dir, 'suppressed.c'), '/* lazymm: ignore LMM001 -- nothing here takes a reference */\nint one(int x)\n{\n\treturn x + 1;\n}\n');
    fs.writeFileSync(path.join(dir, 'plain.c'), 'int two(int x)\n{\n\treturn x * 2;\n}\n');
    fs.writeFileSync(path.join(dir, 'latin1.c'), Buffer.concat([Buffer.from('/* caf'), Buffer.from([0xe9]), Buffer.from(' */\nint three(void)\n{\n\treturn 3;\n}\n')]));
    fs.writeFileSync(path.join(dir, 'blob.c'), Buffer.from([0, 1, 2, 3]));
    // Past the pre-pass's size limit for shared facts, and quiet all the same.
    fs.writeFileSync(path.join(dir, 'table.h'), `static const int table[] = {\n${'\t1, 2, 3, 4, 5, 6, 7, 8,\n'.repeat(60_000)}};\n`);
    const one = lazymm(['check', '--jobs', '1', '.'], dir);
    const two = lazymm(['check', '--jobs', '2', '.'], dir);
    assert.deepEqual(two, one);
    assert.equal(one.code, 1, one.stderr);
    assert.deepEqual(
      one.stdout.split('\n').filter((l) => /: (warning|error): /.test(l)).map((l) => l.replace(/: warning: .*\[(LMM\d+)\]$/, ' $1')),
      ['boot.c:4:1 LMM010', 'suppressed.c:1:1 LMM000'],
    );
    assert.match(one.stderr, /lazymm: note: blob\.c: skipped: binary file/);
    assert.match(one.stderr, /lazymm: note: latin1\.c: invalid UTF-8 \(first at line 1\)/);
    assert.match(one.stderr, / in 5 files checked \(default x86_64 config\)\n$/);
  });

  test('a file over --file-timeout is skipped with a note, its worker replaced, and the rest still checked', () => {
    const dir = tempDir();
    // Two slow files so both workers are stuck at once: the small files after them need replacements.
    slowFile(path.join(dir, 'a_slow.c'));
    slowFile(path.join(dir, 'b_slow.c'));
    for (const n of ['c1', 'c2', 'c3']) fs.copyFileSync(path.join(ROOT, 'examples/leak_on_error_path.c'), path.join(dir, `${n}.c`));
    const started = Date.now();
    const r = lazymm(['check', '--jobs', '2', '--file-timeout', '0.5', '--format', 'json', '.'], dir);
    assert.ok(Date.now() - started < 20000, 'the stuck workers were not stopped at their budget');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /lazymm: note: a_slow\.c: skipped: analysis exceeded 0\.5 s\n/);
    assert.match(r.stderr, /lazymm: note: b_slow\.c: skipped: analysis exceeded 0\.5 s\n/);
    const doc = JSON.parse(r.stdout) as { files: Array<{ file: string; findings: unknown[]; notes: Array<{ message: string }> }> };
    assert.deepEqual(doc.files.map((f) => [f.file, f.findings.length]), [['a_slow.c', 0], ['b_slow.c', 0], ['c1.c', 1], ['c2.c', 1], ['c3.c', 1]]);
    assert.deepEqual(doc.files[0]!.notes, [{ message: 'skipped: analysis exceeded 0.5 s' }]);
    // In-process the analysis cannot be interrupted, but the verdict, and so the output, is the same.
    assert.deepEqual(lazymm(['check', '--jobs', '1', '--file-timeout', '0.5', '--format', 'json', '.'], dir), r);
  });
});
