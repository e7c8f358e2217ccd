import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { TRANSACTION_COLUMNS, type ValidationContext } from '../../core/ledger/transaction-input.js';
import type { ImportSource, RowError } from '../../core/ledger/transaction-service.js';
import { readTransactionCsv } from '../transaction-csv.js';
import type { Mapping } from './mapping.js';
import { createRowMapper, HeaderError, type MappedRow, type RowMapper } from './row-mapper.js';
import { SourceSyntaxError, type RecordStream, type SourceRecord } from './records.js';
import { sniffDecimal, type DecimalSeparator } from './values.js';

/**
 * A mapped import is a transform in front of folio's own import: each source record is mapped to
 * folio's columns and written as a line of folio's import CSV, on the same line number as in the
 * source (skipped and refused records become empty lines), and that text goes through
 * `readTransactionCsv` and the transaction service like any native import. So errors carry the
 * source's line numbers, and whatever speeds up the native path speeds this one up too.
 */

export interface MappedImportOptions {
  mapping: Mapping;
  context: ValidationContext;
  maxErrors?: number;
  onProgress?: (rows: number) => void;
}

export interface MappedImport extends ImportSource {
  /** Lines of the records the mapping skipped (not transactions), in file order. */
  skippedLines: number[];
  /** The broker's transaction id by line, where the mapping has an id column. */
  ids: Map<number, string>;
}

const HEADER = TRANSACTION_COLUMNS.join(',') + '\n';
const SNIFF_RECORDS = 200;
const FLUSH_AT = 64 * 1024;

function csvField(value: string | undefined): string {
  if (value === undefined) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(row: MappedRow): string {
  let line = csvField(row[TRANSACTION_COLUMNS[0]]);
  for (let i = 1; i < TRANSACTION_COLUMNS.length; i++) line += ',' + csvField(row[TRANSACTION_COLUMNS[i]!]);
  return line + '\n';
}

const isBlank = (record: string[]) => record.every((field) => field.trim() === '');

export function mappedTransactionSource(source: string, stream: RecordStream, options: MappedImportOptions): MappedImport {
  const { mapping } = options;
  const skippedLines: number[] = [];
  const ids = new Map<number, string>();
  const mapErrors: RowError[] = [];
  let mapper: RowMapper | null = null;

  /** Writes the canonical text for the records, keeping line numbers aligned with the source. */
  async function pump(out: PassThrough): Promise<void> {
    let buffer = '';
    let written = 0; // lines of output so far
    const emit = async (text: string, lines: number) => {
      buffer += text;
      written += lines;
      if (buffer.length >= FLUSH_AT) {
        const ok = out.write(buffer);
        buffer = '';
        if (!ok) await once(out, 'drain');
      }
    };
    const padTo = async (line: number) => {
      if (line - 1 > written) await emit('\n'.repeat(line - 1 - written), line - 1 - written);
    };
    let header: string[] | null = null;
    let pending: SourceRecord[] = [];
    const handle = async (item: SourceRecord) => {
      await padTo(item.line);
      const result = mapper!.map(item.record);
      if ('row' in result) {
        if (result.row.id !== undefined) ids.set(item.line, result.row.id);
        return emit(csvLine(result.row) + '\n'.repeat(item.lines - 1), item.lines);
      }
      if ('skip' in result) skippedLines.push(item.line);
      else for (const error of result.errors) mapErrors.push({ line: item.line, column: error.column, message: error.message });
      return emit('\n'.repeat(item.lines), item.lines);
    };
    const start = async (decimal: DecimalSeparator) => {
      mapper = createRowMapper(mapping, header!, decimal);
      for (const item of pending) await handle(item);
      pending = [];
    };
    try {
      for await (const item of stream.records) {
        if (header === null) {
          if (item.line < mapping.header || isBlank(item.record)) continue;
          header = item.record;
          if (mapping.decimal !== 'auto') mapper = createRowMapper(mapping, header, mapping.decimal);
          await padTo(item.line);
          await emit(HEADER + '\n'.repeat(item.lines - 1), item.lines);
          continue;
        }
        if (mapper === null) {
          pending.push(item);
          if (pending.length >= SNIFF_RECORDS) await start(sniff(header, pending));
          continue;
        }
        await handle(item);
      }
      if (header !== null && mapper === null) await start(sniff(header, pending));
      if (header === null) mapErrors.push({ line: mapping.header, column: '', message: `no header row (the mapping reads it from line ${mapping.header})` });
    } catch (error) {
      if (error instanceof HeaderError) mapErrors.push({ line: mapping.header, column: '', message: `the mapping does not fit this file: ${error.message}` });
      else if (error instanceof SourceSyntaxError) mapErrors.push({ line: error.line, column: '', message: error.message });
      else throw error;
    } finally {
      if (header === null) buffer += HEADER; // an empty canonical file would be an error of its own
      out.end(buffer);
    }
  }

  /** The decimal separator of a file whose mapping says `auto`: from the numbers of its first records. */
  function sniff(header: string[], records: SourceRecord[]): DecimalSeparator {
    const probe = createRowMapper(mapping, header, '.');
    return sniffDecimal(records.flatMap(({ record }) => probe.numericIndexes.map((i) => record[i] ?? '')));
  }

  const relabel = (error: RowError): RowError => {
    if (mapper === null || error.column === '') return error;
    const label = mapper.labelOf(error.column);
    return label.toLowerCase() === error.column ? error : { ...error, column: `${label} (${error.column})` };
  };

  return {
    source,
    skippedLines,
    ids,
    async read(onRow) {
      const canonical = new PassThrough();
      const maxErrors = options.maxErrors ?? 20;
      const [, result] = await Promise.all([
        pump(canonical),
        readTransactionCsv(canonical, { context: options.context, maxErrors, onRow, onProgress: options.onProgress }),
      ]);
      const all = [...mapErrors, ...result.errors.map(relabel)].sort((a, b) => a.line - b.line);
      return {
        rows: result.rows,
        errors: all.slice(0, maxErrors),
        fingerprint: stream.fingerprint(),
        truncated: result.truncated || all.length > maxErrors,
      };
    },
  };
}
