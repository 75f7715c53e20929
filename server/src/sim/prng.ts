// The simulator's only source of randomness. Math.random() is never used: the same seed must give
// the same schedule, the same jitter and so the same result, bit for bit, in Node and in a browser.

/** xoshiro128** (Blackman and Vigna): 32-bit integer arithmetic only, so every engine agrees. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads any seed (0 included) over the four words of state.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  clone(): Prng {
    const p = new Prng(0);
    p.a = this.a;
    p.b = this.b;
    p.c = this.c;
    p.d = this.d;
    return p;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const JITTER_SIZE = 4096;
const jitterTables = new Map<number, Float64Array>();

/**
 * Seeded noise in [-1, 1) for local work, drawn once per seed and shared by every run with that
 * seed: a table lookup costs far less than a generator step on the hottest path, and the values
 * are still a pure function of the seed.
 */
export function jitterTable(seed: number): Float64Array {
  let table = jitterTables.get(seed);
  if (table === undefined) {
    const rng = new Prng(seed ^ 0x9e3779b9);
    table = new Float64Array(JITTER_SIZE);
    for (let i = 0; i < JITTER_SIZE; i++) table[i] = 2 * rng.float() - 1;
    if (jitterTables.size > 64) jitterTables.clear();
    jitterTables.set(seed, table);
  }
  return table;
}
