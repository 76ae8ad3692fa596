/** Plain-text tables for the terminal and Markdown tables for bench/README.md. */

/** Column-aligned text table: first column left-aligned, the rest right-aligned. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** The same table in Markdown (for pasting into the README). */
export function formatMarkdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const rule = `|${headers.map((_, column) => (column === 0 ? '---' : '---:')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** Microseconds as milliseconds with two decimals, or '—' when missing. */
export function ms(us: number | null | undefined): string {
  return us === null || us === undefined || !Number.isFinite(us) ? '—' : (us / 1000).toFixed(2);
}

/** A signed millisecond difference (`+0.41`), or '—'. */
export function deltaMs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '—';
  const value = (us / 1000).toFixed(2);
  return us >= 0 ? `+${value}` : value;
}

/** A number with thousands separators, or '—'. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en-US');
}
