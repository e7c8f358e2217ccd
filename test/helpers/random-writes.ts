import { Readable } from 'node:stream';
import { FolioError } from '../../src/core/errors.js';
import type { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { Transaction, TransactionFields } from '../../src/core/ledger/types.js';
import type { LedgerStore } from '../../src/core/ports.js';
import { TRANSACTION_COLUMNS } from '../../src/core/ledger/transaction-input.js';
import { readTransactionCsv } from '../../src/io/transaction-csv.js';

/** A portfolio's stored transactions, in order. */
export async function storedTransactions(store: LedgerStore, portfolioId: string): Promise<Transaction[]> {
  const list: Transaction[] = [];
  for await (const tx of store.transactions(portfolioId)) list.push(tx);
  return list;
}

export interface RandomWrites {
  service: ReturnType<typeof createTransactionService>;
  store: LedgerStore;
  portfolio: string;
  random: () => number;
  fields: (random: () => number) => TransactionFields;
  today: string;
  /** Runs a write, counting it or its refusal. */
  write: (work: () => Promise<unknown>) => Promise<void>;
  /** The add step (one add, or several). */
  add: () => Promise<void>;
}

/**
 * A write step that counts itself, or its refusal: a sell or an edit that would oversell is refused
 * with a FolioError and rolls back (checkpoint drops included); any other error fails the test.
 */
export function countedWrite(stats: { writes: number; refused: number }): RandomWrites['write'] {
  return async (work) => {
    try {
      await work();
      stats.writes++;
    } catch (error) {
      if (!(error instanceof FolioError)) throw error;
      stats.refused++;
    }
  };
}

/** An import file of these rows: a header naming every column, then a line per row. */
export function transactionsCsv(rows: readonly TransactionFields[]): string {
  const line = (f: TransactionFields) => TRANSACTION_COLUMNS.map((column) => f[column] ?? '').join(',');
  return [TRANSACTION_COLUMNS.join(','), ...rows.map(line)].join('\n');
}

/**
 * One random write of the checkpoint tests: half adds, then edits (half of them to another date,
 * often into the past), removals, and imports (half after the history, half anywhere).
 */
export async function randomWrite(w: RandomWrites, step: number): Promise<void> {
  const { random, service } = w;
  const history = await storedTransactions(w.store, w.portfolio);
  const roll = random();
  if (roll < 0.5 || history.length < 5) return w.add();
  if (roll < 0.7) {
    const current = history[Math.floor(random() * history.length)]!;
    let fields = w.fields(random);
    while (fields.type !== current.type) fields = w.fields(random);
    return w.write(() => service.edit(current, random() < 0.5 ? fields : { ...fields, date: current.date }));
  }
  if (roll < 0.85) return w.write(() => service.remove(history[Math.floor(random() * history.length)]!));
  const after = random() < 0.5 ? (history.at(-1)?.date ?? '') : '';
  const rows = Array.from({ length: 3 + Math.floor(random() * 20) }, () => w.fields(random))
    .map((row) => (row.date < after ? { ...row, date: after } : row))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const text = transactionsCsv(rows);
  const read = (onRow: (fields: TransactionFields, line: number) => Promise<void> | void) =>
    readTransactionCsv(Readable.from([text]), { context: { today: w.today, defaultCurrency: 'USD' }, onRow });
  return w.write(() => service.import(w.portfolio, { source: `step-${step}.csv`, read }, { allowDuplicates: true }));
}
