// Numbers as the panel prints them: counts with thousands grouping, times in the unit that keeps
// them short, rates with an SI prefix.

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function nanos(ns: number): string {
  if (ns < 1_000) return `${Math.round(ns)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 2 : 1)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(2)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}

export function si(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toPrecision(3)} G`;
  if (a >= 1e6) return `${(n / 1e6).toPrecision(3)} M`;
  if (a >= 1e3) return `${(n / 1e3).toPrecision(3)} k`;
  return n.toPrecision(3).replace(/\.0+$/, '');
}
