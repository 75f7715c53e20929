// What the e2e suite runs on: code-server (installed into a cache outside the repo by
// scripts/e2e/setup.sh, which a second run finds done) and Debian's chromium. Missing tools fail the
// suite with the command that sets them up; nothing is skipped.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SETUP = 'scripts/e2e/setup.sh';
export const ARTIFACTS = path.join(ROOT, '.cache', 'e2e', 'artifacts');

export interface Tools {
  codeServer: string;
  chromium: string;
}

let tools: Tools | undefined;

/** Runs the setup (a no-op once installed) and checks the browser. Throws, naming the fix, if either is missing. */
export function ensureTools(): Tools {
  if (tools) return tools;
  const chromium = process.env.LAZYMM_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) throw new Error(`chromium not found at ${chromium}: run scripts/install-deps.sh (Debian's chromium), or set LAZYMM_CHROMIUM`);
  let out: string;
  try {
    // The first install prints its progress on stderr, which the test runner passes through.
    out = execFileSync(path.join(ROOT, SETUP), { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 });
  } catch (e) {
    throw new Error(`code-server is not installed and ${SETUP} failed (run scripts/install-deps.sh, then ${SETUP}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const codeServer = out.trim().split('\n').pop() ?? '';
  if (!fs.existsSync(codeServer)) throw new Error(`${SETUP} did not leave a code-server binary (got '${codeServer}'): run it by hand to see why`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tools = { codeServer, chromium };
  return tools;
}
