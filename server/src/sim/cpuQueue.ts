// The timed scheduler's queue: CPU ids keyed by the time their next action can start, earliest
// first, ties to the lower CPU id, so the timed schedule is a pure function of the world.
//
// A winner (tournament) tree rather than a heap: leaves are the CPUs in id order (padded with
// Infinity) and each inner node keeps the id of its subtree's earliest CPU. Children hold
// increasing id ranges left to right, so a tie goes to the leftmost. An update re-plays the
// matches on the leaf's path to the root. A heap's sift compares children with branches; in a
// saturated closed loop the CPU that just ran usually sinks to the bottom, and those comparisons
// are coin flips the branch predictor loses.
//
// So every match here is arithmetic, not a branch, and what each level waits for is kept short:
// the climbing winner meets its siblings in one comparison, and the best of those siblings (which
// does not depend on this update) is found beside that chain, not on it. Four children per node
// halve the levels of a binary tree (five for 1024 CPUs instead of ten): over a whole 1024-CPU
// context-switch run, where the queue is about a sixth of the time, a binary winner tree with the
// same arithmetic took 5 to 7 per cent longer.

export class CpuQueue {
  /** keys[id]: when CPU id's next action starts; Infinity: not queued (and the padding). */
  private readonly keys: Float64Array;
  /** Node i's children are 4i+1 .. 4i+4; node leaf0+id is CPU id's leaf (it holds id); 0 is the root. */
  private readonly tree: Int32Array;
  private readonly leaf0: number;

  /** A queue of CPUs 0 .. start.length - 1, CPU id keyed by start[id] (Infinity: not queued). */
  constructor(start: Float64Array) {
    let size = 1;
    while (size < start.length) size *= 4;
    const leaf0 = (size - 1) / 3;
    const keys = new Float64Array(size).fill(Infinity);
    keys.set(start);
    const tree = new Int32Array(leaf0 + size);
    for (let id = 0; id < size; id++) tree[leaf0 + id] = id;
    // Each match played once, bottom up. A subtree's winner does not depend on the order its
    // keys arrived in, so this is the tree that set() calls one CPU at a time would build.
    for (let i = leaf0 - 1; i >= 0; i--) {
      let best = tree[4 * i + 1]!;
      for (let c = 4 * i + 2; c <= 4 * i + 4; c++) if (keys[tree[c]!]! < keys[best]!) best = tree[c]!;
      tree[i] = best;
    }
    this.keys = keys;
    this.tree = tree;
    this.leaf0 = leaf0;
  }

  get empty(): boolean {
    return this.keys[this.tree[0]!] === Infinity;
  }

  /** The queued CPU with the earliest key (the lower id on a tie); only when not empty. */
  top(): number {
    return this.tree[0]!;
  }

  /** Insert, move or (key Infinity) remove `id`. */
  set(id: number, key: number): void {
    const keys = this.keys;
    if (keys[id] === key) return;
    keys[id] = key;
    const tree = this.tree;
    // Up the leaf's path carrying the current winner and its key.
    let win = id;
    let k = key;
    for (let c = this.leaf0 + id; c > 0; ) {
      const first = ((c - 1) & ~3) + 1;
      const j = c - first;
      // The three siblings' positions, left to right, skipping ours (j).
      const p0 = +(j === 0);
      const p1 = 1 + +(j <= 1);
      const p2 = 2 + +(j <= 2);
      // Their best (the leftmost on a tie). A select is `x ^= (x ^ y) & mask` on the ids and a
      // load for the key: V8 compiles `cond ? a : b` of floats to a branch, the coin flip again.
      let s = tree[first + p0]!;
      let sp = p0;
      let sk = keys[s]!;
      const s1 = tree[first + p1]!;
      let m = -+(keys[s1]! < sk);
      s ^= (s ^ s1) & m;
      sp ^= (sp ^ p1) & m;
      sk = keys[s]!;
      const s2 = tree[first + p2]!;
      m = -+(keys[s2]! < sk);
      s ^= (s ^ s2) & m;
      sp ^= (sp ^ p2) & m;
      sk = keys[s]!;
      // The one match that waits for the level below: the siblings' best wins if earlier, or as
      // early and to our left (lower ids).
      m = -(+(sk < k) | (+(sk === k) & +(sp < j)));
      win ^= (win ^ s) & m;
      k = keys[win]!;
      c = (c - 1) >> 2;
      tree[c] = win;
    }
  }
}
