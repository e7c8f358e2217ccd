import { dec, decString, ONE, type Decimal } from '../decimal.js';
import type { InstrumentClass, PriceRow, ProviderId } from './types.js';

/** What a provider says about an instrument (from the chart API's `meta`, or a provider's metadata). */
export interface FetchedInstrument {
  symbol: string;
  name: string;
  currency: string;
  exchange: string | null;
  /** The provider's own word: EQUITY, ETF, MUTUALFUND, CRYPTOCURRENCY, CURRENCY, INDEX… */
  type: string | null;
  class: InstrumentClass | null;
}

/** A split (value: the ratio, 4 for 4-for-1) or a cash dividend per share (value: the amount, in `currency`). */
export interface MarketEvent {
  symbol: string;
  date: string;
  kind: 'split' | 'dividend';
  value: string;
  currency: string | null;
}

/** One symbol's history as a provider sent it, normalised: closes as traded, in major units, on the exchange's dates. */
export interface FetchedSeries {
  instrument: FetchedInstrument;
  closes: PriceRow[];
  events: MarketEvent[];
}

/** The latest price of a symbol, with its time and the change since the previous close. */
export interface Quote {
  symbol: string;
  name: string | null;
  price: string;
  currency: string;
  /** ISO timestamp (UTC) of the price. */
  time: string;
  previousClose: string | null;
  /** price − previousClose. */
  change: string | null;
  /** change / previousClose, a fraction (0.0123, not 1.23%). */
  changeRatio: number | null;
  source: ProviderId | 'fixture' | 'stored';
}

/** A provider's answer for a range of closes. */
export interface HistoryRequest {
  symbol: string;
  from: string;
  to: string;
  /** Splits already known (stored) for the symbol: the provider's prices are adjusted for them too. */
  knownSplits: MarketEvent[];
}

/** How many times the price of `date` must be multiplied to undo the adjustment for every later split. */
export function splitFactorAfter(date: string, splits: ReadonlyArray<Pick<MarketEvent, 'date' | 'value'>>): Decimal {
  let factor = ONE;
  for (const split of splits) if (split.date > date) factor = factor.times(dec(split.value));
  return factor;
}

/** Splits by date, the provider's newest word first: a split stored earlier and sent again counts once. */
export function mergeSplits(sent: MarketEvent[], known: MarketEvent[]): MarketEvent[] {
  const byDate = new Map<string, MarketEvent>();
  for (const split of [...sent, ...known]) if (split.kind === 'split' && !byDate.has(split.date)) byDate.set(split.date, split);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** A split ratio for people: 4 → `4:1`, 0.5 → `1:2`. */
export function formatRatio(ratio: string): string {
  const value = dec(ratio);
  if (value.gte(ONE)) return `${ratio}:1`;
  const inverse = ONE.div(value);
  return inverse.eq(inverse.round(0)) ? `1:${decString(inverse)}` : `${ratio}:1`;
}
