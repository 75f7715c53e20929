// The C files of the workspace folders for a scan: the CLI's walk (sorted, .c/.h, no .git or
// node_modules, symlinks not followed so a loop cannot trap it), but asynchronous, so the server
// keeps answering while it lists a whole kernel tree, and with lazymm.ignore pruning directories.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { IgnoreMatcher } from './glob';

const C_FILE = /\.[ch]$/;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.cache']);

export interface Listing {
  files: string[];
  /** Directories that could not be read: said in the log, the scan goes on. */
  unreadable: string[];
}

export async function listWorkspaceFiles(roots: readonly string[], ignore: IgnoreMatcher, isCancelled: () => boolean): Promise<Listing> {
  const listing: Listing = { files: [], unreadable: [] };
  const seen = new Set<string>();
  for (const root of roots) {
    // Nested workspace folders would list their files twice.
    if ([...seen].some((r) => root === r || root.startsWith(r + path.sep))) continue;
    seen.add(root);
    await walk(root, roots, ignore, isCancelled, listing);
  }
  return listing;
}

async function walk(dir: string, roots: readonly string[], ignore: IgnoreMatcher, isCancelled: () => boolean, out: Listing): Promise<void> {
  if (isCancelled()) return;
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    out.unreadable.push(`${dir}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name) && !ignore.ignoresDirectory(p, roots)) await walk(p, roots, ignore, isCancelled, out);
    } else if (e.isFile() && C_FILE.test(e.name) && !ignore.ignores(p, roots)) {
      out.files.push(p);
    }
  }
}
