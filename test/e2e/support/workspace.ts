// Workspace folders for the e2e tests: fresh copies in a temporary directory, so quick fixes and
// saves never touch the repository's examples.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './tools';

/** The text of examples/<name>. */
export function example(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
}

/** The text of test/e2e/fixtures/<name>. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'fixtures', name), 'utf8');
}

/** Writes `files` (workspace-relative path -> text) into a new folder and returns its path. */
export function makeWorkspace(name: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lazymm-ws-${name}-`));
  writeFiles(dir, files);
  return dir;
}

/** Writes `files` (relative path -> text) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

export function removeWorkspace(dir: string | undefined): void {
  if (dir && !process.env.LAZYMM_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}
