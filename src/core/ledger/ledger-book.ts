import { usageError } from '../errors.js';
import { FixedScale, formatRatioOf } from './fixed-point.js';
import { restoreState } from './ledger-state.js';
import { LotQueue, type OpenLot } from './lots.js';
import type { CostBasisMethod, LedgerEntry, LedgerOptions, SaleCost, TradeDigits } from './types.js';

/** One symbol's bookkeeping inside the engine (fixed-point values, see fixed-point.ts). */
export interface Holding {
  readonly symbol: string;
  /** Currency of the first buy; until a buy, the currency of the first dividend. */
  currency: string;
  bought: boolean;
  /** Units of 1/den of a share (see Splits in ledger.ts). */
  quantity: bigint;
  den: bigint;
  tradePrice: string | null;
  tradeCurrency: string;
  readonly lots: LotQueue;
  /** Σ sell proceeds (quantity × price − fee). */
  proceeds: bigint;
  /** FIFO: Σ cost of the lots used up (a lot sold in part adds its share on reading). Average: Σ cost of the units of every sell. */
  soldCost: bigint;
  /** Average only (FIFO sums its open lots on reading). */
  costBasis: bigint;
  dividends: bigint;
}

export interface Income {
  dividends: bigint;
  interest: bigint;
  fees: bigint;
  tradeFees: bigint;
  taxes: bigint;
}

/** trackSales: the open cost of the lot the last sell used in part, so the next sell need not divide again. */
export interface KnownLot {
  lot: OpenLot | null;
  remaining: bigint;
  open: bigint;
}

/** Everything a ledger keeps: the engine's functions read and update it in place. */
export interface LedgerBook {
  readonly method: CostBasisMethod;
  readonly fifo: boolean;
  readonly trackSales: boolean;
  readonly beforeTaxes: boolean;
  readonly lastSale: SaleCost;
  readonly lastTrade: TradeDigits;
  readonly known: KnownLot;
  readonly holdings: Map<string, Holding>;
  readonly cash: Map<string, bigint>;
  readonly income: Map<string, Income>;
  readonly scale: FixedScale;
  lastDate: string;
}

/** An empty book, or (`options.from`) one restored from a snapshot taken with the same method. */
export function createBook(method: CostBasisMethod, options: LedgerOptions): LedgerBook {
  const { trackSales = false, beforeTaxes = false, from: state } = options;
  const book: LedgerBook = {
    method,
    fifo: method === 'fifo',
    trackSales,
    beforeTaxes,
    lastSale: { cost: 0n, places: 0 },
    lastTrade: { quantity: { units: 0n, places: 0 }, price: { units: 0n, places: 0 }, fee: null },
    known: { lot: null, remaining: 0n, open: 0n },
    holdings: new Map(),
    cash: new Map(),
    income: new Map(),
    scale: new FixedScale((factor) => rescale(book, factor)),
    lastDate: '',
  };
  if (state) {
    book.scale.ensure(state.places);
    restoreState(state, method, book);
    book.lastDate = state.lastDate;
  }
  return book;
}

/** The bigint fields of a holding and of an income record: what a growing scale multiplies. */
const HOLDING_AMOUNTS = ['quantity', 'proceeds', 'soldCost', 'costBasis', 'dividends'] as const;
const INCOME_AMOUNTS = ['dividends', 'interest', 'fees', 'tradeFees', 'taxes'] as const;

function multiply<K extends string>(record: Record<K, bigint>, keys: readonly K[], factor: bigint): void {
  for (const key of keys) record[key] *= factor;
}

/** The scale grew: every stored value × factor. */
function rescale(book: LedgerBook, factor: bigint): void {
  book.known.lot = null;
  for (const h of book.holdings.values()) {
    multiply(h, HOLDING_AMOUNTS, factor);
    for (const lot of h.lots.open()) {
      lot.bought *= factor;
      lot.remaining *= factor;
      lot.cost *= factor;
    }
  }
  for (const [currency, amount] of book.cash) book.cash.set(currency, amount * factor);
  for (const income of book.income.values()) multiply(income, INCOME_AMOUNTS, factor);
}

export function need(value: string | null, field: string, entry: LedgerEntry): string {
  if (value === null) throw usageError(`${entry.type} on ${entry.date} needs a ${field}`);
  return value;
}

/** The holding of a symbol, created (empty, in `currency`) on first use. */
export function holdingOf(book: LedgerBook, symbol: string, currency: string): Holding {
  let found = book.holdings.get(symbol);
  if (found === undefined) {
    found = {
      symbol,
      currency,
      bought: false,
      quantity: 0n,
      den: 1n,
      tradePrice: null,
      tradeCurrency: currency,
      lots: new LotQueue(),
      proceeds: 0n,
      soldCost: 0n,
      costBasis: 0n,
      dividends: 0n,
    };
    book.holdings.set(symbol, found);
  }
  return found;
}

export function addCash(book: LedgerBook, currency: string, amount: bigint): void {
  book.cash.set(currency, (book.cash.get(currency) ?? 0n) + amount);
}

export function incomeOf(book: LedgerBook, currency: string): Income {
  let found = book.income.get(currency);
  if (found === undefined) {
    found = { dividends: 0n, interest: 0n, fees: 0n, tradeFees: 0n, taxes: 0n };
    book.income.set(currency, found);
  }
  return found;
}

/** A holding's units as shares: exact, or rounded to the scale when a split left a third. */
export function shares(scale: FixedScale, h: Holding, units: bigint): string {
  return h.den === 1n ? scale.format(units) : formatRatioOf(units, h.den, scale.places);
}

/** What is left of a FIFO lot's cost: all of it while nothing was sold, else pro rata (10 places). */
export function openCost(scale: FixedScale, lot: OpenLot): bigint {
  return lot.remaining === lot.bought ? lot.cost : scale.mulDiv(lot.cost, lot.remaining, lot.bought);
}
