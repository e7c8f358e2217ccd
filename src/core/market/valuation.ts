import { dec, decString, ZERO, type Decimal } from '../decimal.js';
import type { CashBalance, Position } from '../ledger/types.js';
import type { PricePoint, PriceProvider } from '../ports.js';
import { requireClose, requireFxRate } from './prices.js';

/** What a position is worth at its last close. Money in the position's currency. */
export interface PositionValue {
  price: string;
  /** The close's date; null at a trade price. */
  priceDate: string | null;
  /** `close`, or `trade` for a symbol without a close yet, valued at its last trade price. */
  priceSource: 'close' | 'trade';
  /** quantity × close (× the FX rate when the close is quoted in another currency than the position), exact. */
  marketValue: string;
  /** marketValue − costBasis. */
  unrealizedGain: string;
  /** Share of the portfolio's total market value of positions, in the base currency: a float ratio. */
  weight: number;
}

/** A portfolio's value in its base currency. */
export interface ValuationTotals {
  currency: string;
  marketValue: string;
  costBasis: string;
  unrealizedGain: string;
  cash: string;
  /** marketValue + cash. */
  value: string;
}

export interface Valuation {
  /** Open positions by symbol (closed ones have no value). */
  positions: Map<string, PositionValue>;
  totals: ValuationTotals;
  /** The oldest close used (null when no position has one). */
  pricesAsOf: string | null;
  warnings: string[];
}

export interface ValuationInput {
  positions: Position[];
  cash: CashBalance[];
  baseCurrency: string;
  /** Closes and FX rates are the last on or before this date. */
  asOf: string;
  /** The last trade price of a symbol (the ledger's): what a symbol with no close yet is valued at. */
  tradePrice?: (symbol: string) => { price: string; currency: string } | null;
}

/** Market inputs a valuation needs, fetched through the port before any arithmetic. */
export interface MarketInputs {
  closes: Map<string, PricePoint>;
  /** Symbols valued at their last trade price (their "close" is that price, dated ''). */
  tradePriced?: Set<string>;
  /** `FROM>TO` → rate. */
  rates: Map<string, string>;
}

const pair = (from: string, to: string) => `${from}>${to}`;
const isOpen = (p: Position) => p.quantity !== '0';

/**
 * Fetches the last close of every open position and every FX rate the valuation will use.
 * A missing close or rate is an error (exit 4) naming it, never a silent zero.
 */
export async function fetchMarketInputs(prices: PriceProvider, input: ValuationInput): Promise<MarketInputs> {
  const open = input.positions.filter(isOpen);
  const closes = new Map<string, PricePoint>();
  const tradePriced = new Set<string>();
  const points = await Promise.all(
    open.map(async (p) => {
      const traded = input.tradePrice?.(p.symbol) ?? null;
      if (traded === null) return requireClose(prices, p.symbol, input.asOf);
      const close = await prices.latestClose(p.symbol, input.asOf);
      if (close) return close;
      tradePriced.add(p.symbol);
      return { symbol: p.symbol, date: '', close: traded.price, currency: traded.currency };
    }),
  );
  for (const point of points) closes.set(point.symbol, point);
  const wanted = new Set<string>();
  const want = (from: string, to: string) => from !== to && wanted.add(pair(from, to));
  for (const p of open) {
    want(closes.get(p.symbol)!.currency, p.currency);
    want(p.currency, input.baseCurrency);
  }
  for (const c of input.cash) if (!dec(c.amount).eq(ZERO)) want(c.currency, input.baseCurrency);
  const rates = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async (key) => {
      const [from, to] = key.split('>') as [string, string];
      rates.set(key, await requireFxRate(prices, from, to, input.asOf));
    }),
  );
  return { closes, rates, tradePriced };
}

/**
 * Values open positions and totals the portfolio in its base currency. Pure: products and sums
 * are exact; the only division is the weight (a float ratio). FX rates come in as given (an
 * inverse or cross rate was rounded to 10 places where it was divided).
 */
export function computeValuation(input: ValuationInput, { closes, rates, tradePriced = new Set() }: MarketInputs): Valuation {
  const rate = (from: string, to: string): Decimal => (from === to ? dec('1') : dec(rates.get(pair(from, to))!));
  const base = input.baseCurrency;
  const rows: Array<{ symbol: string; close: PricePoint; marketValue: Decimal; gain: Decimal; baseValue: Decimal }> = [];
  let marketValue = ZERO;
  let costBasis = ZERO;
  for (const p of input.positions.filter(isOpen)) {
    const close = closes.get(p.symbol)!;
    const value = dec(p.quantity).times(dec(close.close)).times(rate(close.currency, p.currency));
    const toBase = rate(p.currency, base);
    const baseValue = value.times(toBase);
    rows.push({ symbol: p.symbol, close, marketValue: value, gain: value.minus(dec(p.costBasis)), baseValue });
    marketValue = marketValue.plus(baseValue);
    costBasis = costBasis.plus(dec(p.costBasis).times(toBase));
  }
  let cash = ZERO;
  for (const c of input.cash) if (!dec(c.amount).eq(ZERO)) cash = cash.plus(dec(c.amount).times(rate(c.currency, base)));

  const positions = new Map<string, PositionValue>();
  const warnings: string[] = [];
  let pricesAsOf: string | null = null;
  for (const row of rows) {
    const trade = tradePriced.has(row.symbol);
    if (trade) warnings.push(`${row.symbol} has no close on or before ${input.asOf}: valued at its last trade price, ${row.close.close} ${row.close.currency} (import its closes with \`folio prices import FILE\`).`);
    else if (pricesAsOf === null || row.close.date < pricesAsOf) pricesAsOf = row.close.date;
    positions.set(row.symbol, {
      price: row.close.close,
      priceDate: trade ? null : row.close.date,
      priceSource: trade ? 'trade' : 'close',
      marketValue: decString(row.marketValue),
      unrealizedGain: decString(row.gain),
      weight: marketValue.gt(ZERO) ? Number.parseFloat(row.baseValue.div(marketValue).toFixed()) : 0,
    });
  }
  return {
    positions,
    pricesAsOf,
    warnings,
    totals: {
      currency: base,
      marketValue: decString(marketValue),
      costBasis: decString(costBasis),
      unrealizedGain: decString(marketValue.minus(costBasis)),
      cash: decString(cash),
      value: decString(marketValue.plus(cash)),
    },
  };
}

export async function valueHoldings(prices: PriceProvider, input: ValuationInput): Promise<Valuation> {
  return computeValuation(input, await fetchMarketInputs(prices, input));
}
