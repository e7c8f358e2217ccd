import type { CliContext } from './context.js';

type Cell = string | number | boolean | null | undefined;

/** Small result sets as CSV on stdout (a header line, RFC 4180 quoting, empty cells for null). */
export async function writeCsv<T extends object>(
  ctx: CliContext,
  columns: Array<keyof T & string>,
  rows: T[],
): Promise<void> {
  const { stringify } = await import('csv-stringify/sync');
  const records = rows.map((row) => columns.map((column) => cell(row[column] as Cell)));
  await ctx.out(stringify(records, { header: true, columns: columns as string[] }));
}

function cell(value: Cell | unknown[]): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
