import { createHash, type Hash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse';
import { CsvGuard } from '../csv-guard.js';
import type { Mapping } from './mapping.js';

/**
 * The records of a source file, each with the line it starts on and how many lines it spans, so
 * that errors and the dry-run table point at the file as the user sees it. CSV through csv-parse
 * (any delimiter, quoted fields across lines, a BOM), decoded from the mapping's encoding with the
 * platform's TextDecoder; a Ghostfolio JSON export as one record per activity.
 */

export interface SourceRecord {
  record: string[];
  /** Line where the record starts (1 = the first line of the file). */
  line: number;
  /** Lines it spans (1 unless a quoted field holds line breaks). */
  lines: number;
}

export class SourceSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

function lineBreaksIn(record: string[]): number {
  let count = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/**
 * Decodes chunks as they come, hashing the raw bytes (the import's fingerprint). The CSV guard looks
 * at the bytes first: an endless record or one of thousands of fields is refused before csv-parse
 * builds it, and a file declared UTF-8 must be UTF-8 (issue 11).
 */
async function* decode(input: AsyncIterable<Buffer | string>, encoding: string, hash: Hash, delimiter: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  const guard = new CsvGuard({ maxRecordBytes: 64 * 1024, maxFields: 256, delimiter, utf8: /^utf-?8$/i.test(encoding), dropBlankLines: false });
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    hash.update(chunk);
    if (guard.feed(chunk) === null) throw new SourceSyntaxError(guard.error!.line, `column ${guard.error!.column}: ${guard.error!.message}`);
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const unreadable = guard.finish();
  if (unreadable) throw new SourceSyntaxError(unreadable.line, `column ${unreadable.column}: ${unreadable.message}`);
  const rest = decoder.decode();
  if (rest) yield rest;
}

function syntaxMessage(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed (a " is missing)';
  if (error.code === 'INVALID_OPENING_QUOTE') return 'a quote inside an unquoted field (quote the whole field and write the quote as "")';
  return `malformed CSV: ${error.message}`;
}

export interface RecordStream {
  /** Records in batches (one per chunk of the file): a promise per batch, not per record. */
  records: AsyncIterable<SourceRecord[]>;
  /** sha256 of every byte read; complete once `records` is exhausted. */
  fingerprint(): string;
}

export function csvRecords(input: AsyncIterable<Buffer | string>, mapping: Mapping): RecordStream {
  const hash = createHash('sha256');
  let digest: string | null = null;
  async function* records(): AsyncGenerator<SourceRecord[]> {
    const parser = parse({
      bom: true,
      delimiter: mapping.delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      max_record_size: 64 * 1024,
    });
    // Flowing mode: records arrive synchronously while a chunk is written, and are handed on in one batch.
    let batch: SourceRecord[] = [];
    let line = 1;
    let failure: Error | null = null;
    parser.on('data', (record: string[]) => {
      const lines = 1 + lineBreaksIn(record);
      batch.push({ record, line, lines });
      line += lines;
    });
    parser.on('error', (error: Error) => (failure ??= error));
    const take = () => {
      if (failure !== null) {
        if (failure instanceof CsvError) throw new SourceSyntaxError(line, syntaxMessage(failure));
        throw failure;
      }
      const taken = batch;
      batch = [];
      return taken;
    };
    for await (const text of decode(input, mapping.encoding, hash, mapping.delimiter)) {
      parser.write(text);
      const taken = take();
      if (taken.length) yield taken;
    }
    await new Promise<void>((resolve) => {
      parser.once('end', resolve);
      parser.once('error', () => resolve());
      parser.end();
    });
    const rest = take();
    if (rest.length) yield rest;
    digest = hash.digest('hex');
  }
  return { records: records(), fingerprint: () => digest ?? '' };
}

/** The line each element of the top-level `activities` array starts on (1-based), by a scan that respects strings. */
function activityLines(text: string): number[] {
  const key = text.indexOf('"activities"');
  const lines: number[] = [];
  if (key < 0) return lines;
  let line = text.slice(0, key).split('\n').length;
  let depth = 0;
  let inString = false;
  for (let i = key + 12; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (depth === 1 && c === '{') lines.push(line);
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) break;
    }
  }
  return lines;
}

export const GHOSTFOLIO_FIELDS = ['type', 'symbol', 'quantity', 'unitPrice', 'fee', 'currency', 'date', 'dataSource', 'comment', 'accountId'] as const;

/**
 * A Ghostfolio export (`{ meta, accounts, activities: [...] }`) as records: a header of the
 * activity fields, then one record per activity, on the JSON line where the activity starts.
 * JSON numbers are read back as the shortest decimal text JavaScript gives them (Ghostfolio
 * writes floats), so 298.58 stays "298.58".
 */
export function ghostfolioRecords(text: string): RecordStream {
  const fingerprint = createHash('sha256').update(text).digest('hex');
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new SourceSyntaxError(1, `not a Ghostfolio JSON export: ${(error as Error).message}`);
  }
  const activities: unknown = (json as { activities?: unknown } | null)?.activities;
  if (typeof json !== 'object' || json === null || !Array.isArray(activities)) {
    throw new SourceSyntaxError(1, 'not a Ghostfolio JSON export: expected an object with an "activities" array');
  }
  const list = activities as unknown[];
  let lines = activityLines(text);
  // Minified JSON has every activity on line 1: number them 2, 3, … (activity n on "line" n + 1).
  if (!lines.every((line, i) => line > (i === 0 ? 1 : lines[i - 1]!))) lines = activities.map((_, i) => i + 2);
  async function* records(): AsyncGenerator<SourceRecord[]> {
    const batch: SourceRecord[] = [{ record: [...GHOSTFOLIO_FIELDS], line: 1, lines: 1 }];
    for (let i = 0; i < list.length; i++) {
      const activity = list[i] as Record<string, unknown> | null;
      const record = GHOSTFOLIO_FIELDS.map((field) => {
        const value = activity?.[field];
        return value === null || value === undefined ? '' : String(value);
      });
      batch.push({ record, line: lines[i] ?? i + 1, lines: 1 });
    }
    yield batch;
  }
  return { records: records(), fingerprint: () => fingerprint };
}
