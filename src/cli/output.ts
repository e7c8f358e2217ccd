import type { CliContext } from './context.js';
import { formatMoney, formatPercent, formatQuantity, formatSigned, type Style } from '../io/text/render.js';
import { writeCsvStream, writeJsonArray, writeTsvStream } from './stream-output.js';

/**
 * The one renderer. A command hands over data with a declared shape — rows with typed columns, or
 * one record — and this prints it as the user asked: JSON, CSV, a table fitted to the terminal, or
 * plain tab-separated columns when piped. Rows stream: nothing waits for the last one. CSV is for
 * spreadsheets: a text cell that would run as a formula gets a leading ' (`folio export` is exact).
 */
export type Kind = 'text' | 'date' | 'timestamp' | 'money' | 'signedMoney' | 'quantity' | 'percent' | 'signedPercent' | 'number';

export interface Column<R> {
  key: keyof R & string;
  header: string;
  kind?: Kind;
  /** The table cell, when the value alone does not say it (colour, a short id); piped tables use it too. */
  cell?: (row: R, style: Style) => string;
}

export interface RowsShape<R> {
  columns: Array<Column<R>>;
  rows: Iterable<R> | AsyncIterable<R>;
  /** The JSON element of a row (default: the row itself). */
  json?: (row: R) => unknown;
  /** The CSV columns (default: the keys of the table columns) and their values (default: the row). */
  csv?: { keys: string[]; record?: (row: R) => Record<string, unknown> };
  /** Said on stderr instead of an empty table. */
  empty?: string;
}

export interface RecordShape<R> {
  fields: Array<Column<R>>;
  value: R;
  /** The JSON document (default: the value). */
  json?: unknown;
  /** A terminal layout of its own instead of label/value lines (analyze's dashboard); piped too. */
  layout?: (style: Style) => string;
}

const NUMERIC: ReadonlySet<Kind> = new Set(['money', 'signedMoney', 'quantity', 'percent', 'signedPercent', 'number']);
const ANSI = /\x1b\[[0-9;]*m/g;
const visible = (text: string) => text.replace(ANSI, '').length;
/** How many rows decide the column widths before the table starts printing. */
const SAMPLE = 500;

async function* asAsync<R>(rows: Iterable<R> | AsyncIterable<R>): AsyncIterable<R> {
  yield* rows as AsyncIterable<R>;
}

/** A value as people read it, by its kind. */
export function formatValue(style: Style, kind: Kind, value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  switch (kind) {
    case 'date':
      return style.date(text.slice(0, 10));
    case 'timestamp':
      return style.rich ? text.slice(0, 16).replace('T', ' ') : text;
    case 'money':
      return formatMoney(style, text);
    case 'signedMoney':
      return formatSigned(style, text);
    case 'quantity':
      return formatQuantity(style, text);
    case 'percent':
      return formatPercent(style, Number(value));
    case 'signedPercent':
      return formatPercent(style, Number(value), { signed: true });
    default:
      return text;
  }
}

const cellOf = <R>(column: Column<R>, row: R, style: Style) =>
  column.cell ? column.cell(row, style) : formatValue(style, column.kind ?? 'text', row[column.key]);

export async function renderRows<R>(ctx: CliContext, shape: RowsShape<R>): Promise<void> {
  const format = ctx.format();
  const rows = asAsync(shape.rows);
  if (format === 'json') return writeJsonArray(ctx, rows, shape.json ?? ((row) => row));
  if (format === 'csv') {
    const keys = shape.csv?.keys ?? shape.columns.map((c) => c.key);
    const record = shape.csv?.record ?? ((row: R) => row as Record<string, unknown>);
    // --csv is for spreadsheets (README "CSV for spreadsheets vs exact CSV"); exports write exact CSV themselves
    return writeCsvStream(ctx, keys, rows, (row) => csvRecord(record(row)), { spreadsheet: true });
  }
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) {
    if (shape.empty) ctx.info(shape.empty);
    return;
  }
  const style = await ctx.style();
  const all = (async function* () {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  if (!style.rich) {
    return writeTsvStream(ctx, shape.columns.map((c) => c.header), all, (row) => shape.columns.map((c) => cellOf(c, row, style)));
  }
  await writeTable(ctx, style, shape, all);
}

function csvRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = Array.isArray(value) ? value.join(',') : (value ?? '');
  return out;
}

export async function renderRecord<R>(ctx: CliContext, shape: RecordShape<R>): Promise<void> {
  const format = ctx.format();
  if (format === 'json') return ctx.json(shape.json ?? shape.value);
  if (format === 'csv') {
    const keys = shape.fields.map((f) => f.key);
    return writeCsvStream(ctx, keys, asAsync([shape.value]), (value) => csvRecord(value as Record<string, unknown>), { spreadsheet: true });
  }
  const style = await ctx.style();
  if (shape.layout) return ctx.out(shape.layout(style));
  const lines = shape.fields.map((f) => [f.header, cellOf(f, shape.value, style)] as [string, string]);
  await ctx.out(fieldLines(style, lines));
}

/** `label  value` lines with aligned labels, for one record. */
export function fieldLines(style: Style, fields: Array<[string, string]>): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${style.paint.label(label.padEnd(width))}  ${value}`).join('\n') + '\n';
}

/**
 * A boxed table on a terminal. Widths come from the header and the first rows; then rows print as
 * they come. When the table is wider than the terminal, text columns give up width (ending in …);
 * numbers and dates are never cut.
 */
async function writeTable<R>(ctx: CliContext, style: Style, shape: RowsShape<R>, rows: AsyncIterable<R>): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  const sample: string[][] = [];
  let next = await iterator.next();
  while (!next.done && sample.length < SAMPLE) {
    sample.push(shape.columns.map((c) => cellOf(c, next.value as R, style)));
    next = await iterator.next();
  }
  const numeric = shape.columns.map((c) => NUMERIC.has(c.kind ?? 'text') || c.kind === 'date' || c.kind === 'timestamp');
  const widths = fitWidths(
    shape.columns.map((c, i) => Math.max(visible(c.header), ...sample.map((cells) => visible(cells[i]!)))),
    numeric,
    ctx.io.columns ?? 120,
  );
  const draw = tableDrawing(style, widths, shape.columns.map((c) => NUMERIC.has(c.kind ?? 'text')));
  let buffer = draw.top + draw.row(shape.columns.map((c) => style.paint.heading(c.header))) + draw.rule;
  for (const cells of sample) buffer += draw.row(cells);
  while (!next.done) {
    buffer += draw.row(shape.columns.map((c) => cellOf(c, next.value as R, style)));
    if (buffer.length > 65536) {
      await ctx.out(buffer);
      buffer = '';
    }
    next = await iterator.next();
  }
  await ctx.out(buffer + draw.bottom);
}

/** Column widths that fit `total` terminal columns by narrowing the widest text columns first (never below 8). */
export function fitWidths(natural: number[], fixed: boolean[], total: number): number[] {
  const widths = [...natural];
  const frame = 3 * widths.length + 1; // "│ " before each cell, " " after, and the last "│"
  let excess = widths.reduce((a, b) => a + b, 0) + frame - total;
  while (excess > 0) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (!fixed[i] && w > 8 && (widest === -1 || w > widths[widest]!)) widest = i;
    });
    if (widest === -1) break; // only numbers left: the terminal wraps rather than a figure being cut
    widths[widest]! -= 1;
    excess -= 1;
  }
  return widths;
}

function tableDrawing(style: Style, widths: number[], right: boolean[]) {
  const border = style.colour ? style.paint.muted : (text: string) => text;
  const line = (left: string, middle: string, end: string) => border(left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + end) + '\n';
  const bar = border('│');
  const fit = (cell: string, i: number) => {
    const width = widths[i]!;
    const length = visible(cell);
    if (length > width && !right[i]) return cell.replace(ANSI, '').slice(0, width - 1) + '…';
    const pad = ' '.repeat(Math.max(0, width - length));
    return right[i] ? pad + cell : cell + pad;
  };
  return {
    top: line('┌', '┬', '┐'),
    rule: line('├', '┼', '┤'),
    bottom: line('└', '┴', '┘'),
    row: (cells: string[]) => `${bar} ${cells.map(fit).join(` ${bar} `)} ${bar}\n`,
  };
}
