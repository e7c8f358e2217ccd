import { createHash } from 'node:crypto';
import { CsvError, parse, type Parser } from 'csv-parse';
import { CsvGuard } from './csv-guard.js';
import {
  TRANSACTION_COLUMNS,
  validateTransaction,
  type RawTransaction,
  type TransactionColumn,
  type ValidationContext,
} from '../core/ledger/transaction-input.js';
import type { TransactionFields } from '../core/ledger/types.js';

/**
 * The streaming reader behind `folio tx import`: CSV with a header line naming the columns
 * `date,type,symbol,quantity,price,amount,fee,tax,currency,note` in any order (only `date` and `type`
 * are required columns). Each record is validated by `validateTransaction`; valid rows go to
 * `onRow` one at a time (awaited, so a batched database writer holds the file back), and errors
 * are collected with the line of the file where their record starts. Memory stays flat: the file
 * is read chunk by chunk and never held whole.
 */

export interface CsvRowError {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  column: string;
  message: string;
}

export interface CsvReadResult {
  /** Data records read (the header and empty lines not counted); all of them when there are no errors. */
  rows: number;
  errors: CsvRowError[];
  /** sha256 (hex) of every byte of the input, read to the end even after an early stop. */
  fingerprint: string;
  /** True when reading stopped at `maxErrors`: there may be more errors after the last one. */
  truncated: boolean;
}

export interface ReadTransactionCsvOptions {
  context: ValidationContext;
  /** Stop after this many errors (default 20). */
  maxErrors?: number;
  /**
   * Called for each valid row, in file order, until the first error is found: after that the
   * import cannot succeed, so rows are only checked (to report more errors), never handed over.
   */
  onRow: (row: TransactionFields, line: number) => void | Promise<void>;
  /** Called every 10,000 records and at the end with the records and bytes read so far. */
  onProgress?: (rows: number, bytes: number) => void;
}

export const DEFAULT_MAX_ERRORS = 20;
const PROGRESS_EVERY = 10_000;
/** No real record comes near this (a note is at most 500 characters); beyond it a quote was left open. */
const MAX_RECORD_SIZE = 64 * 1024;
const SLICE_BYTES = 64 * 1024;
/** Far more than any transactions file has (10 columns); refused beyond, before the parser builds them. */
const MAX_FIELDS = 256;
const COLUMN_LIST = TRANSACTION_COLUMNS.join(',');
const KNOWN_COLUMNS = new Set<string>(TRANSACTION_COLUMNS);
const DATE_LIKE = /^\d{4}-\d{1,2}-\d{1,2}$/;

type ColumnIndex = Record<TransactionColumn, number>;

interface Header {
  names: string[];
  index: ColumnIndex;
}

/** Reads the header record: the column names, or the errors that make the file unreadable. */
function readHeader(record: string[], line: number): Header | CsvRowError[] {
  const names = record.map((name) => name.trim().toLowerCase());
  if (names.some((name) => DATE_LIKE.test(name))) {
    return [
      {
        line,
        column: '',
        message: `missing header line: the first line must name the columns (${COLUMN_LIST})`,
      },
    ];
  }
  const errors: CsvRowError[] = [];
  const index = Object.fromEntries(TRANSACTION_COLUMNS.map((column) => [column, -1])) as ColumnIndex;
  names.forEach((name, position) => {
    if (name === '') {
      errors.push({ line, column: `field ${position + 1}`, message: `the header has an empty column name (field ${position + 1})` });
    } else if (!KNOWN_COLUMNS.has(name)) {
      errors.push({ line, column: record[position]!.trim(), message: `unknown column "${record[position]!.trim()}": the columns are ${COLUMN_LIST}` });
    } else if (index[name as TransactionColumn] !== -1) {
      errors.push({ line, column: name, message: `duplicate column "${name}"` });
    } else {
      index[name as TransactionColumn] = position;
    }
  });
  for (const required of ['date', 'type'] as const) {
    if (index[required] === -1)
      errors.push({ line, column: required, message: `missing column "${required}" in the header (columns: ${COLUMN_LIST})` });
  }
  return errors.length > 0 ? errors : { names, index };
}

function toRaw(record: string[], index: ColumnIndex): RawTransaction {
  return {
    date: index.date < 0 ? undefined : record[index.date],
    type: index.type < 0 ? undefined : record[index.type],
    symbol: index.symbol < 0 ? undefined : record[index.symbol],
    quantity: index.quantity < 0 ? undefined : record[index.quantity],
    price: index.price < 0 ? undefined : record[index.price],
    amount: index.amount < 0 ? undefined : record[index.amount],
    fee: index.fee < 0 ? undefined : record[index.fee],
    tax: index.tax < 0 ? undefined : record[index.tax],
    currency: index.currency < 0 ? undefined : record[index.currency],
    note: index.note < 0 ? undefined : record[index.note],
  };
}

/** Line breaks inside the record's (quoted) fields: the record spans that many more lines. */
function lineBreaksIn(record: string[]): number {
  let count = 0;
  for (let i = 0; i < record.length; i++) {
    const field = record[i]!;
    let at = field.indexOf('\n');
    while (at !== -1) {
      count++;
      at = field.indexOf('\n', at + 1);
    }
  }
  return count;
}

function isEmptyRecord(record: string[]): boolean {
  return record.length === 1 && record[0]!.trim() === '';
}

/** A csv-parse syntax error as one line a user can act on. */
function syntaxMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (a " is missing)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'unexpected text after the closing quote of a field (inside quotes, write a quote as "")';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field (quote the whole field and write the quote as "")';
    case 'CSV_MAX_RECORD_SIZE':
      return `a record longer than ${MAX_RECORD_SIZE / 1024} KiB: probably a quote that is never closed`;
    default:
      return `malformed CSV: ${error.message}`;
  }
}

/** Waits until the parser has records to read, has ended, or has failed. */
function nextParserEvent(parser: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('readable', done);
      parser.off('end', done);
      parser.off('error', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('readable', done);
    parser.on('end', done);
    parser.on('error', done);
    parser.on('close', done);
  });
}

/** csv-parse wired for this reader, with what it reports outside of its records. */
interface ParserState {
  parser: Parser;
  ended: boolean;
  /** Records taken from the parser so far. */
  recordsRead: number;
  syntaxError: { error: CsvError; atRecord: number } | null;
  failure: Error | null;
}

function openParser(): ParserState {
  // Plain arrays, no per-record `info` (it doubles the parse time): lines are counted by the reader.
  // Empty lines are kept (as one empty field) so that they are counted, then skipped.
  // A syntax error is reported through 'skip' (not 'error', which would drop the records parsed
  // before it in the same chunk); reading stops at that record.
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'], // also when one file mixes them
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_SIZE,
  });
  const state: ParserState = { parser, ended: false, recordsRead: 0, syntaxError: null, failure: null };
  parser.on('end', () => (state.ended = true));
  parser.on('close', () => (state.ended = true));
  parser.on('skip', (error: CsvError) => {
    // Emitted while parsing, after the records before the broken one were queued.
    state.syntaxError ??= { error, atRecord: state.recordsRead + parser.readableLength };
  });
  parser.on('error', (error: Error) => {
    state.failure ??= error;
    state.ended = true;
  });
  return state;
}

/** The field-count error of a record that does not have one field per header column, if any. */
function fieldCountError(record: string[], header: Header, line: number): CsvRowError | null {
  const expected = header.names.length;
  if (record.length === expected) return null;
  if (record.length < expected) {
    return { line, column: header.names[record.length]!, message: `missing fields: expected ${expected} fields, found ${record.length}` };
  }
  return {
    line,
    column: `field ${expected + 1}`,
    message: `too many fields: expected ${expected}, found ${record.length} (quote a field that contains a comma)`,
  };
}

/** One read of one file: the parser, the line count, the header and the errors found so far. */
class TransactionCsvReader {
  readonly errors: CsvRowError[] = [];
  readonly hash = createHash('sha256');
  bytes = 0;
  rows = 0;
  truncated = false;
  stopped = false;
  /** Line where the next record starts. */
  private line = 1;
  private header: Header | null = null;
  private recordIndex = 0;
  private readonly guard = new CsvGuard({ maxRecordBytes: MAX_RECORD_SIZE, maxFields: MAX_FIELDS });
  private readonly state = openParser();
  private readonly maxErrors: number;

  constructor(private readonly options: ReadTransactionCsvOptions) {
    this.maxErrors = Math.max(1, options.maxErrors ?? DEFAULT_MAX_ERRORS);
  }

  get sawHeader(): boolean {
    return this.header !== null;
  }

  get failure(): Error | null {
    return this.state.failure;
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.state.parser.destroy();
  }

  private addError(error: CsvRowError): void {
    if (this.errors.length >= this.maxErrors) {
      this.truncated = true;
      this.stop();
      return;
    }
    this.errors.push(error);
  }

  /** Handles one record; returns onRow's promise when it gave one (so the caller can await it). */
  private handle(record: string[]): void | Promise<void> {
    this.line += this.guard.blankLinesBefore(this.recordIndex++);
    const start = this.line;
    this.line += 1 + lineBreaksIn(record);
    if (isEmptyRecord(record)) return;
    if (this.header === null) return this.readHeader(record, start);

    this.rows++;
    const { onProgress, onRow, context } = this.options;
    if (onProgress !== undefined && this.rows % PROGRESS_EVERY === 0) onProgress(this.rows, this.bytes);
    const countError = fieldCountError(record, this.header, start);
    if (countError !== null) return this.addError(countError);
    const result = validateTransaction(toRaw(record, this.header.index), context);
    if (!result.ok) {
      for (const error of result.errors) this.addError({ line: start, column: error.column, message: error.message });
      return;
    }
    if (this.errors.length === 0) return onRow(result.value, start);
  }

  private readHeader(record: string[], line: number): void {
    const read = readHeader(record, line);
    if (Array.isArray(read)) {
      for (const error of read) this.addError(error);
      this.stop();
    } else this.header = read;
  }

  /** Reports the syntax error once the records before it are handled; reading ends there. */
  private syntaxErrorReached(): boolean {
    const { syntaxError, recordsRead } = this.state;
    if (syntaxError === null || recordsRead < syntaxError.atRecord) return false;
    this.addError({ line: this.line, column: '', message: syntaxMessage(syntaxError.error) });
    this.stop();
    return true;
  }

  /** The guard refused the file at some line: the records parsed before it are checked, then reading ends there. */
  private async refuse(error: CsvRowError): Promise<void> {
    await this.drain();
    if (!this.stopped) this.addError(error);
    this.stop();
  }

  /** Reads every record the parser has ready, awaiting onRow where it returns a promise. */
  private async drain(): Promise<void> {
    while (!this.stopped && !this.syntaxErrorReached()) {
      const record = this.state.parser.read() as string[] | null;
      if (record === null) break;
      this.state.recordsRead++;
      const pending = this.handle(record);
      if (pending !== undefined) await pending;
    }
  }

  /** Takes one chunk of the input; after a stop it is only hashed (the fingerprint covers the whole input). */
  async feed(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    // Big chunks are fed in slices, so at most one slice of records waits in memory at a time.
    for (let at = 0; at < chunk.length && !this.stopped; at += SLICE_BYTES) {
      const slice = this.guard.feed(at === 0 && chunk.length <= SLICE_BYTES ? chunk : chunk.subarray(at, at + SLICE_BYTES));
      if (slice === null) {
        await this.refuse(this.guard.error!);
        break;
      }
      this.state.parser.write(slice);
      await this.drain();
    }
  }

  /** The input has ended: checks its last line, then reads the records the parser still holds. */
  async finish(): Promise<void> {
    const unreadable = this.stopped ? null : this.guard.finish();
    if (unreadable) await this.refuse(unreadable);
    if (this.stopped) return;
    const { parser } = this.state;
    parser.end();
    while (!this.stopped && !this.state.ended) {
      await this.drain();
      if (this.stopped || this.state.ended) break;
      await nextParserEvent(parser);
    }
    await this.drain();
  }
}

export async function readTransactionCsv(
  input: NodeJS.ReadableStream,
  options: ReadTransactionCsvOptions,
): Promise<CsvReadResult> {
  const reader = new TransactionCsvReader(options);
  for await (const piece of input) await reader.feed(typeof piece === 'string' ? Buffer.from(piece) : piece);
  await reader.finish();
  if (reader.failure !== null) throw reader.failure;

  const { errors, rows, bytes } = reader;
  if (!reader.sawHeader && errors.length === 0) {
    errors.push({ line: 1, column: '', message: `the file is empty: expected a header line (${COLUMN_LIST})` });
  }
  options.onProgress?.(rows, bytes);
  return { rows, errors, fingerprint: reader.hash.digest('hex'), truncated: reader.truncated };
}
