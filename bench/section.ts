// What a bench section is and what it gets; run.ts runs SECTIONS in order and prints one table.
import type { CParser } from '../server/src/parse/parser';

/** The unpacked Linux 6.12 tree and its candidate files, or why they are not available. */
export type KernelCorpus =
  | { ok: true; tree: string; kernel: string; treeFiles: number; candidates: string[]; bytes: number }
  | { ok: false; reason: string };

/** What every section gets: things that are slow to set up and should be shared. */
export interface Context {
  parser: CParser;
  kernel: KernelCorpus;
}

export interface SectionOutput {
  /** Table rows for stdout; a section may print several. */
  rows: string[][];
  /** Goes into results[key] in the JSON. */
  result: object;
}

export interface Section {
  key: string;
  run(ctx: Context): Promise<SectionOutput> | SectionOutput;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
