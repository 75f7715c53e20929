// Runs an external command for the bench: wall time measured here, peak memory from GNU time
// (`/usr/bin/time -f %M`, Debian package `time`) when it is installed, a hard timeout that kills the
// whole process group (spatch --jobs forks workers that would outlive a plain kill).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CommandRun {
  wallMs: number;
  /** Peak resident set of the largest process, in KiB; undefined without GNU time. */
  peakRssKb?: number;
  /** Exit status; null when killed. */
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

let gnuTime: boolean | undefined;
export function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    // GNU time prints its version on stdout (1.9) or stderr (older); BusyBox's has no --version.
    const r = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
    gnuTime = r.status === 0 && `${r.stdout}${r.stderr}`.includes('GNU');
  }
  return gnuTime;
}

export function hasCommand(cmd: string, versionArg = '--version'): boolean {
  return spawnSync(cmd, [versionArg], { stdio: 'ignore' }).status === 0;
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function runCommand(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number }): Promise<CommandRun> {
  const rssFile = path.join(os.tmpdir(), `lazymm-bench-rss-${process.pid}-${Date.now()}`);
  const [file, argv] = hasGnuTime() ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const start = nowMs();
    // Its own process group, so the timeout can kill everything it started.
    const child = spawn(file, argv, { cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      const wallMs = nowMs() - start;
      clearTimeout(timer);
      let peakRssKb: number | undefined;
      try {
        // GNU time writes "Command exited with non-zero status N" before the figure; take the last line.
        const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
        const kb = Number(lines[lines.length - 1]);
        if (Number.isFinite(kb) && kb > 0) peakRssKb = kb;
        fs.rmSync(rssFile, { force: true });
      } catch {
        // No GNU time, or killed before it wrote.
      }
      const run: CommandRun = { wallMs, code, timedOut, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (peakRssKb !== undefined) run.peakRssKb = peakRssKb;
      resolve(run);
    });
  });
}
