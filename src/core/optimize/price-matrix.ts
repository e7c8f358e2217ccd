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
  const currencies = new Set<string>();
  for (const points of series) for (const p of points) if (p.currency !== baseCurrency) currencies.add(p.currency);
  const rates = new Map(
    await Promise.all([...currencies].map(async (c) => [c, await market.fxRates(c, baseCurrency, start, to)] as const)),
  );

  // The common dates: those on which every symbol has a close (each series has a date at most once).
  const seen = new Map<string, number>();
  for (const points of series) for (const p of points) seen.set(p.date, (seen.get(p.date) ?? 0) + 1);
  const dates = [...seen].filter(([, count]) => count === symbols.length).map(([date]) => date).sort();
  const common = new Set(dates);
  const closes: number[][] = dates.map(() => new Array<number>(symbols.length));
  series.forEach((points, i) => {
    let t = 0;
    const steppers = new Map([...rates].map(([currency, points]) => [currency, rateAt(points)]));
    for (const point of points) {
      if (!common.has(point.date)) continue;
      let close = Number(point.close);
      if (point.currency !== baseCurrency) {
        const rate = steppers.get(point.currency)!(point.date);
        if (rate === null) throw notFoundError(`No ${point.currency}→${baseCurrency} exchange rate on or before ${point.date} in the price feed.`, 'no_fx_rate');
        close *= rate;
      }
      closes[t++]![i] = close;
    }
  });
  return { symbols, dates, closes };
}
