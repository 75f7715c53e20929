// An indexed 4-ary min-heap of CPU ids keyed by the time their next action can start. 4-ary: half
// the depth of a binary heap, and a CPU's key usually grows after its step, so sifting down is the
// common case. Keys sit next to the ids in heap order (no indirection in the comparisons). Ties go
// to the lower CPU id, so the timed schedule is a pure function of the world.

/** 4 children per node (binary and 8-ary measured no faster). */
const ARITY_SHIFT = 2;
const ARITY = 1 << ARITY_SHIFT;

export class CpuHeap {
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  private readonly pos: Int32Array;
  private size = 0;

  constructor(n: number) {
    this.ids = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }

  get empty(): boolean {
    return this.size === 0;
  }

  top(): number {
    return this.ids[0]!;
  }

  /** Insert, move or (key Infinity) remove `id`. */
  set(id: number, key: number): void {
    const p = this.pos[id]!;
    if (key === Infinity) {
      if (p >= 0) this.removeAt(p);
      return;
    }
    if (p < 0) {
      this.up(this.size++, id, key);
      return;
    }
    const old = this.keys[p]!;
    if (key < old) this.up(p, id, key);
    else if (key > old) this.down(p, id, key);
  }

  private removeAt(p: number): void {
    const id = this.ids[p]!;
    this.pos[id] = -1;
    const n = --this.size;
    if (p === n) return;
    const lastId = this.ids[n]!;
    const lastKey = this.keys[n]!;
    // The last element moves into the hole, up or down as its key says.
    if (p > 0) {
      const parent = (p - 1) >> ARITY_SHIFT;
      const pk = this.keys[parent]!;
      if (lastKey < pk || (lastKey === pk && lastId < this.ids[parent]!)) {
        this.up(p, lastId, lastKey);
        return;
      }
    }
    this.down(p, lastId, lastKey);
  }

  /** Place (id, key) at hole i or above it. */
  private up(i: number, id: number, key: number): void {
    const ids = this.ids;
    const keys = this.keys;
    while (i > 0) {
      const parent = (i - 1) >> ARITY_SHIFT;
      const pk = keys[parent]!;
      const pid = ids[parent]!;
      if (key > pk || (key === pk && id > pid)) break;
      ids[i] = pid;
      keys[i] = pk;
      this.pos[pid] = i;
      i = parent;
    }
    ids[i] = id;
    keys[i] = key;
    this.pos[id] = i;
  }

  /** Place (id, key) at hole i or below it. */
  private down(i: number, id: number, key: number): void {
    const ids = this.ids;
    const keys = this.keys;
    const n = this.size;
    for (;;) {
      const first = (i << ARITY_SHIFT) + 1;
      if (first >= n) break;
      let c = first;
      let ck = keys[first]!;
      let cid = ids[first]!;
      const last = first + ARITY < n ? first + ARITY : n;
      for (let k = first + 1; k < last; k++) {
        const kk = keys[k]!;
        if (kk < ck || (kk === ck && ids[k]! < cid)) {
          c = k;
          ck = kk;
          cid = ids[k]!;
        }
      }
      if (key < ck || (key === ck && id < cid)) break;
      ids[i] = cid;
      keys[i] = ck;
      this.pos[cid] = i;
      i = c;
    }
    ids[i] = id;
    keys[i] = key;
    this.pos[id] = i;
  }
}
