// Aligned plain-text columns for the simulator's tables: two spaces between columns, numbers
// right-aligned so their digits line up, no trailing spaces (mail clients and diffs keep them).

export type Align = 'left' | 'right';

export function renderTable(header: readonly string[] | null, rows: readonly (readonly string[])[], align: readonly Align[]): string[] {
  const all = header ? [header, ...rows] : [...rows];
  const widths = align.map((_, c) => Math.max(0, ...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) =>
    align
      .map((a, c) => {
        const cell = r[c] ?? '';
        return a === 'right' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!);
      })
      .join('  ')
      .trimEnd(),
  );
}
