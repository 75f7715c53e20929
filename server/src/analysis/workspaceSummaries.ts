// Summaries of the exported helpers of a whole workspace, for a tree scan: a function in
// kfd_process.c that mmput()s its argument is a release when kfd_chardev.c calls it. Read from the
// text with the clean-up's lexer, not parsed: a scan reads every file once more for this, and
// parsing them twice would double its cost. The same-file summaries (summaries.ts) are exact;
// these see only the plain shapes: `mmput(param)` with no acquisition of it, and
// `return get_task_mm(...)` or `return local` after `local = get_task_mm(...)`.
import { functionBodies } from '../parse/focus';
import { CharKind, lexC } from '../parse/lexer';
import { TextBuffer } from '../parse/textBuffer';
import type { ApiEffect, RefCount } from './apiModel';

export interface WorkspaceSummary {
  name: string;
  releases?: RefCount;
  returns?: RefCount;
  arg?: number;
}

const RELEASE = /\bmm(put|drop)\w*\s*\(\s*(\w+)\s*\)/g;
const ACQUIRE = /\bmm(?:get|grab)\w*\s*\(\s*(\w+)\s*\)/g;
const RETURN_CALL = /\breturn\s+(?:get_task_mm|mm_access|mm_alloc)\s*\(/;
const ASSIGN_CALL = /\b(\w+)\s*=\s*(?:get_task_mm|mm_access|mm_alloc)\s*\(/g;

export function summarizeText(text: string): WorkspaceSummary[] {
  if (!/\bmm(?:put|drop)|\bget_task_mm|\bmm_access|\bmm_alloc/.test(text)) return [];
  const lexed = lexC(text);
  const buf = new TextBuffer(text);
  // Comments and string literals blanked: `/* mmput(mm) is the caller's job */` is not a release.
  // A run at a time, found with the typed array's native indexOf: this sees every file of a scan.
  const kind = lexed.kind;
  let nextComment = kind.indexOf(CharKind.Comment);
  let nextLiteral = kind.indexOf(CharKind.Literal);
  for (;;) {
    const start = nextComment < 0 ? nextLiteral : nextLiteral < 0 ? nextComment : Math.min(nextComment, nextLiteral);
    if (start < 0) break;
    let end = start + 1;
    while (end < text.length && (kind[end] === CharKind.Comment || kind[end] === CharKind.Literal)) end++;
    buf.blank(start, end);
    if (nextComment >= 0 && nextComment < end) nextComment = kind.indexOf(CharKind.Comment, end);
    if (nextLiteral >= 0 && nextLiteral < end) nextLiteral = kind.indexOf(CharKind.Literal, end);
  }
  const code = buf.toString();
  const out: WorkspaceSummary[] = [];
  for (const b of functionBodies(buf, lexed.kind)) {
    const body = code.slice(b.open, b.close);
    // Static functions are summarised where they are used: in their own file.
    const head = text.slice(Math.max(0, text.lastIndexOf('\n\n', b.params)), b.params);
    if (/\bstatic\b/.test(head)) continue;
    const params = text
      .slice(b.params + 1, text.lastIndexOf(')', b.open))
      .split(',')
      .map((p) => /(\w+)\s*(?:\[[^\]]*\])?\s*$/.exec(p.trim())?.[1] ?? '');
    // One pass per body for each shape; no regex is built per function (generated files have 100k).
    const released = new Map<string, RefCount>();
    for (const m of body.matchAll(RELEASE)) if (!released.has(m[2]!)) released.set(m[2]!, m[1] === 'put' ? 'users' : 'count');
    const acquired = new Set([...body.matchAll(ACQUIRE)].map((m) => m[1]!));
    let summary: WorkspaceSummary | undefined;
    params.forEach((p, i) => {
      const kind = released.get(p);
      if (!summary && p && kind && !acquired.has(p)) summary = { name: b.name, releases: kind, arg: i };
    });
    if (!summary) {
      const direct = RETURN_CALL.test(body);
      const local = /\breturn\s+(\w+)\s*;/.exec(body)?.[1];
      const viaLocal = local !== undefined && [...body.matchAll(ASSIGN_CALL)].some((m) => m[1] === local);
      if (direct || viaLocal) summary = { name: b.name, returns: 'users' };
    }
    if (summary) out.push(summary);
  }
  return out;
}

export function asEffect(s: WorkspaceSummary): ApiEffect {
  const what = s.returns ? 'returns an mm with an mm_users reference' : `releases its argument like ${s.releases === 'users' ? 'mmput' : 'mmdrop'}()`;
  return {
    ...(s.releases ? { releases: s.releases, arg: s.arg ?? 0 } : {}),
    ...(s.returns ? { returns: s.returns } : {}),
    doc: `${what} (summary of ${s.name}, elsewhere in the workspace)`,
  };
}
