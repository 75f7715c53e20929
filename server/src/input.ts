// Turns file bytes into text the engine can read, or a plain reason why not. Shared by the CLI and the LSP.

/** Larger files are skipped with a note. Up to it, the engine analyses big files window by window within its budget. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type Decoded = { ok: true; text: string; note?: string } | { ok: false; reason: string };

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, reason: `file is ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1048576} MiB limit` };
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), not C source' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    return { ok: true, text, note: `invalid UTF-8 (first at line ${line}); analysed with replacement characters` };
  }
}
