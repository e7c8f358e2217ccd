import type { TransactionFields, TransactionType } from '../core/ledger/types.js';

/**
 * Validated rows on their way from the CSV worker (src/io/transaction-csv-worker.ts) to the thread
 * that writes them, in batches. Date, type, symbol and currency repeat from row to row: a batch
 * holds each of their values once (`table`) and the rows hold its index (`codes`, four a row), so
 * neither thread copies those strings per row (per 1M rows ~0.2 s less on the writing thread than a
 * flat array of all ten fields, measured). The other six fields go in one flat array of strings,
 * what structured clone copies cheapest (no object per row, no keys). Each row also gets its id
 * there (UUIDv7, made in file order): the ids of a batch cross as one string.
 */

/** Fields kept per row in `rest`: quantity, price, amount, fee, tax, note. */
const REST_PER_ROW = 6;
const CODES_PER_ROW = 4;
/** Every id is a 36-character UUID. */
export const ID_LENGTH = 36;

export interface RowBatch {
  table: Array<string | null>;
  /** Per row: the table indexes of its date, type, symbol and currency. */
  codes: Uint16Array;
  rest: Array<string | null>;
  lines: Int32Array;
  ids: string;
}

/** What the worker posts, in file order: rows, a progress report after them, or the end of the read. */
export type WorkerMessage =
  | ({ kind: 'rows'; progress: [rows: number, bytes: number] | null } & RowBatch)
  | { kind: 'done'; rows: number; errors: Array<{ line: number; column: string; message: string }>; fingerprint: string; truncated: boolean }
  | { kind: 'failed'; message: string };

/** Collects rows into batches of `size`; `take()` hands over what it holds and starts a new batch. */
export class BatchPacker {
  private batch: RowBatch;
  private index = new Map<string | null, number>();
  private count = 0;

  constructor(readonly size: number) {
    if (size * CODES_PER_ROW > 0xffff) throw new RangeError(`a batch of ${size} rows is too big for 16-bit codes`);
    this.batch = this.empty();
  }

  private empty(): RowBatch {
    return { table: [], codes: new Uint16Array(this.size * CODES_PER_ROW), rest: [], lines: new Int32Array(this.size), ids: '' };
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.size;
  }

  private code(value: string | null): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.batch.table.push(value) - 1;
      this.index.set(value, code);
    }
    return code;
  }

  add(row: TransactionFields, line: number, id: string): void {
    const { batch } = this;
    const at = this.count * CODES_PER_ROW;
    batch.codes[at] = this.code(row.date);
    batch.codes[at + 1] = this.code(row.type);
    batch.codes[at + 2] = this.code(row.symbol);
    batch.codes[at + 3] = this.code(row.currency);
    batch.rest.push(row.quantity, row.price, row.amount, row.fee, row.tax, row.note);
    batch.lines[this.count++] = line;
    batch.ids += id;
  }

  /** The batch so far; its typed arrays are meant to be transferred, so the next batch gets new ones. */
  take(): RowBatch {
    const { table, codes, rest, lines, ids } = this.batch;
    const taken = { table, codes: codes.subarray(0, this.count * CODES_PER_ROW), rest, lines: lines.subarray(0, this.count), ids };
    this.batch = this.empty();
    this.index = new Map();
    this.count = 0;
    return taken;
  }
}

/** The row at `index` of a batch, as the fields the validator produced. */
export function unpackRow(batch: RowBatch, index: number): TransactionFields {
  const { table, codes, rest } = batch;
  const code = index * CODES_PER_ROW;
  const at = index * REST_PER_ROW;
  return {
    date: table[codes[code]!] as string,
    type: table[codes[code + 1]!] as TransactionType,
    symbol: table[codes[code + 2]!] as string | null,
    quantity: rest[at] as string | null,
    price: rest[at + 1] as string | null,
    amount: rest[at + 2] as string | null,
    fee: rest[at + 3] as string | null,
    tax: rest[at + 4] as string | null,
    currency: table[codes[code + 3]!] as string,
    note: rest[at + 5] as string | null,
  };
}

/** The id of the row at `index` of a batch. */
export const idOf = (batch: RowBatch, index: number): string => batch.ids.slice(index * ID_LENGTH, (index + 1) * ID_LENGTH);

/**
 * Flow control on the worker's side: it may post a batch while it holds a credit, and the reading
 * thread gives them back for the batches it has written. `ready()` is null while a credit is left, or
 * the promise of the next one (so the CSV reader, which awaits it, stops reading meanwhile).
 */
export class Credits {
  private waiting: (() => void) | null = null;

  constructor(private left: number) {}

  /** Takes a credit for the batch about to be posted (a progress report may overdraw by one). */
  spend(): void {
    this.left--;
  }

  ready(): Promise<void> | null {
    if (this.left > 0) return null;
    return new Promise((resolve) => (this.waiting = resolve));
  }

  give(count = 1): void {
    this.left += count;
    if (this.left <= 0) return;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}
