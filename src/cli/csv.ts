import type { CliContext } from './context.js';

type Cell = string | number | boolean | null | undefined;

/**
 * Small result sets as CSV on stdout (a header line, RFC 4180 quoting, empty cells for null), for
 * spreadsheets: text that a spreadsheet would run as a formula is escaped (`spreadsheetCell`).
 */
export async function writeCsv<T extends object>(
  ctx: CliContext,
  columns: Array<keyof T & string>,
  rows: T[],
): Promise<void> {
  const { stringify } = await import('csv-stringify/sync');
  const records = rows.map((row) => columns.map((column) => spreadsheetCell(cell(row[column] as Cell))));
  await ctx.out(stringify(records, { header: true, columns: columns as string[] }));
}

function cell(value: Cell | unknown[]): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * OWASP's advice against CSV injection: a cell starting with = + - @ (or tab, CR) is a formula to a
 * spreadsheet (`=HYPERLINK(…)` in a note would run when the file is opened), so it gets a leading `'`,
 * which spreadsheets show as text. Numbers (−12.5) stay numbers. For exact data, `folio export`
 * writes cells unchanged.
 */
export function spreadsheetCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
