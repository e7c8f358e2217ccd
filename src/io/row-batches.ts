import type { TransactionFields, TransactionType } from '../core/ledger/types.js';

/**
 * Validated rows on their way from the CSV worker (src/io/transaction-csv-worker.ts) to the thread
 * that writes them: a batch is one flat array of the rows' fields, ten a row, and their file lines.
 * A flat array of strings is what structured clone copies cheapest (no object per row, no keys).
 * Each row also gets its id here (UUIDv7, made in file order): the ids of a batch cross as one string.
 */

/** The fields of a row in the order they are packed. */
const FIELDS_PER_ROW = 10;
/** Every id is a 36-character UUID. */
export const ID_LENGTH = 36;

/** What the worker posts, in file order: rows, a progress report after them, or the end of the read. */
export type WorkerMessage =
  | { kind: 'rows'; fields: Array<string | null>; lines: Int32Array; ids: string; progress: [rows: number, bytes: number] | null }
  | { kind: 'done'; rows: number; errors: Array<{ line: number; column: string; message: string }>; fingerprint: string; truncated: boolean }
  | { kind: 'failed'; message: string };

/** Collects rows into batches of `size`; `take()` hands over what it holds and starts a new batch. */
export class BatchPacker {
  private fields: Array<string | null> = [];
  private lines: Int32Array;
  private count = 0;
  private ids = '';

  constructor(readonly size: number) {
    this.lines = new Int32Array(size);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.size;
  }

  add(row: TransactionFields, line: number, id: string): void {
    this.fields.push(row.date, row.type, row.symbol, row.quantity, row.price, row.amount, row.fee, row.tax, row.currency, row.note);
    this.lines[this.count++] = line;
    this.ids += id;
  }

  take(): { fields: Array<string | null>; lines: Int32Array; ids: string } {
    // the lines' buffer is transferred to the other thread, so each batch gets a new one
    const batch = { fields: this.fields, lines: this.lines.subarray(0, this.count), ids: this.ids };
    this.fields = [];
    this.lines = new Int32Array(this.size);
    this.count = 0;
    this.ids = '';
    return batch;
  }
}

/** The row at `index` of a packed batch, as the fields the validator produced. */
export function unpackRow(fields: Array<string | null>, index: number): TransactionFields {
  const at = index * FIELDS_PER_ROW;
  return {
    date: fields[at] as string,
    type: fields[at + 1] as TransactionType,
    symbol: fields[at + 2] as string | null,
    quantity: fields[at + 3] as string | null,
    price: fields[at + 4] as string | null,
    amount: fields[at + 5] as string | null,
    fee: fields[at + 6] as string | null,
    tax: fields[at + 7] as string | null,
    currency: fields[at + 8] as string,
    note: fields[at + 9] as string | null,
  };
}

/**
 * Flow control on the worker's side: it may post a batch while it holds a credit, and the reading
 * thread gives one back for each batch it has written. `ready()` is null while a credit is left, or
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

  give(): void {
    this.left++;
    if (this.left <= 0) return;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}
