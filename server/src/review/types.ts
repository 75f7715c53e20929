// What a review produces, as plain data: the CLI renders it as text, JSON, SARIF or a mail reply,
// and the language server returns it as JSON. Ranges are 0-based (LSP), like every finding's.
import type { Note } from '../rules/finding';
import type { FileImages, HunkOutcome } from './apply';
import type { Classified } from './classify';
import type { FileChange } from './diff';

/** Where a file's text before the patch came from. */
export type Basis =
  /** Read from the tree (a directory, or a git revision). */
  | 'tree'
  /** The tree's text with the series' earlier patches applied. */
  | 'series'
  /** Only the hunks: partial functions at their real line numbers (reconstruct.ts). */
  | 'hunks'
  /** A new file: empty before. */
  | 'none';

export interface FileReview {
  /** The path shown: the new path, or the old one for a deleted file. */
  file: string;
  oldPath: string | null;
  newPath: string | null;
  change: FileChange;
  /** The first line of the file's diff as written (`diff --git a/x b/x`): the reply quotes it. */
  diffHeader: string;
  /** `reviewed`: analysed before and after; `skipped`: not C, binary, mode only, or nothing applied; `error`: unreadable diff. */
  status: 'reviewed' | 'skipped' | 'error';
  basis?: Basis;
  /** What happened to this file, in plain words (a hunk that did not apply, why it was skipped). */
  messages: string[];
  hunks: HunkOutcome[];
  /** Analysed functions the patch changes, before or after. */
  functions: string[];
  /** New and fixed findings anywhere in the file, and pre-existing ones in the functions it changes. */
  findings: Classified[];
  /** What the engine could not analyse (its notes), before and after. */
  notes: Note[];
  /** The two texts and the hunk-to-line maps; used to quote the patch, not part of the JSON. */
  images?: FileImages;
}

export interface SimVerdict {
  safe: boolean;
  invariant?: number;
  name?: string;
  message?: string;
}

/** One policy x architecture for one function: its path's verdict before and after (null: no path on that side). */
export interface SimCell {
  policy: string;
  arch: string;
  before: SimVerdict | null;
  after: SimVerdict | null;
  changed: boolean;
}

export interface FunctionSim {
  file: string;
  functionName: string;
  /** `compared`: both sides simulated; `same-path`: the path's steps did not change, so neither did its verdicts. */
  status: 'compared' | 'same-path';
  cells: SimCell[];
  notes: string[];
}

export interface Counts {
  new: number;
  fixed: number;
  preExisting: number;
}

export interface PatchReview {
  /** The Subject, `[PATCH v2 2/3] mm: ...`; empty for a bare diff. */
  subject: string;
  title: string;
  index?: number;
  total?: number;
  version?: number;
  author?: string;
  date?: string;
  messageId?: string;
  files: FileReview[];
  simulation: FunctionSim[];
  counts: Counts;
}

export interface ReviewResult {
  /** `tree`: pre-images from a directory or a git revision; `hunks`: reconstructed from the hunks alone. */
  basis: 'tree' | 'hunks';
  /** The kernel configuration the findings hold for. */
  config: string;
  notes: string[];
  patches: PatchReview[];
  /** For a series read against a tree: the whole series' effect, first patch's before against last patch's after. */
  series?: { files: Array<{ file: string; findings: Classified[] }>; counts: Counts };
  /** Totals over the patches (a hazard added by one patch and fixed by a later one counts in both). */
  counts: Counts;
}
