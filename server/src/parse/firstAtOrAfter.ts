// Binary search over items sorted by an offset: the clean-up's directives and bodies, the node index's entries.

/** The index of the first of `items` (sorted by `offsetOf`) whose offset is at or after `offset`; `items.length` if none. */
export function firstAtOrAfter<T>(items: readonly T[], offset: number, offsetOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsetOf(items[mid]!) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
