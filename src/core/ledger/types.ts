/**
 * The ledger's vocabulary. Money and quantities are decimal strings at this boundary
 * (validated once, at the door); the ledger engine computes with `core/decimal.ts`.
 */
export const TRANSACTION_TYPES = ['buy', 'sell', 'dividend', 'interest', 'deposit', 'withdrawal', 'fee', 'split',
  'transfer-in', 'transfer-out'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export type CostBasisMethod = 'fifo' | 'average';

/** The fields of a transaction, as in the import/export CSV: `date,type,symbol,quantity,price,amount,fee,currency,note`. */
export interface TransactionFields {
  date: string; // YYYY-MM-DD
  type: TransactionType;
  symbol: string | null; // upper-case ticker; required for buy, sell, split
  quantity: string | null; // buy/sell/transfer-in/transfer-out: units (> 0); split: ratio (2 = 2-for-1, > 0)
  price: string | null; // buy/sell: price per unit (>= 0); transfer-in/out: the stated cost (or value) per unit
  amount: string | null; // dividend, interest, deposit, withdrawal, fee: money (> 0)
  fee: string | null; // buy/sell (and optional elsewhere): money (>= 0)
  currency: string; // ISO code, upper-case
  note: string | null;
}

/** Just the CSV fields of a transaction (or anything that has them), as a fresh object. */
export function transactionFields(source: TransactionFields): TransactionFields {
  return {
    date: source.date,
    type: source.type,
    symbol: source.symbol,
    quantity: source.quantity,
    price: source.price,
    amount: source.amount,
    fee: source.fee,
    currency: source.currency,
    note: source.note,
  };
}

/** A stored transaction. `seq` orders transactions of the same day (entry order). */
export interface Transaction extends TransactionFields {
  id: string;
  portfolioId: string;
  seq: number;
  createdAt: string;
}

/** What the ledger engine reads: enough to replay history in (date, seq) order. */
export type LedgerEntry = Pick<TransactionFields, 'date' | 'type' | 'symbol' | 'quantity' | 'price' | 'amount' | 'fee' | 'currency'>;

export interface Position {
  symbol: string;
  quantity: string;
  averageCost: string;
  costBasis: string;
  realizedGain: string;
  currency: string;
  /** Dividends received on the symbol to date (the ledger engine always fills it). */
  dividends?: string;
}

/**
 * Money that is neither cash moved in or out nor part of a position, per currency, to date.
 * `fees` are fee transactions and fees on anything but buys and sells; `tradeFees` are the fees
 * on buys and sells, already inside cost bases and realised gains (shown, never to be subtracted again).
 */
export interface IncomeTotals {
  currency: string;
  dividends: string;
  interest: string;
  fees: string;
  tradeFees: string;
}

export interface CashBalance {
  currency: string;
  amount: string;
}

export interface Lot {
  date: string;
  quantity: string;
  unitCost: string;
  cost: string;
  currency: string;
}

/** The types that move holdings: replayed to check that nothing sells (or delivers out) more than is held. */
export const HOLDING_TYPES: readonly TransactionType[] = ['buy', 'sell', 'split', 'transfer-in', 'transfer-out'];
