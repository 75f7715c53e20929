// Shared by the tests: the engine on a string, and the repo's paths.
import * as path from 'node:path';
import { checkText } from '../server/src/engine';
import { CParser } from '../server/src/parse/parser';
import type { CheckResult } from '../server/src/rules/finding';

export const ROOT = path.resolve(__dirname, '..');
export const CLI = path.join(ROOT, 'bin', 'lazymm');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export async function check(text: string): Promise<CheckResult> {
  return checkText(await CParser.load(), text);
}

/** 1-based line of the first occurrence of `needle` in `text`: tests name lines by their content. */
export function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`not in text: ${needle}`);
  return text.slice(0, at).split('\n').length;
}
