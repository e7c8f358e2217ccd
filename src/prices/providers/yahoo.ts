import * as z from 'zod';
import { dec, decString, type Decimal } from '../../core/decimal.js';
import { unavailableError } from '../../core/errors.js';
import { mergeSplits, splitFactorAfter, type FetchedSeries, type HistoryRequest, type MarketEvent, type Quote } from '../../core/market/feed.js';
import type { InstrumentClass, PriceRow } from '../../core/market/types.js';
import type { QuoteFeed } from '../../core/ports.js';
import { unknownSymbol, type HttpClient } from '../http.js';
import { utcCalendarDate } from '../../core/dates.js';

/**
 * Yahoo Finance's chart API (unofficial, no key): `GET {base}/v8/finance/chart/{symbol}`.
 * What it sends and what folio stores:
 * - timestamps are UTC instants: the trading date is their date in the exchange's time zone;
 * - prices are floats (129.0399932861328): rounded to `priceHint` places;
 * - `close` is adjusted for every later split: multiplied back by those splits' ratios, so stored
 *   closes are the prices actually traded (folio's ledger records splits itself);
 * - minor units (GBp, ZAc, ILA) become major units (GBP, ZAR, ILS) by dividing by 100.
 */
export const YAHOO_DEFAULT_URL = 'https://query2.finance.yahoo.com';
const NAME = 'Yahoo Finance';

const MINOR_UNITS: Record<string, string> = { GBp: 'GBP', GBX: 'GBP', ZAc: 'ZAR', ILA: 'ILS' };

const Meta = z.object({
  currency: z.string().min(1),
  symbol: z.string().min(1),
  exchangeName: z.string().optional(),
  fullExchangeName: z.string().optional(),
  instrumentType: z.string().optional(),
  gmtoffset: z.number().optional(),
  exchangeTimezoneName: z.string().optional(),
  priceHint: z.number().int().min(0).max(12).optional(),
  longName: z.string().optional(),
  shortName: z.string().optional(),
  regularMarketPrice: z.number().optional(),
  regularMarketTime: z.number().optional(),
  previousClose: z.number().optional(),
  chartPreviousClose: z.number().optional(),
});
type Meta = z.infer<typeof Meta>;

const Result = z.object({
  meta: Meta,
  timestamp: z.array(z.number()).optional(),
  events: z
    .object({
      splits: z.record(z.string(), z.object({ date: z.number(), numerator: z.number().positive(), denominator: z.number().positive() })).optional(),
      dividends: z.record(z.string(), z.object({ date: z.number(), amount: z.number().positive() })).optional(),
    })
    .optional(),
  indicators: z.object({ quote: z.array(z.object({ close: z.array(z.number().nullable()).optional(), open: z.array(z.number().nullable()).optional() })) }),
});

const Chart = z.object({
  chart: z.object({
    result: z.array(Result).nullable(),
    error: z.object({ code: z.string(), description: z.string() }).nullable().optional(),
  }),
});

const CLASSES: Record<string, InstrumentClass> = { EQUITY: 'stock', ETF: 'etf', CRYPTOCURRENCY: 'crypto', FUTURE: 'commodity' };

function malformed(symbol: string, why: string) {
  return unavailableError(`${NAME} sent a malformed chart for ${symbol}: ${why}; nothing was stored.`, 'bad_payload');
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** Exchange dates already worked out, by zone and instant: symbols of one exchange share their days. */
const exchangeDates = new Map<string, string>();

function zoneDate(zone: string, seconds: number): string {
  const key = `${zone}|${seconds}`;
  let date = exchangeDates.get(key);
  if (date === undefined) {
    let format = dateFormats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
      dateFormats.set(zone, format);
    }
    date = format.format(seconds * 1000);
    if (exchangeDates.size > 200_000) exchangeDates.clear();
    exchangeDates.set(key, date);
  }
  return date;
}

/** The calendar date of a UTC instant in the exchange's time zone (its IANA name, else its current UTC offset). */
export function exchangeDate(seconds: number, meta: Pick<Meta, 'exchangeTimezoneName' | 'gmtoffset'>): string {
  const zone = meta.exchangeTimezoneName;
  if (zone) {
    try {
      return zoneDate(zone, seconds);
    } catch {
      // an unknown zone name: fall back to the offset
    }
  }
  return utcCalendarDate(new Date((seconds + (meta.gmtoffset ?? 0)) * 1000));
}

/** A float from JSON as an exact decimal with 12 significant digits (enough for any price, and float noise stays below). */
function floatDecimal(value: number): Decimal {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e12) throw new RangeError(`not a price: ${value}`);
  const text = value.toPrecision(12);
  return dec(text.includes('e') ? value.toFixed(12) : text);
}

interface Units {
  currency: string;
  divisor: number;
  places: number;
}

function unitsOf(meta: Meta): Units {
  const major = MINOR_UNITS[meta.currency];
  return { currency: major ?? meta.currency.toUpperCase(), divisor: major ? 100 : 1, places: meta.priceHint ?? 2 };
}

/** A price as traded: undo the split adjustment, round to priceHint places, then to major units. */
function tradedPrice(value: number, factor: Decimal, units: Units): string {
  const rounded = floatDecimal(value).times(factor).round(units.places, 1);
  return decString(units.divisor === 1 ? rounded : rounded.div(dec(String(units.divisor))));
}

function parseChart(symbol: string, body: unknown) {
  const parsed = Chart.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw malformed(symbol, `${issue.path.join('.') || 'the document'}: ${issue.message}`);
  }
  const result = parsed.data.chart.result?.[0];
  if (!result) throw unknownSymbol(NAME, symbol, parsed.data.chart.error?.description);
  return result;
}

function eventsOf(symbol: string, result: z.infer<typeof Result>, units: Units): MarketEvent[] {
  const events: MarketEvent[] = [];
  for (const split of Object.values(result.events?.splits ?? {})) {
    const ratio = dec(String(split.numerator)).div(dec(String(split.denominator))).round(10);
    events.push({ symbol, date: exchangeDate(split.date, result.meta), kind: 'split', value: decString(ratio), currency: null });
  }
  for (const dividend of Object.values(result.events?.dividends ?? {})) {
    events.push({ symbol, date: exchangeDate(dividend.date, result.meta), kind: 'dividend', value: String(dividend.amount), currency: units.currency });
  }
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind < b.kind ? -1 : 1));
}

/**
 * The chart response as folio stores it. A null close is a day without one (Yahoo sends them for
 * halted or partial sessions): it is left out, and the day is valued at the close before it. Zero or
 * negative closes and timestamps that do not match the closes are refused.
 */
export function normaliseChart(symbol: string, body: unknown, request: Pick<HistoryRequest, 'from' | 'to' | 'knownSplits'>): FetchedSeries {
  const result = parseChart(symbol, body);
  const { meta } = result;
  const units = unitsOf(meta);
  const sent = eventsOf(symbol, result, units);
  const splits = mergeSplits(sent, request.knownSplits);
  const quote = result.indicators.quote[0] ?? {};
  const closes = quote.close ?? [];
  const stamps = result.timestamp ?? [];
  if (stamps.length !== closes.length) throw malformed(symbol, `${stamps.length} timestamps for ${closes.length} closes`);
  const rows = new Map<string, PriceRow>();
  closes.forEach((close, i) => {
    const date = exchangeDate(stamps[i]!, meta);
    if (close === null) return;
    if (!(close > 0)) throw malformed(symbol, `a close of ${close} on ${date}`);
    if (date < request.from || date > request.to) return;
    rows.set(date, { symbol, date, close: tradedPrice(close, splitFactorAfter(date, splits), units), currency: units.currency });
  });
  const dividends = sent
    .filter((e) => e.kind === 'dividend')
    .map((e) => ({ ...e, value: tradedPrice(Number(e.value), splitFactorAfter(e.date, splits), { ...units, places: Math.max(units.places, 4) }) }));
  return {
    instrument: {
      symbol,
      name: meta.longName ?? meta.shortName ?? symbol,
      currency: units.currency,
      exchange: meta.fullExchangeName ?? meta.exchangeName ?? null,
      type: meta.instrumentType ?? null,
      class: CLASSES[meta.instrumentType ?? ''] ?? null,
    },
    closes: [...rows.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
    events: [...sent.filter((e) => e.kind === 'split'), ...dividends],
  };
}

/** The latest price in `meta`, with the change since the previous close. */
export function normaliseQuote(symbol: string, body: unknown): Quote {
  const { meta } = parseChart(symbol, body);
  if (meta.regularMarketPrice === undefined || meta.regularMarketTime === undefined) throw malformed(symbol, 'no regularMarketPrice');
  const units = unitsOf(meta);
  const price = tradedPrice(meta.regularMarketPrice, dec('1'), units);
  const before = meta.previousClose ?? meta.chartPreviousClose;
  const previousClose = before === undefined ? null : tradedPrice(before, dec('1'), units);
  const change = previousClose === null ? null : dec(price).minus(dec(previousClose));
  return {
    symbol,
    name: meta.longName ?? meta.shortName ?? null,
    price,
    currency: units.currency,
    time: new Date(meta.regularMarketTime * 1000).toISOString(),
    previousClose,
    change: change === null ? null : decString(change),
    changeRatio: change === null || previousClose === null ? null : Number(change.div(dec(previousClose)).toFixed(10)),
    source: 'yahoo',
  };
}

const DAY = 86_400;
const epoch = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

export function yahooFeed(http: HttpClient, baseUrl: string, now: () => Date): QuoteFeed {
  const chartUrl = (symbol: string) => `${baseUrl.replace(/\/+$/, '')}/v8/finance/chart/${encodeURIComponent(symbol)}`;
  return {
    id: 'yahoo',
    async history(request) {
      // From two days early (an exchange east of UTC opens on the previous UTC date) to now, so every
      // later split is in `events` and the adjustment can be undone.
      const period1 = epoch(request.from) - 2 * DAY;
      const period2 = Math.floor(now().getTime() / 1000);
      const { status, body } = await http.getJson(`${chartUrl(request.symbol)}?period1=${period1}&period2=${period2}&interval=1d&events=div%7Csplit`);
      if (status === 404) throw unknownSymbol(NAME, request.symbol, (body as { chart?: { error?: { description?: string } } })?.chart?.error?.description);
      return normaliseChart(request.symbol, body, request);
    },
    async quote(symbol) {
      const { status, body } = await http.getJson(`${chartUrl(symbol)}?range=1d&interval=1d`);
      if (status === 404) throw unknownSymbol(NAME, symbol);
      return normaliseQuote(symbol, body);
    },
  };
}
