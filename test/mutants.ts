// Deterministic mutations of C text, shared by the robustness tests on the examples and on the real tree.

/** A small deterministic PRNG (mulberry32): the same mutants on every run and machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mutate(text: string, random: () => number): string {
  const kind = Math.floor(random() * 3);
  if (kind === 0) return text.slice(0, Math.floor(random() * text.length)); // truncated
  if (kind === 1) {
    // byte flips: any character, NUL and lone surrogates included
    const chars = [...text];
    for (let i = 0; i < 20; i++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 0xe000));
    return chars.join('');
  }
  // deleted braces
  let out = text;
  for (let i = 0; i < 5; i++) {
    const braces = [...out.matchAll(/[{}]/g)].map((m) => m.index);
    if (braces.length === 0) break;
    const at = braces[Math.floor(random() * braces.length)]!;
    out = out.slice(0, at) + out.slice(at + 1);
  }
  return out;
}

