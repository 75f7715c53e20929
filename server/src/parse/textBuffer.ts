// A mutable copy of a source text that only allows offset-preserving edits: a character may become a
// blank, or a run may be overwritten by a word of exactly the same length, and line breaks never
// move. Every clean-up pass writes through this, so the invariant lives in one place.

const SPACE = 32;
/** Up to this many code units, slice() builds the string itself. */
const SHORT = 48;
const LF = 10;
const CR = 13;

export class TextBuffer {
  private readonly codes: Uint16Array;
  /**
   * 1 for each code unit a pass has changed. A short slice of unchanged text is the original's
   * substring, one native copy: the walk over every identifier of every file (kernelMacros.ts)
   * built each one a character at a time, which was 8% of all the analysis allocated.
   */
  private readonly changed: Uint8Array;

  constructor(private readonly original: string) {
    const text = original;
    // Node's UTF-16LE encoder copies the code units as they are (lone surrogates too), natively:
    // a JS loop over every character of every file was a few percent of a tree scan.
    const bytes = Buffer.from(text, 'utf16le');
    this.codes = bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, text.length) : new Uint16Array(text.length).map((_, i) => text.charCodeAt(i));
    this.changed = new Uint8Array(text.length);
  }

  get length(): number {
    return this.codes.length;
  }

  charCodeAt(i: number): number {
    return this.codes[i] ?? 0;
  }

  slice(start: number, end: number): string {
    const from = Math.max(0, start);
    const to = Math.min(end, this.codes.length);
    if (to - from <= SHORT) {
      // Identifiers, mostly: the original's substring when untouched, else a few characters
      // concatenated, which beats any decoder call.
      let touched = false;
      for (let i = from; i < to && !touched; i++) touched = this.changed[i] === 1;
      if (!touched) return this.original.slice(from, to);
      let out = '';
      for (let i = from; i < to; i++) out += String.fromCharCode(this.codes[i]!);
      return out;
    }
    return decode(this.codes.subarray(from, to));
  }

  /** Turns [start, end) into spaces, keeping line breaks where they are. */
  blank(start: number, end: number): void {
    const stop = Math.min(end, this.codes.length);
    for (let i = Math.max(0, start); i < stop; i++) {
      const c = this.codes[i]!;
      if (c !== LF && c !== CR && c !== SPACE) {
        this.codes[i] = SPACE;
        this.changed[i] = 1;
      }
    }
  }

  /**
   * Writes `word` at `start` and blanks the rest of [start, end): `list_for_each_entry` becomes
   * `while` and 14 spaces. Refuses (returns false) when the word does not fit or the run holds a
   * line break, so a caller cannot shift anything by mistake.
   */
  overwrite(start: number, end: number, word: string): boolean {
    if (word.length > end - start) return false;
    for (let i = start; i < end; i++) {
      const c = this.codes[i];
      if (c === undefined || c === LF || c === CR) return false;
    }
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (c === LF || c === CR) return false;
      if (this.codes[start + i] !== c) {
        this.codes[start + i] = c;
        this.changed[start + i] = 1;
      }
    }
    this.blank(start + word.length, end);
    return true;
  }

  toString(): string {
    return decode(this.codes);
  }
}

const utf16 = new TextDecoder('utf-16le');

/**
 * Code units back to a string through TextDecoder, which is native and fast. An unpaired surrogate
 * comes back as U+FFFD: still one code unit, so no offset moves.
 */
function decode(codes: Uint16Array): string {
  return utf16.decode(codes);
}
