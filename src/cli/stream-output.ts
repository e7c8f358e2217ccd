/** Where streamed data goes: the context (stdout) or an output file; `out` resolves once the text may be written again. */
export interface Sink {
  out(text: string): Promise<void> | void;
}

/** A JSON array written element by element: a million rows never sit in memory as one string. */
export async function writeJsonArray<T, J>(ctx: Sink, rows: AsyncIterable<T>, toJson: (row: T) => J): Promise<void> {
  let first = true;
  let buffer = '';
  for await (const row of rows) {
    buffer += (first ? '[\n  ' : ',\n  ') + JSON.stringify(toJson(row));
    first = false;
    if (buffer.length > 65536) {
      await ctx.out(buffer);
      buffer = '';
    }
  }
  await ctx.out(first ? '[]\n' : buffer + '\n]\n');
}

/**
 * CSV with a header line, streamed through csv-stringify with back-pressure. `spreadsheet` escapes
 * formula-like text cells (see `spreadsheetCell`); without it every cell is written exactly (exports).
 */
export async function writeCsvStream<T, R extends Record<string, unknown>>(
  ctx: Sink,
  columns: string[],
  rows: AsyncIterable<T>,
  toRecord: (row: T) => R,
  options: { spreadsheet?: boolean } = {},
): Promise<void> {
  const { spreadsheetCell } = await import('./csv.js');
  const value = options.spreadsheet ? (cell: unknown) => (typeof cell === 'string' ? spreadsheetCell(cell) : (cell ?? '')) : (cell: unknown) => cell ?? '';
  const { stringify } = await import('csv-stringify/sync');
  let buffer = stringify([columns]);
  let pending: unknown[][] = [];
  const flush = async () => {
    buffer += stringify(pending);
    pending = [];
    await ctx.out(buffer);
    buffer = '';
  };
  for await (const row of rows) {
    const record = toRecord(row);
    pending.push(columns.map((c) => value(record[c])));
    if (pending.length >= 2000) await flush();
  }
  await flush();
}

/** NDJSON: one JSON object per line, buffered in chunks of about 64 KiB. */
export async function writeNdjson<T, J>(ctx: Sink, rows: AsyncIterable<T>, toJson: (row: T) => J): Promise<void> {
  let buffer = '';
  for await (const row of rows) {
    buffer += JSON.stringify(toJson(row)) + '\n';
    if (buffer.length > 65536) {
      await ctx.out(buffer);
      buffer = '';
    }
  }
  if (buffer) await ctx.out(buffer);
}

/** Plain tab-separated columns with a header line, for tables piped into other tools. */
export async function writeTsvStream<T>(ctx: Sink, head: string[], rows: AsyncIterable<T>, toCells: (row: T) => string[]): Promise<void> {
  let buffer = head.join('\t') + '\n';
  for await (const row of rows) {
    buffer += toCells(row).map((cell) => cell.replace(/[\t\n]/g, ' ')).join('\t') + '\n';
    if (buffer.length > 65536) {
      await ctx.out(buffer);
      buffer = '';
    }
  }
  await ctx.out(buffer);
}
