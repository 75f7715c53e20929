// What the lazymm client and server say to each other beyond standard LSP. Both sides import these
// names and types, so a renamed method cannot leave one side talking to nobody. No runtime imports:
// the client bundle takes only these constants.

/**
 * Node options the client starts the server with (and the bench and the tests, to measure the same
 * process). Every keystroke copies the document (300 KB in a large kernel file) and the analysis
 * makes more such strings; the server's live heap stays near 12 MB (lazymm/memoryUsage), the rest
 * is garbage V8 has not collected yet.
 * - A small young generation: V8's default lets it grow by 50 MB that it then keeps.
 * - Old-generation limit at 1.5x the live heap (at least live + 8 MB) rather than V8's own choice of
 *   up to 4x: texts still current at a scavenge are promoted and die in the old generation, and a
 *   fast typist's RSS rose by 25-50 MB of them before the next major GC (bench/editorPath.ts on
 *   core.c; with this flag 6-16 MB, keystroke latency the same; a workspace scan of fs/ as fast).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2', '--heap-growing-percent=50'];

/**
 * Client -> server request: what the server's memory is made of (clangd's `$/memoryUsage`,
 * rust-analyzer's "Memory Usage"). With `gc: true` and a server started with `--expose-gc`, a full
 * garbage collection runs first, so `heap.usedBytes` is the live heap; otherwise it includes garbage.
 */
export const MEMORY_USAGE_REQUEST = 'lazymm/memoryUsage';

export interface MemoryUsageParams {
  /** Collect garbage first, when the server can (started with --expose-gc). */
  gc?: boolean;
}

export interface MemoryUsageResult {
  /** A full GC ran just before the figures were taken. */
  gc: boolean;
  /** process.memoryUsage(), in bytes. */
  process: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /**
   * external - arrayBuffers: in this server almost all of it is web-tree-sitter's wasm linear
   * memory, which starts at 32 MiB, grows to its high-water mark and never shrinks (RSS counts only
   * the pages it touched). The rest is small V8 externals.
   */
  wasmAndOtherExternal: number;
  /** v8.getHeapStatistics(), in bytes. */
  heap: { usedBytes: number; totalBytes: number; physicalBytes: number; executableBytes: number; mallocedBytes: number; peakMallocedBytes: number; limitBytes: number };
  /** v8.getHeapSpaceStatistics(): committed (`sizeBytes`) and live (`usedBytes`) per space. */
  heapSpaces: Array<{ name: string; sizeBytes: number; usedBytes: number; availableBytes: number; physicalBytes: number }>;
  /** What the server keeps per open document. */
  documents: DocumentMemory[];
}

/** One document the server keeps something for: every open one, and any closed one that still holds state (a leak). */
export interface DocumentMemory {
  uri: string;
  open: boolean;
  /** The open document's version and its text's length in UTF-16 code units. */
  version?: number;
  chars?: number;
  /** The analysis kept for hovers, code lenses and code actions, if any. */
  analysis?: { version: number; findings: number; functions: number; diagnostics?: number };
  /** An incremental tree is kept (wasm memory, freed when the document closes). */
  tree: boolean;
  /** Entries of the document's per-function cache (functionCache.ts). */
  cachedFunctions?: number;
  /** A check is waiting for typing to pause. */
  pending: boolean;
}

/** Server -> client notification: the status bar's state. */
export const STATUS_NOTIFICATION = 'lazymm/status';

export interface StatusParams {
  state: 'analysing' | 'idle' | 'error';
  /** Diagnostics published for the open documents. */
  hazards: number;
  /** What is being analysed, or what went wrong: the status bar's tooltip. */
  message?: string;
}

/**
 * The server's `workspace/executeCommand` for a workspace scan. Not `lazymm.scanWorkspace`: the
 * language client registers every server command as a VS Code command of the same name, and the
 * user-facing `lazymm.scanWorkspace` is the client's own (it shows a cancellable notification).
 */
export const SCAN_WORKSPACE_COMMAND = 'lazymm.server.scanWorkspace';

export interface ScanSummary {
  /** Files analysed (read and checked). */
  files: number;
  /** Diagnostics published for them, after the settings' severities and rules turned off. */
  findings: number;
  /** Stopped by the user before every file was analysed. */
  cancelled: boolean;
}

/**
 * The client command behind the "Simulate this path" code lens: opens the simulator panel on the
 * function's annotated path (engine.ts FunctionReport.path). Handled by the client, not the server.
 */
export const SIMULATE_PATH_COMMAND = 'lazymm.simulatePath';

/** The one argument of SIMULATE_PATH_COMMAND. Ranges are zero-based, like LSP's. */
export interface SimulatePathArgs {
  uri: string;
  functionName: string;
  /** The finding the path leads to, when it is a finding's path. */
  ruleId?: string;
  steps: Array<{ kind: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>;
}

/**
 * The server's `workspace/executeCommand` that reviews a patch (lazymm review): one argument,
 * ReviewPatchArgs; the result is ReviewPatchResult, plain JSON for the client to show.
 */
export const REVIEW_PATCH_COMMAND = 'lazymm.server.reviewPatch';

/**
 * A patch or mbox file (absolute, or relative to the first workspace folder), reviewed against
 * `tree` (default: the first workspace folder; files missing there are reconstructed from their
 * hunks); or the commits `base..head` (head defaults to HEAD) of the git repository at `root`;
 * or, with `workingTree`, everything the working tree at `root` changes since `base`.
 * `simulate: false` leaves out the simulator delta.
 */
export type ReviewPatchArgs =
  | string
  | { patch: string; tree?: string; simulate?: boolean }
  | { base: string; head?: string; root: string; simulate?: boolean }
  /** The working tree's changes since `base`, committed or not (git diff base). */
  | { base: string; workingTree: true; root: string; simulate?: boolean };

/** Zero-based, UTF-16 columns, as in LSP. */
export interface ReviewRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface ReviewFindingData {
  ruleId: string;
  ruleName: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: ReviewRange;
  functionName: string;
  path: Array<{ kind: string; message: string; range: ReviewRange }>;
  config?: string;
}

export interface ReviewClassifiedData {
  state: 'new' | 'fixed' | 'pre-existing';
  /** Which text the finding's ranges are in: the file after the patch, or before it (a fixed finding). */
  image: 'before' | 'after';
  finding: ReviewFindingData;
  /** A pre-existing finding as it was before the patch. */
  before?: ReviewFindingData;
}

export interface ReviewFileData {
  /** Path relative to the tree: the new path, or the old one for a deleted file. */
  file: string;
  oldPath: string | null;
  newPath: string | null;
  change: 'modify' | 'add' | 'delete' | 'rename' | 'copy';
  status: 'reviewed' | 'skipped' | 'error';
  /** Where the text before came from: the tree, the series' earlier patches, the hunks alone, none (a new file). */
  basis?: 'tree' | 'series' | 'hunks' | 'none';
  /** Per-file messages: a hunk that did not apply (or did at an offset), why the file was skipped. */
  messages: string[];
  hunks: Array<{ index: number; header: string; applied: boolean; offset?: number; fuzz?: number; reason?: string }>;
  /** Analysed functions the patch changes. */
  functions: string[];
  findings: ReviewClassifiedData[];
  notes: Array<{ message: string; range?: ReviewRange }>;
}

export interface ReviewSimVerdictData {
  safe: boolean;
  invariant?: number;
  name?: string;
  message?: string;
}

export interface ReviewFunctionSimData {
  file: string;
  functionName: string;
  /** `same-path`: the path's steps did not change, so neither did its verdicts (cells empty). */
  status: 'compared' | 'same-path';
  cells: Array<{ policy: string; arch: string; before: ReviewSimVerdictData | null; after: ReviewSimVerdictData | null; changed: boolean }>;
  notes: string[];
}

export interface ReviewCountsData {
  new: number;
  fixed: number;
  preExisting: number;
}

export interface ReviewPatchData {
  subject: string;
  title: string;
  index?: number;
  total?: number;
  version?: number;
  author?: string;
  date?: string;
  messageId?: string;
  files: ReviewFileData[];
  simulation: ReviewFunctionSimData[];
  counts: ReviewCountsData;
  /** The draft reply in the kernel's mail conventions, or null when the patch needs none. */
  reply: string | null;
}

export interface ReviewPatchResult {
  /** `hunks`: no tree, every file reconstructed from its hunks (partial functions). */
  basis: 'tree' | 'hunks';
  config: string;
  notes: string[];
  patches: ReviewPatchData[];
  series?: { files: Array<{ file: string; findings: ReviewClassifiedData[] }>; counts: ReviewCountsData };
  counts: ReviewCountsData;
  /** The directory the files' paths are relative to (the tree or repository), or null without one. */
  root: string | null;
}
