// A patch as a reviewer receives it: one `git format-patch` file, an mbox of a series (as `b4 am`
// or `git format-patch --stdout` writes it), or a bare diff. Each message with a diff becomes a
// PatchMessage with its author, date and `[PATCH v2 2/3]` position; messages without one (the
// cover letter, replies) are skipped with a note. No Node imports.
import { parseDiff, type FilePatch } from './diff';

export interface PatchMessage {
  /** The Subject header, decoded, with its [PATCH ...] prefix. Empty for a bare diff. */
  subject: string;
  /** The subject without the bracketed prefix. */
  title: string;
  version?: number;
  /** Position in the series, `2` of `[PATCH 2/3]`. */
  index?: number;
  total?: number;
  author?: string;
  date?: string;
  messageId?: string;
  files: FilePatch[];
}

export interface PatchInput {
  patches: PatchMessage[];
  notes: string[];
}

/** The separator line of an mbox: `From <sender> <asctime date>`; body lines like it are escaped as `>From`. */
const FROM_LINE = /^From \S+ .*\d{4}\s*$/;

export function parsePatchInput(text: string): PatchInput {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const firstLine = lines.find((l) => l.trim() !== '') ?? '';
  const isMail = FROM_LINE.test(firstLine) || /^(From|Subject|Date|Message-I[dD]|Return-Path|Received): /.test(firstLine);
  if (!isMail) return { patches: [{ subject: '', title: '', files: parseDiff(text) }], notes: [] };

  const messages: string[][] = [];
  let current: string[] | undefined;
  for (const l of lines) {
    if (FROM_LINE.test(l) || current === undefined) {
      current = [];
      messages.push(current);
      if (FROM_LINE.test(l)) continue;
    }
    // mboxrd escaping: one `>` was added in front of each body line that looked like a separator.
    current.push(/^>+From /.test(l) ? l.slice(1) : l);
  }

  const notes: string[] = [];
  let patches: PatchMessage[] = [];
  for (const m of messages) {
    const parsed = parseMessage(m);
    if (!parsed) continue;
    if (parsed.files.length === 0) {
      if (parsed.subject) notes.push(`no diff in "${parsed.subject}"${parsed.index === 0 ? ' (cover letter)' : ''}: skipped`);
      continue;
    }
    patches.push(parsed);
  }
  // An mbox of a whole thread may hold several versions of the series: the latest is the one to review.
  const versions = new Set(patches.map((p) => p.version ?? 1));
  if (versions.size > 1) {
    const latest = Math.max(...versions);
    notes.push(`the mbox holds versions ${[...versions].sort((a, b) => a - b).join(', ')} of the series: reviewing v${latest}`);
    patches = patches.filter((p) => (p.version ?? 1) === latest);
  }
  if (patches.every((p) => p.index !== undefined)) {
    patches = patches.map((p, i) => ({ p, i })).sort((a, b) => a.p.index! - b.p.index! || a.i - b.i).map((x) => x.p);
    const total = patches[0]?.total;
    if (total !== undefined) {
      const have = new Set(patches.map((p) => p.index));
      const missing = Array.from({ length: total }, (_, k) => k + 1).filter((k) => !have.has(k));
      if (missing.length) notes.push(`patch${missing.length > 1 ? 'es' : ''} ${missing.map((k) => `${k}/${total}`).join(', ')} missing from the mbox: later patches may not apply`);
    }
  }
  return { patches, notes };
}

function parseMessage(lines: string[]): PatchMessage | undefined {
  const headers = new Map<string, string>();
  let i = 0;
  let last: string | undefined;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') break;
    if (/^[ \t]/.test(l) && last !== undefined) {
      headers.set(last, `${headers.get(last)!} ${l.trim()}`);
      continue;
    }
    const m = /^([\w-]+):\s?(.*)$/.exec(l);
    if (!m) break; // not a header: a message without headers, read whole as body
    last = m[1]!.toLowerCase();
    if (!headers.has(last)) headers.set(last, m[2]!);
  }
  if (headers.size === 0 && lines.every((l) => l.trim() === '')) return undefined;
  const body = decodeBody(lines.slice(headers.size ? i + 1 : 0).join('\n'), headers.get('content-transfer-encoding'));
  const subject = decodeHeader(headers.get('subject') ?? '').replace(/\s+/g, ' ').trim();
  const prefix = /^(?:\s*\[([^\]]*)\])+/.exec(subject);
  const tags = prefix ? [...subject.slice(0, prefix[0].length).matchAll(/\[([^\]]*)\]/g)].map((t) => t[1]!).join(' ') : '';
  const pos = /\b(\d+)\/(\d+)\b/.exec(tags);
  const version = /\bv(\d+)\b/i.exec(tags);
  const msg: PatchMessage = { subject, title: prefix ? subject.slice(prefix[0].length).trim() : subject, files: parseDiff(body) };
  if (version) msg.version = Number(version[1]);
  if (pos) (msg.index = Number(pos[1])), (msg.total = Number(pos[2]));
  const from = headers.get('from');
  if (from) msg.author = decodeHeader(from).trim();
  const date = headers.get('date');
  if (date) msg.date = date.trim();
  const id = headers.get('message-id');
  if (id) msg.messageId = id.trim();
  return msg;
}

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function bytesOfBase64(s: string): Uint8Array {
  const bin = atob(s.replace(/[^A-Za-z0-9+/=]/g, ''));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function bytesOfQuotedPrintable(s: string, underscoreIsSpace: boolean): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '=' && s[i + 1] === '\n') {
      i += 1; // a soft line break
    } else if (c === '_' && underscoreIsSpace) out.push(0x20);
    else if (c.charCodeAt(0) < 0x80) out.push(c.charCodeAt(0));
    else for (const b of encoder.encode(c)) out.push(b);
  }
  return Uint8Array.from(out);
}

/** RFC 2047 encoded words (`=?UTF-8?q?J=C3=B6rg?=`) in Subject and From; other charsets are read as UTF-8. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2') // whitespace between two encoded words is not part of the text
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) => {
      try {
        return utf8.decode(enc.toLowerCase() === 'b' ? bytesOfBase64(data) : bytesOfQuotedPrintable(data, true));
      } catch {
        return data;
      }
    });
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = encoding?.trim().toLowerCase();
  try {
    if (e === 'quoted-printable') return utf8.decode(bytesOfQuotedPrintable(body, false));
    if (e === 'base64') return utf8.decode(bytesOfBase64(body));
  } catch {
    // An undecodable body is read as it is: its diff, if any, will then be reported as unreadable.
  }
  return body;
}
