import { notFoundError } from '../errors.js';
import { missingPriceError } from '../market/prices.js';
import type { FxPoint, MarketData, PricePoint } from '../ports.js';

/** Daily closes of several symbols on the dates where every one has a close, in one currency. */
export interface PriceMatrix {
  symbols: string[];
  dates: string[];
  /** closes[t][i]: symbols[i] on dates[t], in the base currency (floats: statistics only). */
  closes: number[][];
}

/** A step series read forward in date order: the rate of the last point on or before each date. */
function rateAt(points: FxPoint[]): (date: string) => number | null {
  let i = -1;
  return (date) => {
    while (i + 1 < points.length && points[i + 1]!.date <= date) i++;
    return i < 0 ? null : Number(points[i]!.rate);
  };
}

/**
 * The closes of `symbols` from `from` (null: from the latest first close among them) to `to`,
 * kept on the dates where every symbol has one, each converted to the base currency at that day's
 * rate (the last rate on or before it). A symbol without closes, or a close without a rate, is
 * exit 4 naming it.
 */
export async function gatherPriceMatrix(market: MarketData, symbols: string[], baseCurrency: string, from: string | null, to: string): Promise<PriceMatrix> {
  const firsts = await Promise.all(symbols.map((s) => market.firstDate(s)));
  const missing = symbols.findIndex((_, i) => firsts[i] === null);
  if (missing >= 0) throw await missingPriceError(market, symbols[missing]!, to);
  const start = from ?? firsts.reduce((a, b) => (a! > b! ? a : b))!;
  const series = await Promise.all(symbols.map((s) => (start <= to ? market.closes(s, start, to) : Promise.resolve([] as PricePoint[]))));
  const currencies = [...new Set(series.flat().map((p) => p.currency))].filter((c) => c !== baseCurrency);
  const rates = new Map(
    await Promise.all(currencies.map(async (c) => [c, rateAt(await market.fxRates(c, baseCurrency, start, to))] as const)),
  );

  const byDate = series.map((points) => new Map(points.map((p) => [p.date, p])));
  const dates = [...byDate[0]!.keys()].filter((d) => byDate.every((m) => m.has(d))).sort();
  const closes = dates.map((date) =>
    byDate.map((m) => {
      const point = m.get(date)!;
      if (point.currency === baseCurrency) return Number(point.close);
      const rate = rates.get(point.currency)!(date);
      if (rate === null) throw notFoundError(`No ${point.currency}→${baseCurrency} exchange rate on or before ${date} in the price feed.`, 'no_fx_rate');
      return Number(point.close) * rate;
    }),
  );
  return { symbols, dates, closes };
}
