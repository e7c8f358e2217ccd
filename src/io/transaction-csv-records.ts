import {
  TRANSACTION_COLUMNS,
  type RawTransaction,
  type TransactionColumn,
} from '../core/ledger/transaction-input.js';

/** The records of a transactions CSV file: its header, a data record's fields and their count. */

export interface CsvRowError {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  column: string;
  message: string;
}

export const COLUMN_LIST = TRANSACTION_COLUMNS.join(',');
const KNOWN_COLUMNS = new Set<string>(TRANSACTION_COLUMNS);
const DATE_LIKE = /^\d{4}-\d{1,2}-\d{1,2}$/;

type ColumnIndex = Record<TransactionColumn, number>;

export interface Header {
  names: string[];
  index: ColumnIndex;
}

/** Reads the header record: the column names, or the errors that make the file unreadable. */
export function readHeader(record: string[], line: number): Header | CsvRowError[] {
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

export function toRaw(record: string[], index: ColumnIndex): RawTransaction {
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
export function lineBreaksIn(record: string[]): number {
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

export function isEmptyRecord(record: string[]): boolean {
  return record.length === 1 && record[0]!.trim() === '';
}

/** The field-count error of a record that does not have one field per header column, if any. */
export function fieldCountError(record: string[], header: Header, line: number): CsvRowError | null {
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
