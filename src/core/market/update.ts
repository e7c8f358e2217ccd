import { FolioError, type ErrorKind } from '../errors.js';
import type { Clock, FxFeed, QuoteFeed } from '../ports.js';
import type { FetchedSeries, MarketEvent } from './feed.js';
import type { FxRow } from './types.js';
import { shiftDate } from '../dates.js';

/**
 * `prices update`: fetch what is missing, one request per symbol, incrementally. Each symbol is
 * stored all or nothing and independently: a failure is reported, the others are kept.
 */

/** Closes re-fetched before the last stored one, for revisions (a provider corrects a close days later). */
export const REVISION_DAYS = 5;
/** How far back a first fetch goes for a symbol nobody trades yet. */
export const FIRST_FETCH_DAYS = 365;

export { shiftDate };

/** Where a fetch starts: --from; else 5 days before the last stored close; else the first trade; else a year back. */
export function fetchStart(options: { from?: string; lastDate: string | null; firstTrade: string | null; today: string }): string {
  if (options.from) return options.from;
  if (options.lastDate) return shiftDate(options.lastDate, -REVISION_DAYS);
  return options.firstTrade ?? shiftDate(options.today, -FIRST_FETCH_DAYS);
}

export interface UpdateStore {
  lastDate(symbol: string): Promise<string | null>;
  firstTrade(symbol: string): Promise<string | null>;
  knownSplits(symbol: string): Promise<MarketEvent[]>;
  save(series: FetchedSeries, fetchedAt: string): Promise<{ changed: number }>;
}

export interface SymbolFailure {
  kind: ErrorKind | 'unexpected';
  code: string;
  message: string;
}

export interface SymbolUpdate {
  symbol: string;
  status: 'fetched' | 'unchanged' | 'failed';
  from: string;
  to: string;
  /** Closes the provider sent in the range. */
  closes: number;
  /** Of those, new or different from the stored ones. */
  changed: number;
  lastDate: string | null;
  error?: SymbolFailure;
}

function failureOf(error: unknown): SymbolFailure {
  if (error instanceof FolioError) return { kind: error.kind, code: error.code, message: error.message };
  return { kind: 'unexpected', code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export interface UpdateRequest {
  symbols: string[];
  from?: string;
  to: string;
  today: string;
}

/** Updates every symbol (the feed bounds the concurrency); `onDone` hears each one as it finishes. */
export async function updateSymbols(
  feed: QuoteFeed,
  store: UpdateStore,
  clock: Clock,
  request: UpdateRequest,
  onDone: (result: SymbolUpdate) => void = () => {},
): Promise<SymbolUpdate[]> {
  return Promise.all(
    request.symbols.map(async (symbol) => {
      const result = await updateSymbol(feed, store, clock, symbol, request);
      onDone(result);
      return result;
    }),
  );
}

async function updateSymbol(feed: QuoteFeed, store: UpdateStore, clock: Clock, symbol: string, request: UpdateRequest): Promise<SymbolUpdate> {
  let from = request.from ?? request.today;
  try {
    const [lastDate, firstTrade, knownSplits] = await Promise.all([store.lastDate(symbol), store.firstTrade(symbol), store.knownSplits(symbol)]);
    from = fetchStart({ from: request.from, lastDate, firstTrade, today: request.today });
    const series = await feed.history({ symbol, from, to: request.to, knownSplits });
    const { changed } = await store.save(series, clock.now().toISOString());
    return {
      symbol,
      status: changed > 0 ? 'fetched' : 'unchanged',
      from,
      to: request.to,
      closes: series.closes.length,
      changed,
      lastDate: series.closes.at(-1)?.date ?? lastDate,
    };
  } catch (error) {
    return { symbol, status: 'failed', from, to: request.to, closes: 0, changed: 0, lastDate: null, error: failureOf(error) };
  }
}

export interface RatesUpdate {
  base: string;
  quotes: string[];
  from: string;
  to: string;
  rates: number;
  changed: number;
  status: 'fetched' | 'unchanged' | 'failed';
  error?: SymbolFailure;
}

/** One request for every quote currency against `base` (the ECB's EUR), from the oldest gap. */
export async function updateRates(
  feed: FxFeed,
  store: { lastDate(base: string, quotes: string[]): Promise<string | null>; save(rows: FxRow[]): Promise<number> },
  request: { base: string; quotes: string[]; from?: string; firstNeeded: string; to: string },
): Promise<RatesUpdate> {
  const { base, quotes, to } = request;
  let from = request.from ?? request.firstNeeded;
  try {
    const last = await store.lastDate(base, quotes);
    from = request.from ?? (last ? shiftDate(last, -REVISION_DAYS) : request.firstNeeded);
    const rows = await feed.rates(base, quotes, from, to);
    const changed = await store.save(rows);
    return { base, quotes, from, to, rates: rows.length, changed, status: changed > 0 ? 'fetched' : 'unchanged' };
  } catch (error) {
    return { base, quotes, from, to, rates: 0, changed: 0, status: 'failed', error: failureOf(error) };
  }
}

/**
 * The exit of an update: 6 when anything could not be fetched (unreachable, throttled, a bad
 * payload), else 4 when a symbol is unknown to the provider, else a usage error as it came; null
 * when all succeeded.
 */
export function updateFailure(failures: Array<{ name: string; error: SymbolFailure }>, details: unknown, noun = 'updates'): FolioError | null {
  if (failures.length === 0) return null;
  const lines = failures.map((f) => `${f.name}: ${f.error.message}`);
  const message = `${failures.length} of the ${noun} failed:\n  ${lines.join('\n  ')}`;
  const kinds = new Set(failures.map((f) => f.error.kind));
  if (kinds.has('unavailable') || kinds.has('unexpected')) return new FolioError('unavailable', message, 'update_failed', details);
  const kind: ErrorKind = kinds.has('notFound') ? 'notFound' : (failures[0]!.error.kind as ErrorKind);
  return new FolioError(kind, message, kind === 'notFound' ? 'unknown_symbol' : failures[0]!.error.code, details);
}
