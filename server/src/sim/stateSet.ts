// The explorer's visited set: int32 vectors (stateKey.ts) in one growing arena, found through an
// open-addressing table of their hashes. No object or string per state, and a lookup that misses
// (two branches in three find a state already seen) costs a hash and usually no comparison.

export class StateSet {
  /** Keys back to back; entry i is arena[start[i] .. start[i + 1]). */
  private arena: Int32Array = new Int32Array(1 << 16);
  private start: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(1024);
  /** Entry index + 1 per slot (0: empty); the size is a power of two, at most half full. */
  private table: Int32Array = new Int32Array(2048);
  private count = 0;

  constructor() {
    this.start[0] = 0;
  }

  get size(): number {
    return this.count;
  }

  /** The index of this key (the order it was added in), or -1. */
  indexOf(key: Int32Array, len: number): number {
    const h = hashOf(key, len);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.table[slot]! - 1;
      if (e < 0) return -1;
      if (this.hashes[e] === h && this.equals(e, key, len)) return e;
    }
  }

  /** Add a key that is not in the set yet (indexOf() said -1); returns its index. */
  add(key: Int32Array, len: number): number {
    const e = this.count;
    if (e + 2 > this.start.length) {
      this.start = grow(this.start, this.start.length * 2);
      this.hashes = grow(this.hashes, this.hashes.length * 2);
    }
    const at = this.start[e]!;
    if (at + len > this.arena.length) this.arena = grow(this.arena, Math.max(this.arena.length * 2, at + len));
    const arena = this.arena;
    for (let i = 0; i < len; i++) arena[at + i] = key[i]!; // not set(subarray()): no view object per state
    this.start[e + 1] = at + len;
    const h = hashOf(key, len);
    this.hashes[e] = h;
    this.count++;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(e, h);
    return e;
  }

  private equals(e: number, key: Int32Array, len: number): boolean {
    const at = this.start[e]!;
    if (this.start[e + 1]! - at !== len) return false;
    const arena = this.arena;
    for (let i = 0; i < len; i++) if (arena[at + i] !== key[i]) return false;
    return true;
  }

  private place(e: number, h: number): void {
    const mask = this.table.length - 1;
    let slot = h & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = e + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let e = 0; e < this.count; e++) this.place(e, this.hashes[e]!);
  }
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** MurmurHash3's 32-bit mixing over the words, then its finaliser (spreads low-bit differences). */
export function hashOf(key: Int32Array, len: number): number {
  let h = len | 0;
  for (let i = 0; i < len; i++) {
    let k = Math.imul(key[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
