// Unified diffs as data: the files a patch changes, each with its hunks, read the way `patch` and
// `git apply` read them (hunk lines are counted, so a mail signature or trailing text after the
// last hunk is ignored). A file whose diff cannot be read gets an `error` instead of throwing,
// and the other files are still returned. No Node imports: the language server and tests use it too.

export type LineKind = ' ' | '-' | '+';

export interface HunkLine {
  kind: LineKind;
  text: string;
}

export interface Hunk {
  /** 1-based first line in the old file (for an empty old side, the line after which to insert). */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The whole `@@ -a,b +c,d @@ heading` line, for quoting. */
  header: string;
  /** What git prints after the second `@@`: usually the enclosing function's first line. */
  heading: string;
  lines: HunkLine[];
  /** `\ No newline at end of file` after the old (new) side's last line. */
  oldNoNewline: boolean;
  newNoNewline: boolean;
}

export type FileChange = 'modify' | 'add' | 'delete' | 'rename' | 'copy';

export interface FilePatch {
  /** Path in the tree before the patch (prefix such as a/ removed); null for a new file. */
  oldPath: string | null;
  /** Path after the patch; null for a deleted file. */
  newPath: string | null;
  change: FileChange;
  /** The file's header lines as written (`diff --git ...`, `--- a/x`, `+++ b/x`), for quoting. */
  header: string[];
  /** A binary diff (`Binary files ... differ`, `GIT binary patch`): its content is not readable here. */
  binary: boolean;
  /** Only the file mode changes. */
  modeOnly: boolean;
  hunks: Hunk[];
  /** Why this file's diff could not be read, when it could not; its hunks are then not to be trusted. */
  error?: string;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** The name shown for a file patch: its new path, or the old one for a deletion. */
export function displayPath(f: FilePatch): string {
  return f.newPath ?? f.oldPath ?? '(unknown)';
}

/** Reads every file of a unified diff (git or plain `diff -u`) found in `text`; other lines are ignored. */
export function parseDiff(text: string): FilePatch[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const files: FilePatch[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      i = readGitFile(lines, i, files);
    } else if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const file: FilePatch = { oldPath: null, newPath: null, change: 'modify', header: [line, lines[i + 1]!], binary: false, modeOnly: false, hunks: [] };
      setPlainPaths(file, line.slice(4), lines[i + 1]!.slice(4), false);
      files.push(file);
      i = readHunks(lines, i + 2, file);
    } else {
      i++;
    }
  }
  return files;
}

function readGitFile(lines: string[], start: number, files: FilePatch[]): number {
  const file: FilePatch = { oldPath: null, newPath: null, change: 'modify', header: [lines[start]!], binary: false, modeOnly: false, hunks: [] };
  files.push(file);
  // `diff --git a/x b/x`: the fallback names when no ---/+++ or rename lines follow (mode changes, binaries).
  const names = splitGitNames(lines[start]!.slice('diff --git '.length));
  if (names) {
    file.oldPath = stripPrefix(names[0]);
    file.newPath = stripPrefix(names[1]);
  }
  let sawMode = false;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('new file mode')) file.change = 'add';
    else if (l.startsWith('deleted file mode')) file.change = 'delete';
    else if (l.startsWith('old mode') || l.startsWith('new mode')) sawMode = true;
    else if (l.startsWith('rename from ')) (file.change = 'rename'), (file.oldPath = unquote(l.slice(12)));
    else if (l.startsWith('rename to ')) (file.change = 'rename'), (file.newPath = unquote(l.slice(10)));
    else if (l.startsWith('copy from ')) (file.change = 'copy'), (file.oldPath = unquote(l.slice(10)));
    else if (l.startsWith('copy to ')) (file.change = 'copy'), (file.newPath = unquote(l.slice(8)));
    else if (/^(similarity|dissimilarity) index |^index /.test(l)) continue;
    else if (l.startsWith('Binary files ') || l === 'GIT binary patch') {
      file.binary = true;
      i++;
      break;
    } else if (l.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      setPlainPaths(file, l.slice(4), lines[i + 1]!.slice(4), true);
      file.header.push(l, lines[i + 1]!);
      i = readHunks(lines, i + 2, file);
      break;
    } else break;
  }
  if (file.change === 'add') file.oldPath = null;
  if (file.change === 'delete') file.newPath = null;
  if (!file.binary && file.hunks.length === 0 && !file.error && sawMode && file.change === 'modify') file.modeOnly = true;
  return i;
}

/** `a/x b/x` (or quoted names): split where the two halves name the same file, else at ` b/`. */
function splitGitNames(s: string): [string, string] | undefined {
  if (s.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*") (.*)$/.exec(s);
    return m ? [unquote(m[1]!), unquote(m[2]!)] : undefined;
  }
  const half = (s.length - 1) / 2;
  if (Number.isInteger(half) && s[half] === ' ' && s.slice(2, half) === s.slice(half + 3)) return [s.slice(0, half), s.slice(half + 1)];
  const at = s.indexOf(' b/');
  return at < 0 ? undefined : [s.slice(0, at), s.slice(at + 1)];
}

/** Paths from `--- old` / `+++ new`: /dev/null marks an added or deleted file; a/ b/ (or differing first components, `linux.orig/` vs `linux/`) are stripped like `patch -p1`. */
function setPlainPaths(file: FilePatch, oldRaw: string, newRaw: string, git: boolean): void {
  const oldName = unquote(oldRaw.split('\t')[0]!.trimEnd());
  const newName = unquote(newRaw.split('\t')[0]!.trimEnd());
  const first = (p: string) => p.split('/')[0];
  const strip = git || (oldName.startsWith('a/') && newName.startsWith('b/')) || (oldName.includes('/') && newName.includes('/') && first(oldName) !== first(newName));
  const clean = (p: string) => (strip ? p.slice(p.indexOf('/') + 1) : p);
  if (oldName === '/dev/null') {
    file.change = 'add';
    file.oldPath = null;
  } else if (file.change !== 'rename' && file.change !== 'copy') file.oldPath = clean(oldName);
  if (newName === '/dev/null') {
    file.change = 'delete';
    file.newPath = null;
  } else if (file.change !== 'rename' && file.change !== 'copy') file.newPath = clean(newName);
}

function stripPrefix(p: string): string {
  return /^[ab]\//.test(p) ? p.slice(2) : p;
}

/** git quotes names with unusual bytes: "a/x\ty" with C escapes. */
function unquote(s: string): string {
  if (!(s.startsWith('"') && s.endsWith('"') && s.length >= 2)) return s;
  return s.slice(1, -1).replace(/\\(["\\tn])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

/** Reads the hunks that follow a file header; returns the index of the first line after them. */
function readHunks(lines: string[], start: number, file: FilePatch): number {
  let i = start;
  while (i < lines.length) {
    const m = HUNK_HEADER.exec(lines[i]!);
    if (!m) break;
    const hunk: Hunk = {
      oldStart: Number(m[1]),
      oldLines: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newLines: m[4] === undefined ? 1 : Number(m[4]),
      header: lines[i]!,
      heading: m[5]!.trim(),
      lines: [],
      oldNoNewline: false,
      newNoNewline: false,
    };
    i++;
    let oldLeft = hunk.oldLines;
    let newLeft = hunk.newLines;
    while (oldLeft > 0 || newLeft > 0) {
      const l = lines[i];
      // A context line whose single space a mailer stripped reads as an empty line; `patch` accepts it too.
      const kind = l === '' ? ' ' : l?.[0];
      if (l === undefined || (kind !== ' ' && kind !== '-' && kind !== '+' && kind !== '\\')) {
        file.error = `hunk ${file.hunks.length + 1} (${hunk.header}) is cut short: ${oldLeft} old and ${newLeft} new lines missing`;
        return skipToNextFile(lines, i);
      }
      i++;
      if (kind === '\\') {
        markNoNewline(hunk);
        continue;
      }
      if ((kind !== '+' && oldLeft === 0) || (kind !== '-' && newLeft === 0)) {
        file.error = `hunk ${file.hunks.length + 1} (${hunk.header}) has more lines than its header counts`;
        return skipToNextFile(lines, i);
      }
      hunk.lines.push({ kind, text: l.slice(1) });
      if (kind !== '+') oldLeft--;
      if (kind !== '-') newLeft--;
    }
    if (lines[i]?.startsWith('\\')) {
      markNoNewline(hunk);
      i++;
    }
    file.hunks.push(hunk);
  }
  if (file.hunks.length === 0 && !file.binary && lines[i] !== undefined && lines[i]!.startsWith('@@')) {
    file.error = `unreadable hunk header: ${lines[i]}`;
    return skipToNextFile(lines, i + 1);
  }
  return i;
}

function markNoNewline(hunk: Hunk): void {
  const last = hunk.lines[hunk.lines.length - 1];
  if (!last || last.kind !== '+') hunk.oldNoNewline = true;
  if (!last || last.kind !== '-') hunk.newNoNewline = true;
}

function skipToNextFile(lines: string[], from: number): number {
  let i = from;
  while (i < lines.length && !lines[i]!.startsWith('diff --git ') && !(lines[i]!.startsWith('--- ') && lines[i + 1]?.startsWith('+++ '))) i++;
  return i;
}
