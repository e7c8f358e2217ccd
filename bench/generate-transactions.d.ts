// Types for bench/generate-transactions.js (plain Node ESM, so tests can import it).

export interface GenerateOptions {
  /** Number of transactions (default 1000). */
  rows?: number;
  /** Number of instruments (default 50). */
  symbols?: number;
  /** Years of history (default 10). */
  years?: number;
  /** PRNG seed (default 42): the same options always give the same history. */
  seed?: number;
  /** The last date, YYYY-MM-DD (default 2026-10-31). */
  end?: string;
}

/** One generated transaction, in the shape of TransactionFields (null for blank cells). */
export interface GeneratedTransaction {
  date: string;
  type: 'buy' | 'sell' | 'dividend' | 'interest' | 'deposit' | 'withdrawal' | 'fee' | 'split';
  symbol: string | null;
  quantity: string | null;
  price: string | null;
  amount: string | null;
  fee: string | null;
  currency: string;
  note: string | null;
}

export const CSV_HEADER: string;
export function toCsvLine(row: GeneratedTransaction): string;
export function generateTransactions(options?: GenerateOptions): Generator<GeneratedTransaction, void, undefined>;
export function generateTransactionCsv(options?: GenerateOptions, chunkSize?: number): Generator<string, void, undefined>;
export function generateCloseCsv(options?: GenerateOptions, skip?: Set<string>): Generator<string, void, undefined>;
