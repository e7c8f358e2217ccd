import { captureState } from './ledger-state.js';
import { applyCashEntry, chargeFee, type CashEntryType } from './cash-entries.js';
import { createBook, type LedgerBook } from './ledger-book.js';
import { buy, sell, split } from './trades.js';
import { cashOf, incomeTotalsOf, lotsOf, positionsOf, tradePriceOf } from './ledger-views.js';
import type { CostBasisMethod, Ledger, LedgerEntry, LedgerOptions } from './types.js';

export type { Ledger, LedgerOptions, PositionOptions, SaleCost } from './types.js';
export { InsufficientHoldingsError } from './insufficient-holdings.js';

/**
 * The ledger engine: replays transactions in (date, seq) order and keeps holdings, open lots,
 * cost bases, realised gains, cash and income. Pure and synchronous; no database. Decimal
 * strings in, canonical decimal strings out (no exponent, no trailing zeros).
 *
 * Exactness: sums and products are exact (fixed-point bigints, see fixed-point.ts, rather than
 * big.js: replaying a million entries must take well under a second). Only divisions round, to
 * 10 decimal places half-even: average costs, lot unit costs, the open cost of a FIFO lot sold
 * in part (`cost × remaining / bought`; the units sold from it carry the exact rest) and, under
 * the average method, the cost of the units of each sell (`cost basis × sold / held`). A sell of
 * everything takes the whole remaining cost, so a closed position has a cost basis of exactly 0,
 * and open cost + cost of everything sold = everything paid, exactly.
 *
 * Speed: FIFO sells do no division at all (a lot sold in part only loses units; its open cost
 * is worked out when positions or lots are read), so reading costs O(open lots).
 *
 * Transfers: a transfer-in / -out is a buy / sell at the stated price without cash (shares delivered).
 * Currency: a position's currency is the currency of its first buy. Cash and income move in each
 * transaction's own currency; realised gains are plain differences of proceeds and cost (no FX).
 * Splits: units count 1/`den` of a share, so any ratio is exact (see split-ratio.ts).
 *
 * Layout: ledger-book.ts holds the state (holdings, cash, income, the fixed-point scale),
 * trades.ts buys, sells and splits, cash-entries.ts everything that moves only cash and income,
 * ledger-views.ts turns the book into positions, lots, cash and income.
 */

/** Applies one entry to the book; entries must come in (date, seq) order. */
function apply(book: LedgerBook, entry: LedgerEntry): void {
  if (entry.date < book.lastDate) throw new Error(`ledger entries out of order: ${entry.date} after ${book.lastDate}`);
  book.lastDate = entry.date;

  switch (entry.type) {
    case 'buy':
      return buy(book, entry, true);
    case 'sell':
      return sell(book, entry, true);
    case 'transfer-in':
      return buy(book, entry, false);
    case 'transfer-out':
      return sell(book, entry, false);
    case 'split':
      split(book, entry);
      break;
    default:
      applyCashEntry(book, entry as LedgerEntry & { type: CashEntryType });
  }
  chargeFee(book, entry);
}

/** A new ledger, or (`options.from`) one that carries on from a `snapshot()` of a ledger with the same method. */
export function createLedger(method: CostBasisMethod, options: LedgerOptions = {}): Ledger {
  const book = createBook(method, options);
  return {
    method,
    lastSale: book.lastSale,
    lastTrade: book.lastTrade,
    apply: (entry) => apply(book, entry),
    positions: (positionOptions = {}) => positionsOf(book, positionOptions),
    cash: () => cashOf(book),
    income: () => incomeTotalsOf(book),
    lots: (symbol) => lotsOf(book, symbol),
    tradePrice: (symbol) => tradePriceOf(book, symbol),
    snapshot: () => captureState(method, book.scale.places, book.lastDate, book.holdings, book.cash, book.income),
  };
}
