import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { CsvGuard } from './csv-guard.js';

/**
 * Reads market data CSV (price imports and the fixture files): a header line naming the columns
 * in any order (all of them required, no others), then one record per line, each validated by a
 * zod object schema keyed by column. Errors carry the file line (the header is line 1) and the
 * column, and reading stops after `maxErrors` of them.
 */

export interface MarketCsvError {
  line: number;
  column: string;
  message: string;
}

export interface MarketCsvResult<T> {
  rows: Array<{ line: number; value: T }>;
  errors: MarketCsvError[];
  /** Reading stopped at `maxErrors`: there may be more errors. */
  truncated: boolean;
}

/** Distinct texts remembered per column: every symbol, currency and date of a price file, not every close. */
const MEMO_LIMIT = 50_000;

function syntaxError(error: CsvError): MarketCsvError {
  const line = (error as CsvError & { lines?: number }).lines ?? 1;
  const reason =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is never closed (a " is missing)'
      : error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? 'wrong number of fields'
        : `malformed CSV: ${error.message}`;
  return { line, column: '', message: reason };
}

/** A market data file as text for `readMarketCsv`, its blank lines taken out (and counted, for line numbers). */
export interface MarketCsvText {
  text: string;
  /** How many blank lines came before record `index` (0 = the header): pass it on to `readMarketCsv`. */
  blankLinesBefore(index: number): number;
}

/**
 * The bytes of a market data file (prices or FX rates) as text, once the CSV guard has looked at
 * them: a record over 64 KiB, one of more than 256 fields, or bytes that are not UTF-8 give the
 * error (with its line) instead, before the parser builds anything. Blank lines are dropped here,
 * where they cost a byte comparison (csv-parse takes seconds over 100,000 of them).
 */
export function decodeMarketCsv(bytes: Buffer): { text: MarketCsvText; error: null } | { text: null; error: MarketCsvError } {
  const guard = new CsvGuard({ maxRecordBytes: 64 * 1024, maxFields: 256, fileKind: 'a prices or rates file' });
  const kept = guard.feed(bytes);
  const error = kept === null ? guard.error : guard.finish();
  if (error || kept === null) return { text: null, error: error! };
  return { text: { text: kept.toString('utf8'), blankLinesBefore: (index) => guard.blankLinesBefore(index) }, error: null };
}

export function readMarketCsv<S extends z.ZodObject>(
  text: string,
  columns: readonly string[],
  schema: S,
  options: { maxErrors?: number; blankLinesBefore?: (index: number) => number } = {},
): MarketCsvResult<z.infer<S>> {
  const maxErrors = options.maxErrors ?? 20;
  const errors: MarketCsvError[] = [];
  const rows: Array<{ line: number; value: z.infer<S> }> = [];
  // Plain arrays (csv-parse's per-record `info` more than doubles the parse time): empty lines are
  // kept so that a record's index gives its line (fields with line breaks would shift it; no
  // symbol, date, number or currency has one), then skipped.
  let records: Array<{ record: string[]; line: number }>;
  try {
    const parsed = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
    records = [];
    let dropped = 0; // blank lines the CSV guard took out before this record
    for (let i = 0; i < parsed.length; i++) {
      const record = parsed[i]!;
      dropped += options.blankLinesBefore?.(i) ?? 0;
      if (record.length === 1 && record[0]!.trim() === '') continue;
      records.push({ record, line: i + 1 + dropped });
    }
  } catch (error) {
    if (error instanceof CsvError) return { rows, errors: [syntaxError(error)], truncated: false };
    throw error;
  }
  const list = columns.join(',');
  const [head, ...body] = records;
  if (!head) return { rows, errors: [{ line: 1, column: '', message: `the file is empty: the first line must name the columns (${list})` }], truncated: false };
  const names = head.record.map((name) => name.trim().toLowerCase());
  if (names.some((name) => /^\d{4}-\d{1,2}-\d{1,2}$/.test(name) || /^\d+(\.\d+)?$/.test(name))) {
    return { rows, errors: [{ line: head.line, column: '', message: `missing header line: the first line must name the columns (${list})` }], truncated: false };
  }
  const index = new Map<string, number>();
  names.forEach((name, position) => {
    if (!columns.includes(name)) errors.push({ line: head.line, column: name || `field ${position + 1}`, message: `unknown column "${name}": the columns are ${list}` });
    else if (index.has(name)) errors.push({ line: head.line, column: name, message: `duplicate column "${name}"` });
    else index.set(name, position);
  });
  for (const column of columns) {
    if (!index.has(column)) errors.push({ line: head.line, column, message: `missing column "${column}" in the header (columns: ${list})` });
  }
  if (errors.length) return { rows, errors, truncated: false };

  // Each field is checked by its column's schema. Symbols, dates and currencies repeat thousands of
  // times in a price file, so a column's verdicts are remembered per distinct text (bounded).
  const positions = columns.map((column) => index.get(column)!);
  const fields = columns.map((column) => schema.shape[column] as z.ZodType);
  const verdicts = columns.map(() => new Map<string, ReturnType<z.ZodType['safeParse']>>());
  const check = (i: number, text: string) => {
    const memo = verdicts[i]!;
    let verdict = memo.get(text);
    if (!verdict) {
      verdict = fields[i]!.safeParse(text);
      if (memo.size < MEMO_LIMIT) memo.set(text, verdict);
    }
    return verdict;
  };
  for (let r = 0; r < body.length; r++) {
    const { record, line } = body[r]!;
    if (record.length !== names.length) {
      errors.push({ line, column: '', message: `expected ${names.length} fields (${names.join(',')}), found ${record.length}` });
    } else {
      const value: { [column: string]: unknown } = {};
      let valid = true;
      for (let i = 0; i < columns.length; i++) {
        const verdict = check(i, record[positions[i]!]!);
        if (verdict.success) {
          value[columns[i]!] = verdict.data;
          continue;
        }
        valid = false;
        for (const issue of verdict.error.issues) if (errors.length < maxErrors) errors.push({ line, column: columns[i]!, message: issue.message });
      }
      if (valid) rows.push({ line, value: value as z.infer<S> });
    }
    if (errors.length >= maxErrors) return { rows, errors, truncated: r < body.length - 1 };
  }
  return { rows, errors, truncated: false };
}
