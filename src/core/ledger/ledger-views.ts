import { openCost, shares, type Holding, type LedgerBook } from './ledger-book.js';
import type { CashBalance, IncomeTotals, Lot, Position, PositionOptions } from './types.js';

/** What a ledger shows: its book turned into canonical decimal strings, sorted. */

const bySymbol = (a: Holding, b: Holding) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Open cost and realised gain to date. FIFO: lots sold in part split their cost here. */
function costs(book: LedgerBook, h: Holding): { costBasis: bigint; realized: bigint } {
  if (!book.fifo) return { costBasis: h.costBasis, realized: h.proceeds - h.soldCost };
  let costBasis = 0n;
  let soldCost = h.soldCost;
  for (const lot of h.lots.open()) {
    const open = openCost(book.scale, lot);
    costBasis += open;
    soldCost += lot.cost - open;
  }
  return { costBasis, realized: h.proceeds - soldCost };
}

function toPosition(book: LedgerBook, h: Holding): Position {
  const { scale } = book;
  const { costBasis, realized } = costs(book, h);
  return {
    symbol: h.symbol,
    quantity: shares(scale, h, h.quantity),
    averageCost: h.quantity > 0n ? scale.format(scale.div(costBasis * h.den, h.quantity)) : '0',
    costBasis: scale.format(costBasis),
    realizedGain: scale.format(realized),
    currency: h.currency,
    dividends: scale.format(h.dividends),
  };
}

export function positionsOf(book: LedgerBook, options: PositionOptions = {}): Position[] {
  const list: Holding[] = [];
  for (const h of book.holdings.values()) {
    if (options.includeClosed || h.quantity > 0n) list.push(h);
  }
  return list.sort(bySymbol).map((h) => toPosition(book, h));
}

export function lotsOf(book: LedgerBook, symbol: string): Lot[] {
  const { scale } = book;
  const h = book.holdings.get(symbol);
  if (h === undefined || h.lots.isEmpty) return [];
  const open = h.lots.open();
  if (book.fifo) {
    return open.map((lot) => ({
      date: lot.date,
      quantity: shares(scale, h, lot.remaining),
      unitCost: scale.format(scale.div(lot.cost * h.den, lot.bought)),
      cost: scale.format(openCost(scale, lot)),
      currency: lot.currency,
    }));
  }
  const unitCost = scale.format(scale.div(h.costBasis * h.den, h.quantity));
  let left = h.costBasis;
  return open.map((lot, index) => {
    const cost = index === open.length - 1 ? left : scale.mulDiv(h.costBasis, lot.remaining, h.quantity);
    left -= cost;
    return { date: lot.date, quantity: shares(scale, h, lot.remaining), unitCost, cost: scale.format(cost), currency: lot.currency };
  });
}

export function cashOf(book: LedgerBook): CashBalance[] {
  return [...book.cash].sort(byKey).map(([currency, value]) => ({ currency, amount: book.scale.format(value) }));
}

export function incomeTotalsOf(book: LedgerBook): IncomeTotals[] {
  const { scale } = book;
  return [...book.income].sort(byKey).map(([currency, totals]) => ({
    currency,
    dividends: scale.format(totals.dividends),
    interest: scale.format(totals.interest),
    fees: scale.format(totals.fees),
    tradeFees: scale.format(totals.tradeFees),
    taxes: scale.format(totals.taxes),
  }));
}

export function tradePriceOf(book: LedgerBook, symbol: string): { price: string; currency: string } | null {
  const h = book.holdings.get(symbol);
  return h?.tradePrice == null ? null : { price: h.tradePrice, currency: h.tradeCurrency };
}
