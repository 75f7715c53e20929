// The timed scheduler's queue: CPU ids keyed by the time their next action can start, earliest
// first, ties to the lower CPU id, so the timed schedule is a pure function of the world.
//
// A winner (tournament) tree rather than a heap: leaves are the CPUs in id order (padded with
// Infinity to a power of two) and each inner node keeps the id of its subtree's earliest CPU. The
// left subtree holds the lower ids, so a tie goes left and one float comparison decides each node.
// An update re-plays the matches on the leaf's path to the root: log2(n) levels with no data-
// dependent branch. The 4-ary heap it replaces compared each of four children against the best
// so far (with the id tie-break) on every level; in a saturated closed loop the CPU that just ran
// usually sinks to the bottom, and those comparisons are coin flips the branch predictor loses
// (replaying a 1024-CPU context-switch run's 20k updates: 0.7 ms instead of 1.1; in the whole
// run, where the queue is about a fifth of the time, a few per cent).

export class CpuQueue {
  /** keys[id]: when CPU id's next action starts; Infinity: not queued (and the padding). */
  private readonly keys: Float64Array;
  /** Node i's children are 2i and 2i+1; node size+id is CPU id's leaf (it holds id); 1 is the root. */
  private readonly tree: Int32Array;
  private readonly size: number;

  constructor(n: number) {
    let size = 1;
    while (size < n) size <<= 1;
    this.size = size;
    this.keys = new Float64Array(size).fill(Infinity);
    this.tree = new Int32Array(2 * size);
    for (let id = 0; id < size; id++) this.tree[size + id] = id;
    // Every key is Infinity: the left-most leaf wins every match.
    for (let i = size - 1; i >= 1; i--) this.tree[i] = this.tree[2 * i]!;
  }

  get empty(): boolean {
    return this.keys[this.tree[1]!] === Infinity;
  }

  /** The queued CPU with the earliest key (the lower id on a tie); only when not empty. */
  top(): number {
    return this.tree[1]!;
  }

  /** Insert, move or (key Infinity) remove `id`. */
  set(id: number, key: number): void {
    const keys = this.keys;
    if (keys[id] === key) return;
    keys[id] = key;
    const tree = this.tree;
    // Up the leaf's path carrying the current winner and its key: the sibling subtrees' winners
    // do not depend on this update, so only the comparison and the select are on the chain.
    let win = id;
    let k = key;
    for (let c = this.size + id; c > 1; c >>= 1) {
      const s = tree[c ^ 1]!;
      const ks = keys[s]!;
      // -1 when the sibling wins: earlier, or as early and on the left (c odd: lower ids). As
      // arithmetic, not a branch: in a saturated run the outcome is a coin flip.
      const sw = -(+(ks < k) | (+(ks === k) & c));
      win ^= (win ^ s) & sw;
      k = sw !== 0 ? ks : k;
      tree[c >> 1] = win;
    }
  }
}
