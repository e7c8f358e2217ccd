import { createHash } from 'node:crypto';
import { CsvGuard } from './csv-guard.js';
import { lastRecordEnd, PlainRecords, QUOTE, quotedRunEnd, startsWithUtf16Bom, startsWithUtf8Bom, type QuoteState } from './plain-csv.js';
import { MAX_RECORD_SIZE, nextParserEvent, openParser, parseRun, syntaxMessage, type ParserState } from './transaction-csv-parser.js';
import { validateTransaction, type ValidationContext } from '../core/ledger/transaction-input.js';
import {
  COLUMN_LIST,
  fieldCountError,
  isEmptyRecord,
  lineBreaksIn,
  readHeader,
  toRaw,
  type CsvRowError,
  type Header,
} from './transaction-csv-records.js';
import type { TransactionFields } from '../core/ledger/types.js';

/**
 * The streaming reader behind `folio tx import`: CSV with a header line naming the columns
 * `date,type,symbol,quantity,price,amount,fee,tax,currency,note` in any order (only `date` and `type`
 * are required columns). Each record is validated by `validateTransaction`; valid rows go to
 * `onRow` one at a time (awaited, so a batched database writer holds the file back), and errors
 * are collected with the line of the file where their record starts. Memory stays flat: the file
 * is read chunk by chunk and never held whole.
 */

export type { CsvRowError } from './transaction-csv-records.js';

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
  /**
   * False reads every byte through csv-parse, as the fast path must be indistinguishable from
   * (the tests compare the two); default true.
   */
  fastPath?: boolean;
}

export const DEFAULT_MAX_ERRORS = 20;
const PROGRESS_EVERY = 10_000;
const SLICE_BYTES = 64 * 1024;
/** Far more than any transactions file has (10 columns); refused beyond, before the parser builds them. */
const MAX_FIELDS = 256;
const EMPTY = Buffer.alloc(0);

/**
 * One read of one file: the line count, the header and the errors found so far. Records come from
 * csv-parse, or, on the fast path, from plain text split here. The fast path is not a second CSV
 * parser: it only splits runs of records that have no `"` at all, where CSV has no syntax to get
 * wrong; every record with a quote still goes through csv-parse (the well-kept library for real
 * CSV), in file order. It hands on each record at the same point of the input as csv-parse would,
 * so progress, refusals and errors are the same whichever reads a record.
 */
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
  /** The csv-parse stream records come from: the whole file's, or on the fast path an open quoted run's (else null). */
  private state: ParserState | null = null;
  private runFailure: Error | null = null;
  private readonly maxErrors: number;
  private fast: boolean;
  /** Fast path: the bytes after the last record handed on (held back as csv-parse holds them back). */
  private pending = EMPTY;
  private bomChecked = false;
  /** Fast path: the quote state of the quoted run open in `state`. */
  private run: QuoteState | null = null;

  constructor(private readonly options: ReadTransactionCsvOptions) {
    this.maxErrors = Math.max(1, options.maxErrors ?? DEFAULT_MAX_ERRORS);
    this.fast = options.fastPath !== false;
    if (!this.fast) this.state = openParser(true);
  }

  get sawHeader(): boolean {
    return this.header !== null;
  }

  get failure(): Error | null {
    return this.runFailure ?? this.state?.failure ?? null;
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.state?.parser.destroy();
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
  private handle(record: string[], lineBreaks: number): void | Promise<void> {
    this.line += this.guard.blankLinesBefore(this.recordIndex++);
    const start = this.line;
    this.line += 1 + lineBreaks;
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

  /** Reports csv-parse's syntax error once the records before it are handled; reading ends there. */
  private syntaxErrorReached(): boolean {
    if (this.state === null) return false;
    const { syntaxError, recordsRead } = this.state;
    if (syntaxError === null || recordsRead < syntaxError.atRecord) return false;
    this.reportSyntaxError(syntaxError.error);
    return true;
  }

  private reportSyntaxError(error: Parameters<typeof syntaxMessage>[0]): void {
    this.addError({ line: this.line, column: '', message: syntaxMessage(error) });
    this.stop();
  }

  /** The guard refused the file at some line: the records parsed before it are checked, then reading ends there. */
  private async refuse(error: CsvRowError): Promise<void> {
    await this.drain();
    if (!this.stopped) this.addError(error);
    this.stop();
  }

  /** Reads every record the csv-parse stream has ready, awaiting onRow where it returns a promise. */
  private async drain(): Promise<void> {
    while (this.state !== null && !this.stopped && !this.syntaxErrorReached()) {
      const record = this.state.parser.read() as string[] | null;
      if (record === null) break;
      this.state.recordsRead++;
      const pending = this.handle(record, lineBreaksIn(record));
      if (pending !== undefined) await pending;
    }
  }

  /** Ends the csv-parse stream and reads the records it still holds. */
  private async endParser(state: ParserState): Promise<void> {
    state.parser.end();
    while (!this.stopped && !state.ended) {
      await this.drain();
      if (this.stopped || state.ended) break;
      await nextParserEvent(state.parser);
    }
    await this.drain();
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
      if (this.fast) await this.feedFast(slice);
      else {
        this.state!.parser.write(slice);
        await this.drain();
      }
    }
  }

  /** The input has ended: checks its last line, then reads the records still held. */
  async finish(): Promise<void> {
    const unreadable = this.stopped ? null : this.guard.finish();
    if (unreadable) await this.refuse(unreadable);
    if (this.stopped) return;
    if (this.fast) await this.consume(this.pending, true);
    else await this.endParser(this.state!);
  }

  /** Fast path: a slice from the guard, after the bytes held back from the last one. */
  private async feedFast(slice: Buffer): Promise<void> {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, slice]) : slice;
    this.pending = EMPTY;
    if (!this.bomChecked) {
      if (data.length < 3) {
        this.pending = Buffer.from(data); // csv-parse too waits for three bytes to look for a BOM
        return;
      }
      this.bomChecked = true;
      if (startsWithUtf16Bom(data)) return this.leaveFastPath(data);
      if (startsWithUtf8Bom(data)) data = data.subarray(3);
    }
    await this.consume(data, false);
  }

  private async leaveFastPath(data: Buffer): Promise<void> {
    this.fast = false;
    this.state = openParser(true);
    this.state.parser.write(data);
    await this.drain();
  }

  /**
   * Fast path: hands on every record of `data` that csv-parse would have handed on by now (it keeps
   * the last two bytes back, as a \r may start a \r\n), plain ones split here, quoted ones parsed
   * by csv-parse; keeps the rest for the next slice. `end`: the input has ended.
   */
  private async consume(data: Buffer, end: boolean): Promise<void> {
    const before = end ? data.length : data.length - 2;
    let at = 0;
    if (this.run !== null) {
      at = quotedRunEnd(data, 0, before, this.run);
      await this.writeRun(at < 0 ? data : data.subarray(0, at), end || at >= 0);
      if (at < 0) return;
    }
    while (at < data.length && !this.stopped) {
      const quote = data.indexOf(QUOTE, at);
      const plainEnd = lastRecordEnd(data, at, quote < 0 ? before : Math.min(quote, before));
      if (plainEnd > at) await this.handlePlain(data.toString('utf8', at, plainEnd));
      at = plainEnd;
      if (this.stopped || quote < 0 || quote >= before) break;
      const run: QuoteState = { inQuotes: false };
      const runEnd = quotedRunEnd(data, at, before, run);
      if (runEnd >= 0 || end) {
        await this.parseRun(data.subarray(at, runEnd >= 0 ? runEnd : data.length));
        at = runEnd >= 0 ? runEnd : data.length;
      } else {
        // a quoted record goes on past these bytes: a stream takes it (and what follows) until it ends
        this.run = run;
        this.state = openParser(false);
        return this.writeRun(data.subarray(at), false);
      }
    }
    if (end && at < data.length && !this.stopped) {
      // the last record, without a line break (and without a quote: the loop took those)
      const pending = this.handle(data.toString('utf8', at).split(','), 0);
      if (pending !== undefined) await pending;
    } else if (!end) this.pending = at < data.length ? Buffer.from(data.subarray(at)) : EMPTY;
  }

  /** Fast path: records without any quote. */
  private async handlePlain(text: string): Promise<void> {
    const records = new PlainRecords(text);
    for (let record = records.next(); record !== null && !this.stopped; record = records.next()) {
      const pending = this.handle(record, 0);
      if (pending !== undefined) await pending;
    }
  }

  /** Fast path: whole records with quotes, through csv-parse. */
  private async parseRun(bytes: Buffer): Promise<void> {
    let run: ReturnType<typeof parseRun>;
    try {
      run = parseRun(bytes);
    } catch (error) {
      this.runFailure ??= error as Error;
      this.stop();
      return;
    }
    const { records, syntaxError } = run;
    const count = syntaxError === null ? records.length : syntaxError.atRecord;
    for (let i = 0; i < count && !this.stopped; i++) {
      const pending = this.handle(records[i]!, lineBreaksIn(records[i]!));
      if (pending !== undefined) await pending;
    }
    if (syntaxError !== null && !this.stopped) this.reportSyntaxError(syntaxError.error);
  }

  /** Fast path: the next bytes of the quoted run open in the stream; `close` when they end it. */
  private async writeRun(bytes: Buffer, close: boolean): Promise<void> {
    const state = this.state!;
    if (this.stopped) return; // the stream is destroyed
    if (bytes.length > 0) state.parser.write(bytes);
    await this.drain();
    if (!close || this.stopped) return;
    await this.endParser(state);
    this.runFailure ??= state.failure;
    this.state = null;
    this.run = null;
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
