// Without the tree, the best picture of a file before and after a patch is what its hunks show:
// each hunk's old side (context and removed lines) and new side (context and added lines), put at
// the line numbers the hunk states so findings name the file's real lines, with blank lines in the
// gaps. A hunk that sits inside one function (no column-0 brace in it) is wrapped in a stand-in
// definition made from the hunk's heading, `static int f(...) {` ... `}`, so the parser sees a
// function; its braces are balanced from the hunk's own. The result is partial functions: a
// reference taken or dropped outside the hunks is not seen. No Node imports.
import type { FileImages, HunkView, MappedLine } from './apply';
import type { Hunk } from './diff';

/** A heading that reads like a function definition's first line: `static int foo(struct bar *b)`. */
const SIGNATURE = /^[A-Za-z_][\w\s*]*?\b[A-Za-z_]\w*\s*\(/;

/** Net `{`/`}` count along lines, with the lowest running value; strings, characters and comments skipped. */
export function braceBalance(lines: readonly string[]): { final: number; lowest: number } {
  let depth = 0;
  let lowest = 0;
  let inComment = false;
  for (const line of lines) {
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (inComment) {
        if (c === '*' && line[i + 1] === '/') (inComment = false), i++;
      } else if (c === '/' && line[i + 1] === '*') (inComment = true), i++;
      else if (c === '/' && line[i + 1] === '/') break;
      else if (c === '"' || c === "'") {
        for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
      } else if (c === '{') depth++;
      else if (c === '}') lowest = Math.min(lowest, --depth);
    }
  }
  return { final: depth, lowest };
}

interface Side {
  slots: Map<number, string>;
  start: (h: Hunk) => number;
  keep: (kind: MappedLine['kind']) => boolean;
}

function wrapperHeading(heading: string): string | undefined {
  if (!SIGNATURE.test(heading) || /[;=]/.test(heading)) return undefined;
  // git cuts headings at 80 columns, sometimes inside the parameter list.
  let open = 0;
  for (const c of heading) open += c === '(' ? 1 : c === ')' ? -1 : 0;
  return heading.replace(/\{\s*$/, '') + ')'.repeat(Math.max(0, open));
}

export function reconstructImages(hunks: readonly Hunk[]): FileImages {
  const pre: Side = { slots: new Map(), start: (h) => (h.oldLines === 0 ? h.oldStart : h.oldStart - 1), keep: (k) => k !== '+' };
  const post: Side = { slots: new Map(), start: (h) => (h.newLines === 0 ? h.newStart : h.newStart - 1), keep: (k) => k !== '-' };
  const images: FileImages = { pre: '', post: '', removed: new Set(), added: new Set(), preInsertions: new Set(), postDeletions: new Set(), views: [], hunks: [] };

  // Hunks with the same heading in a row are one function seen through several windows.
  const groups: Hunk[][] = [];
  for (const h of hunks) {
    const last = groups[groups.length - 1];
    if (last && h.heading !== '' && last[0]!.heading === h.heading) last.push(h);
    else groups.push([h]);
  }

  hunks.forEach((h, k) => {
    const view: HunkView = { index: k + 1, header: h.header, lines: [] };
    let p = pre.start(h);
    let q = post.start(h);
    let overlaps = false;
    for (let n = 0, pp = p, qq = q; n < h.lines.length; n++) {
      const kind = h.lines[n]!.kind;
      if (kind !== '+' && pre.slots.has(pp++)) overlaps = true;
      if (kind !== '-' && post.slots.has(qq++)) overlaps = true;
    }
    if (overlaps) {
      images.hunks.push({ index: k + 1, header: h.header, applied: false, reason: 'it overlaps an earlier hunk' });
      return;
    }
    for (const l of h.lines) {
      const m: MappedLine = { kind: l.kind, text: l.text };
      if (l.kind !== '+') {
        pre.slots.set(p, l.text);
        m.pre = p;
        if (l.kind === '-') images.removed.add(p), images.postDeletions.add(q);
        p++;
      }
      if (l.kind !== '-') {
        post.slots.set(q, l.text);
        m.post = q;
        if (l.kind === '+') images.added.add(q), images.preInsertions.add(p);
        q++;
      }
      view.lines.push(m);
    }
    images.views.push(view);
    images.hunks.push({ index: k + 1, header: h.header, applied: true, offset: 0, fuzz: 0 });
  });

  for (const group of groups) {
    const heading = wrapperHeading(group[0]!.heading);
    if (heading === undefined) continue;
    for (const side of [pre, post]) {
      const lines = group.flatMap((h) => h.lines.filter((l) => side.keep(l.kind)).map((l) => l.text));
      // A column-0 brace means the hunk crosses a function boundary: the text is whole enough as it is.
      if (lines.length === 0 || lines.some((l) => /^[{}]/.test(l))) continue;
      const first = side.start(group[0]!);
      const lastHunk = group[group.length - 1]!;
      const end = side.start(lastHunk) + lastHunk.lines.filter((l) => side.keep(l.kind)).length;
      const { final, lowest } = braceBalance(lines);
      if (first < 1 || side.slots.has(first - 1) || side.slots.has(end)) continue;
      const opens = 1 - lowest;
      side.slots.set(first - 1, `${heading} ${'{'.repeat(opens)}`);
      side.slots.set(end, '}'.repeat(Math.max(0, opens + final)));
    }
  }

  const render = (slots: Map<number, string>) => {
    if (slots.size === 0) return '';
    const last = Math.max(...slots.keys());
    return `${Array.from({ length: last + 1 }, (_, n) => slots.get(n) ?? '').join('\n')}\n`;
  };
  images.pre = render(pre.slots);
  images.post = render(post.slots);
  return images;
}
