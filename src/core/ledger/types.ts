/**
 * The ledger's vocabulary. Money and quantities are decimal strings at this boundary
 * (validated once, at the door); the ledger engine computes with `core/decimal.ts`.
 */
export const TRANSACTION_TYPES = ['buy', 'sell', 'dividend', 'interest', 'deposit', 'withdrawal', 'fee', 'tax', 'split',
  'transfer-in', 'transfer-out'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export type CostBasisMethod = 'fifo' | 'average';

/** The fields of a transaction, as in the import/export CSV: `date,type,symbol,quantity,price,amount,fee,tax,currency,note`. */
export interface TransactionFields {
  date: string; // YYYY-MM-DD
  type: TransactionType;
  symbol: string | null; // upper-case ticker; required for buy, sell, split
  quantity: string | null; // buy/sell/transfer-in/transfer-out: units (> 0); split: the ratio, `N:D` (N new for D old) or a decimal (2 = 2:1)
  price: string | null; // buy/sell: price per unit (>= 0); transfer-in/out: the stated cost (or value) per unit
  amount: string | null; // dividend, interest, deposit, withdrawal, fee, tax: money (> 0)
  fee: string | null; // buy/sell (and optional elsewhere): money (>= 0)
  tax: string | null; // dividend, interest: tax withheld (>= 0)
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
    tax: source.tax,
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
export type LedgerEntry = Pick<TransactionFields, 'date' | 'type' | 'symbol' | 'quantity' | 'price' | 'amount' | 'fee' | 'currency'> & {
  /** Tax withheld (dividend, interest); absent is none. */
  tax?: string | null;
};

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
  /** Tax transactions and tax withheld on dividends and interest. */
  taxes: string;
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

export interface PositionOptions {
  /**
   * Also return symbols held before but not now (quantity 0, cost basis 0, average cost 0), so
   * holdings can show the realised gains and dividends of what was sold off. Off by default:
   * `positions()` is what is held. A symbol that only ever had dividends counts as closed too.
   */
  includeClosed?: boolean;
}

export interface LedgerOptions {
  /** Keep the cost of the units of each sell in `lastSale` (the performance replay wants it per day). */
  trackSales?: boolean;
  /** Leave taxes out (tax transactions and tax withheld), as if none had been paid. */
  beforeTaxes?: boolean;
  /** Carry on from a `snapshot()` of a ledger with the same method (a checkpoint). */
  from?: import('./ledger-state.js').LedgerState;
}

/** The cost of the units of the last sell, at the ledger's scale (`cost` counts units of 10^-places). */
export interface SaleCost {
  cost: bigint;
  places: number;
}

/** The parsed quantity, price and fee of the last buy, sell or transfer (updated in place). */
export interface TradeDigits {
  quantity: import('../decimal.js').Digits;
  price: import('../decimal.js').Digits;
  fee: import('../decimal.js').Digits | null;
}

/** The ledger engine (createLedger in ledger.ts). */
export interface Ledger {
  readonly method: CostBasisMethod;
  /** With `trackSales`: the cost of the units the last sell took (updated in place, not a new object). */
  readonly lastSale: SaleCost;
  /** What the last trade's quantity, price and fee read as (the performance replay reads them too). */
  readonly lastTrade: TradeDigits;
  /** Applies one transaction; entries must come in (date, seq) order. Throws InsufficientHoldingsError for a sell of more than is held. */
  apply(entry: LedgerEntry): void;
  /** Open positions (quantity > 0) sorted by symbol; closed ones too with `{ includeClosed: true }`. */
  positions(options?: PositionOptions): Position[];
  /** Cash per currency touched so far (may be negative or zero), sorted by currency. */
  cash(): CashBalance[];
  /** Dividends, interest and fees per currency, sorted by currency (currencies that had any). */
  income(): IncomeTotals[];
  /**
   * Open lots of a symbol, oldest first ([] if none). FIFO: the real lots, what is left of each
   * buy, its unit cost (cost / units bought, so fees included) and its open cost. Average cost:
   * the same remaining quantities (units still leave oldest first, so the dates tell how long
   * they have been held), each at the pooled average unit cost, with the cost basis shared out
   * pro rata (the last lot takes the rounding remainder, so the lots sum to the cost basis).
   */
  lots(symbol: string): Lot[];
  /** The last trade price of a symbol (split-adjusted) and its currency: what it is worth without a close. */
  tradePrice(symbol: string): { price: string; currency: string } | null;
  /** The whole state, as JSON-safe data: `createLedger(method, { from: state })` carries on from it exactly. */
  snapshot(): import('./ledger-state.js').LedgerState;
}

/** The types that move holdings: replayed to check that nothing sells (or delivers out) more than is held. */
export const HOLDING_TYPES: readonly TransactionType[] = ['buy', 'sell', 'split', 'transfer-in', 'transfer-out'];
