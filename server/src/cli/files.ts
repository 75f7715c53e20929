// Expands the CLI's path arguments into C files, in a stable order, and reads them safely.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSource } from '../input';

const C_FILE = /\.[ch]$/;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.cache']);

export interface SourceFile {
  /** The path as shown to the user: relative when the argument was. */
  display: string;
  /** Named on the command line: a problem with it is an error, not a note. */
  explicit: boolean;
}

export class UsageError extends Error {}

function walk(dir: string, out: SourceFile[]): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) walk(p, out);
    } else if (e.isFile() && C_FILE.test(e.name)) {
      out.push({ display: p, explicit: false });
    }
  }
}

/** Throws UsageError with a one-line reason for a path that does not exist or cannot be listed. */
export function expandPaths(args: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (e) {
      throw new UsageError(`cannot access '${arg}': ${describe(e)}`);
    }
    if (stat.isDirectory()) {
      try {
        walk(arg, out);
      } catch (e) {
        throw new UsageError(`cannot read directory '${arg}': ${describe(e)}`);
      }
    } else {
      out.push({ display: arg, explicit: true });
    }
  }
  return out;
}

export type ReadResult = { ok: true; text: string; note?: string } | { ok: false; reason: string };

export function readSource(file: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, reason: `cannot read: ${describe(e)}` };
  }
  return decodeSource(bytes);
}

export function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
