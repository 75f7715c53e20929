// Where a command's report goes: the file given with -o/--output, else standard output. A file
// that cannot be written is a usage error (exit 2, one line), the same for every command.
import * as fs from 'node:fs';
import { describe, UsageError } from './files';

export function writeFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write '${file}': ${describe(e)}`);
  }
}

export function writeReport(output: string | undefined, text: string): void {
  if (output !== undefined) writeFile(output, text);
  else process.stdout.write(text);
}
