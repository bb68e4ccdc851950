/** One column of a printed table: its heading and which side its cells line up on. */
export interface Column {
  heading: string;
  /** Numbers read best right-aligned. @default 'left' */
  align?: 'left' | 'right';
}

/** A plain-text table: a title, one heading row, a rule, then one row per result. */
export interface Table {
  title: string;
  columns: Column[];
  rows: string[][];
  /** Printed under the table, one line each (how it was measured, caveats). */
  notes?: string[];
}

/** Renders a table with every column padded to its widest cell, two spaces between columns. */
export function formatTable(table: Table): string {
  const widths = table.columns.map((column, i) =>
    Math.max(column.heading.length, ...table.rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    table.columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const notes = (table.notes ?? []).map((note) => `  ${note}`);
  return [table.title, '', line(table.columns.map((c) => c.heading)), rule, ...table.rows.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** Fixed decimals, for table cells. */
export function fixed(value: number, decimals = 1): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : '-';
}
