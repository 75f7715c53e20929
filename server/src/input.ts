// Turns file bytes into text the engine can read, or a plain reason why not. Shared by the CLI and the LSP.
import { isAscii, isUtf8 } from 'node:buffer';

/** Larger files are skipped with a note. Up to it, the engine analyses big files window by window within its budget. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type Decoded = { ok: true; text: string; note?: string } | { ok: false; reason: string };

/** Why `bytes` are not text to analyse at all (too large, binary), or undefined. */
function refusal(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_FILE_BYTES) return `file is ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1048576} MiB limit`;
  if (bytes.subarray(0, 8192).includes(0)) return 'binary file (contains NUL bytes), not C source';
  return undefined;
}

export function decodeSource(bytes: Uint8Array): Decoded {
  const reason = refusal(bytes);
  if (reason !== undefined) return { ok: false, reason };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    return { ok: true, text, note: `invalid UTF-8 (first at line ${line}); analysed with replacement characters` };
  }
}

/**
 * The text decodeSource gives `bytes` when it has nothing to say about them (not refused, valid
 * UTF-8), else undefined. Most kernel sources are ASCII, for which this is a copy without a
 * decoder: a scan's pre-pass reads every file of a tree with it.
 */
export function plainText(bytes: Buffer): string | undefined {
  if (refusal(bytes) !== undefined) return undefined;
  if (isAscii(bytes)) return bytes.toString('latin1');
  return isUtf8(bytes) ? new TextDecoder('utf-8').decode(bytes) : undefined;
}
