import type { PricePoint, PriceProvider } from '../core/ports.js';

/**
 * Asks providers in order of precedence (the first wins). For a given day the first provider that
 * has a close gives it, so imported prices override the mock feed day by day while the feed still
 * fills the days nobody imported. `latestClose` is the newest close any provider has on or before
 * the date (on a tie, the first provider's); an FX rate is the first provider's that knows one.
 */
export function chainPrices(providers: PriceProvider[]): PriceProvider {
  return {
    async closes(symbol, from, to) {
      const lists = await Promise.all(providers.map((p) => p.closes(symbol, from, to)));
      const nonEmpty = lists.filter((list) => list.length > 0);
      if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
      const byDate = new Map<string, PricePoint>();
      for (const list of nonEmpty) for (const point of list) if (!byDate.has(point.date)) byDate.set(point.date, point);
      return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    },
    async latestClose(symbol, onOrBefore) {
      const points = await Promise.all(providers.map((p) => p.latestClose(symbol, onOrBefore)));
      let best: PricePoint | null = null;
      for (const point of points) if (point && (!best || point.date > best.date)) best = point;
      return best;
    },
    async firstDate(symbol) {
      const dates = await Promise.all(providers.map((p) => p.firstDate(symbol)));
      let first: string | null = null;
      for (const date of dates) if (date !== null && (first === null || date < first)) first = date;
      return first;
    },
    async fxRate(base, quote, date) {
      for (const provider of providers) {
        const rate = await provider.fxRate(base, quote, date);
        if (rate !== null) return rate;
      }
      return null;
    },
    async fxRates(base, quote, from, to) {
      // As fxRate: the first provider that knows the pair (over the range) gives the whole series.
      for (const provider of providers) {
        const rates = await provider.fxRates(base, quote, from, to);
        if (rates.length > 0) return rates;
      }
      return [];
    },
  };
}
