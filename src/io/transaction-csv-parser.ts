import { CsvError, parse, type Options, type Parser } from 'csv-parse';
import { parse as parseWhole } from 'csv-parse/sync';

/**
 * csv-parse as the transactions reader uses it: one stream for a whole file (or for a quoted run
 * that goes on past the bytes read so far), or its synchronous API for a run of whole records.
 * Both are the same parser core with the same options, so they give the same records and errors.
 */

/** No real record comes near this (a note is at most 500 characters); beyond it a quote was left open. */
export const MAX_RECORD_SIZE = 64 * 1024;

// Plain arrays, no per-record `info` (it doubles the parse time): lines are counted by the reader.
// Empty lines are kept (as one empty field) so that they are counted, then skipped.
// A syntax error is reported through 'skip' (not 'error', which would drop the records parsed
// before it in the same chunk); reading stops at that record.
function parserOptions(bom: boolean): Options {
  return {
    bom,
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'], // also when one file mixes them
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_SIZE,
  };
}

/** A syntax error and the index of the record it is in (the records before it are good). */
export interface SyntaxError {
  error: CsvError;
  atRecord: number;
}

/** A csv-parse stream wired for the reader, with what it reports outside of its records. */
export interface ParserState {
  parser: Parser;
  ended: boolean;
  /** Records taken from the parser so far. */
  recordsRead: number;
  syntaxError: SyntaxError | null;
  failure: Error | null;
}

/** A stream parser; `bom` only where its first byte is the file's first byte. */
export function openParser(bom: boolean): ParserState {
  const parser = parse(parserOptions(bom));
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

/** Waits until the parser has records to read, has ended, or has failed. */
export function nextParserEvent(parser: Parser): Promise<void> {
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

/**
 * The records of whole records (ending with a line break, or at the end of the file) that contain
 * quotes, and the first syntax error among them: a stream per run would cost more than the run.
 */
export function parseRun(bytes: Buffer): { records: string[][]; syntaxError: SyntaxError | null } {
  let syntaxError: SyntaxError | null = null;
  const options: Options = {
    ...parserOptions(false),
    on_skip: (error) => {
      // `records` of csv-parse's error context: the records pushed before the broken one
      if (error !== undefined) syntaxError ??= { error, atRecord: (error as CsvError & { records: number }).records };
      return undefined;
    },
  };
  const records = parseWhole(bytes, options) as string[][];
  return { records, syntaxError };
}

/** A csv-parse syntax error as one line a user can act on. */
export function syntaxMessage(error: CsvError): string {
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
