import { closeSeries } from '../core/market/prices.js';
import type { PricePoint, PriceProvider } from '../core/ports.js';

/**
 * One symbol's series from each provider's (carry-in, then closes after `start`, oldest first), first
 * provider first, merged as `latestClose` and `closes` merge: the newest carry-in (a tie goes to the
 * first provider), then day by day the first provider's close.
 */
export function mergeCloseSeries(lists: PricePoint[][], start: string): PricePoint[] {
  if (lists.length <= 1) return lists[0] ?? [];
  let carry: PricePoint | null = null;
  let later: PricePoint[] = [];
  for (const list of lists) {
    const head = list[0];
    const carried = head !== undefined && head.date <= start;
    if (carried && (!carry || head.date > carry.date)) carry = head;
    later = mergeByDay(later, carried ? list.slice(1) : list);
  }
  return carry ? [carry, ...later] : later;
}

/** Two lists oldest first, merged: on a day both have, the first list's close. */
function mergeByDay(first: PricePoint[], second: PricePoint[]): PricePoint[] {
  if (second.length === 0) return first;
  if (first.length === 0) return second;
  const merged: PricePoint[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) {
    const a = first[i]!;
    const b = second[j]!;
    if (a.date <= b.date) {
      merged.push(a);
      i++;
      if (a.date === b.date) j++;
    } else {
      merged.push(b);
      j++;
    }
  }
  while (i < first.length) merged.push(first[i++]!);
  while (j < second.length) merged.push(second[j++]!);
  return merged;
}

/**
 * Asks providers in order of precedence (the first wins). For a given day the first provider that
 * has a close gives it, so imported prices override the mock feed day by day while the feed still
 * fills the days nobody imported. `latestClose` is the newest close any provider has on or before
 * the date (on a tie, the first provider's); an FX rate is the first provider's that knows one.
 * `closeSeries` gives, for every symbol at once, what `latestClose` and `closes` would.
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
    async closeSeries(symbols, start, end) {
      const perProvider = await Promise.all(providers.map((p) => closeSeries(p, symbols, start, end)));
      const merged = new Map<string, PricePoint[]>();
      for (const symbol of symbols) {
        const lists = perProvider.map((series) => series.get(symbol)).filter((list): list is PricePoint[] => list !== undefined);
        const points = mergeCloseSeries(lists, start);
        if (points.length > 0) merged.set(symbol, points);
      }
      return merged;
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
