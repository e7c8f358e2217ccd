import { validateTransaction, type ValidationContext } from '../../core/ledger/transaction-input.js';
import type { ImportSource, RowError } from '../../core/ledger/transaction-service.js';
import type { Mapping } from './mapping.js';
import { createRowMapper, HeaderError, type RowMapper } from './row-mapper.js';
import { SourceSyntaxError, type RecordStream, type SourceRecord } from './records.js';
import { sniffDecimal, type DecimalSeparator } from './values.js';

/**
 * A mapped import is a transform in front of folio's own row pipeline: each source record is
 * mapped to folio's import fields (the same text a line of folio's CSV holds), then goes through
 * the same `validateTransaction` and the same transaction-service import (batched inserts, the
 * holdings check, all or nothing) as a native row. Errors carry the source's line and column.
 * (A first version wrote folio's CSV text and parsed it again: that second parse cost more than
 * the mapping itself, 1.7× the native import's CPU time.)
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

const SNIFF_RECORDS = 200;

const isBlank = (record: string[]) => record.every((field) => field.trim() === '');

export function mappedTransactionSource(source: string, stream: RecordStream, options: MappedImportOptions): MappedImport {
  const { mapping, context } = options;
  const maxErrors = options.maxErrors ?? 20;
  const skippedLines: number[] = [];
  const ids = new Map<number, string>();
  let mapper: RowMapper | null = null;

  /** The decimal separator of a file whose mapping says `auto`: from the numbers of its first records. */
  function sniff(header: string[], records: SourceRecord[]): DecimalSeparator {
    const probe = createRowMapper(mapping, header, '.');
    return sniffDecimal(records.flatMap(({ record }) => probe.numericIndexes.map((i) => record[i] ?? '')));
  }

  const relabel = (column: string): string => {
    if (mapper === null) return column;
    const label = mapper.labelOf(column);
    return label.toLowerCase() === column ? column : `${label} (${column})`;
  };

  return {
    source,
    skippedLines,
    ids,
    async read(onRow) {
      const errors: RowError[] = [];
      let truncated = false;
      let rows = 0;
      const addError = (error: RowError) => {
        if (errors.length < maxErrors) errors.push(error);
        else truncated = true;
      };
      /** One mapped record through folio's own validation, then to the service (until the first error). */
      const handle = async (item: SourceRecord) => {
        const result = mapper!.map(item.record);
        if ('skip' in result) return void skippedLines.push(item.line);
        rows++;
        if (options.onProgress && rows % 10_000 === 0) options.onProgress(rows);
        if ('errors' in result) {
          for (const error of result.errors) addError({ line: item.line, column: error.column, message: error.message });
          return;
        }
        if (result.row.id !== undefined) ids.set(item.line, result.row.id);
        const checked = validateTransaction(result.row, context);
        if (!checked.ok) {
          for (const error of checked.errors) addError({ line: item.line, column: relabel(error.column), message: error.message });
          return;
        }
        if (errors.length === 0) await onRow(checked.value, item.line);
      };
      let header: string[] | null = null;
      let pending: SourceRecord[] | null = [];
      try {
        for await (const batch of stream.records) {
          for (const item of batch) {
            if (truncated) break;
            if (header === null) {
              if (item.line < mapping.header || isBlank(item.record)) continue;
              header = item.record;
              if (mapping.decimal !== 'auto') mapper = createRowMapper(mapping, header, mapping.decimal);
            } else if (mapper === null) {
              pending!.push(item);
              if (pending!.length < SNIFF_RECORDS) continue;
              mapper = createRowMapper(mapping, header, sniff(header, pending!));
              for (const held of pending!) await handle(held);
              pending = null;
            } else if (item.record.length > 1 || !isBlank(item.record)) await handle(item); // an empty line is no row
          }
        }
        if (header !== null && mapper === null) {
          mapper = createRowMapper(mapping, header, sniff(header, pending!));
          for (const held of pending!) await handle(held);
        }
        if (header === null) addError({ line: mapping.header, column: '', message: `no header row (the mapping reads it from line ${mapping.header})` });
      } catch (error) {
        if (error instanceof HeaderError) addError({ line: mapping.header, column: '', message: `the mapping does not fit this file: ${error.message}` });
        else if (error instanceof SourceSyntaxError) addError({ line: error.line, column: '', message: error.message });
        else throw error;
      }
      options.onProgress?.(rows);
      errors.sort((a, b) => a.line - b.line);
      return { rows, errors, fingerprint: stream.fingerprint(), truncated };
    },
  };
}
