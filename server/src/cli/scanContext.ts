// What one scan's files share: the kernel .config given with --config, and the struct fields that
// some file of the scan drops, so LMM013 sees a release in kfd_process.c from kfd_chardev.c.
import * as fs from 'node:fs';
import { fieldsDroppedIn } from '../rules/fieldNeverDropped';
import { describe, UsageError } from './files';
import type { ScanContext } from './protocol';

export function buildScanContext(files: string[], opts: { fileTimeoutS: number; configPath?: string }): ScanContext {
  const dropped = new Set<string>();
  // A regex pass over text already in the page cache: cheap next to parsing the same files.
  if (files.length > 1) {
    for (const f of files) {
      try {
        for (const field of fieldsDroppedIn(fs.readFileSync(f, 'latin1'))) dropped.add(field);
      } catch {
        // Unreadable files are reported by the scan itself.
      }
    }
  }
  const context: ScanContext = { fileTimeoutS: opts.fileTimeoutS, droppedFields: [...dropped].sort() };
  if (opts.configPath !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(opts.configPath, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read kernel config '${opts.configPath}': ${describe(e)}`);
    }
    if (!/^(?:CONFIG_\w+=|# CONFIG_\w+ is not set)/m.test(text)) throw new UsageError(`'${opts.configPath}' does not look like a kernel .config (no CONFIG_ lines)`);
    context.config = { text, label: `.config ${opts.configPath}` };
  }
  return context;
}
