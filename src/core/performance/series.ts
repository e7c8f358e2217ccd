import { dec, ZERO, type Decimal } from '../decimal.js';
import { notFoundError } from '../errors.js';
import type { FxPoint, PricePoint, PriceProvider } from '../ports.js';
import { addDays } from './period.js';
import { digits, type Digits } from '../ledger/fixed-point.js';
import { addScaled, formatUnits, SCALED_ZERO, type DayRecord, type Replay, type Scaled } from './replay.js';
import type { Scope, TradePrice } from './types.js';

/**
 * Pass two: the valuation series of a scope in the base currency, one point per valuation day.
 * Valuation days (DESIGN) are the dates on which some instrument the portfolio ever holds has a
 * close, plus its transaction dates; a holding is valued at its last close on or before the day.
 * Closes and FX rates are fetched once per symbol and currency pair (ranges, not days).
 *
 * The per-day values and flows are floats (they feed returns and risk, which are statistics); the
 * period's money figures (start and end values, net flows) are exact decimals, and so is every
 * day's value when `exactDays` asks for it (history output).
 */

export interface SeriesDay {
  date: string;
  /** V_d: the scope's value at the close. */
  value: number;
  /** F_d: the day's net flow into the scope, in base currency at the day's rate. */
  flow: number;
  /** The same flow, exact (0 on days without one). */
  flowExact: Scaled;
  /** Exact positions value and scope value, when asked for (`exactDays`). */
  exact?: { marketValue: Decimal; value: Decimal };
}

export interface ExactValue {
  marketValue: Decimal;
  cash: Decimal;
  /** The scope's value: marketValue (holdings) or marketValue + cash (account). */
  value: Decimal;
}

export interface ValuationSeries {
  /** The point the period is measured from: the last valuation day before FROM (for `max`: the first flow's day, at zero). */
  start: { date: string } & ExactValue;
  /** The period's valuation days, FROM..TO. */
  days: SeriesDay[];
  /** The period's last valuation day; the end asked for when the period has none. */
  to: string;
  /** The period's first day: FROM, or the first flow's day for `max`. */
  from: string;
  end: ExactValue;
  /** Σ F_d over the period, exact. */
  netFlows: Decimal;
  /** Exact rate (currency → base) in effect on TO, for converting end-of-period figures. */
  rateOnTo(currency: string): Decimal;
  warnings: string[];
}

export interface SeriesRequest {
  replay: Replay;
  market: PriceProvider;
  baseCurrency: string;
  scope: Scope;
  /** The period's first day; null for `max`. */
  from: string | null;
  /** The end asked for (--to, or today): TO is the last valuation day on or before it. */
  end: string;
  exactDays?: boolean;
}

/** A fixed-point quantity or balance: its float for the series, its exact value on demand. */
interface Amount {
  value: number;
  units: bigint;
  places: number;
  exact?: Decimal;
}

const exactAmount = (amount: Amount) => (amount.exact ??= dec(formatUnits(amount.units, amount.places)));

/** An FX rate series read forward in time; before its first point, the first rate is used. */
class RateSeries {
  private index = 0;
  value: number;
  private decimal: Decimal | undefined;
  private scaled: Digits | undefined;

  constructor(private readonly points: readonly FxPoint[]) {
    this.value = Number(points[0]!.rate);
  }

  advance(date: string): void {
    const before = this.index;
    while (this.index + 1 < this.points.length && this.points[this.index + 1]!.date <= date) this.index++;
    if (this.index !== before) {
      this.value = Number(this.points[this.index]!.rate);
      this.decimal = undefined;
      this.scaled = undefined;
    }
  }

  /** The rate as fixed-point digits, for exact products without big.js. */
  get digits(): Digits {
    return (this.scaled ??= digits(this.points[this.index]!.rate));
  }

  get exact(): Decimal {
    return (this.decimal ??= dec(this.points[this.index]!.rate));
  }

  /** The exact rate on `date` (after the walk: any date, read without moving the series). */
  exactAt(date: string): Decimal {
    let i = 0;
    while (i + 1 < this.points.length && this.points[i + 1]!.date <= date) i++;
    return dec(this.points[i]!.rate);
  }
}

/**
 * One symbol the portfolio ever holds: its closes (read forward), what is held, and its last trade
 * price for the days before its first close.
 */
class Holding {
  quantity: Amount = { value: 0, units: 0n, places: 0 };
  fallback: { first: string; last: string } | null = null;
  private index = -1;
  private readonly values: Float64Array;
  private trade: { price: string; value: number; rate: RateSeries } | null = null;

  constructor(
    readonly symbol: string,
    readonly closes: readonly PricePoint[],
    private readonly closeRate: RateSeries | null,
  ) {
    this.values = new Float64Array(closes.length).fill(Number.NaN);
  }

  traded(price: TradePrice, rate: RateSeries): void {
    this.trade = { price: price.price, value: Number(price.price), rate };
  }

  advance(date: string): void {
    while (this.index + 1 < this.closes.length && this.closes[this.index + 1]!.date <= date) this.index++;
    if (this.index < 0) {
      if (this.fallback) this.fallback.last = date;
      else this.fallback = { first: date, last: date };
    }
  }

  /** Its close on the day (or, before its first close, its last trade price). */
  price(): number {
    const i = this.index;
    if (i < 0) return this.trade!.value;
    let value = this.values[i]!;
    if (Number.isNaN(value)) value = this.values[i] = Number(this.closes[i]!.close);
    return value;
  }

  exactPrice(): Decimal {
    return dec(this.index < 0 ? this.trade!.price : this.closes[this.index]!.close);
  }

  /** The rate from the price's currency to the base currency, on the day. */
  rate(): RateSeries {
    return this.index < 0 ? this.trade!.rate : this.closeRate!;
  }
}

export async function valuationSeries(request: SeriesRequest): Promise<ValuationSeries> {
  const { replay, market, baseCurrency: base, scope, end } = request;
  const account = scope === 'account';
  const warnings: string[] = [];
  const max = request.from === null;

  // The carry-in bound: closes on or before it value the start point; later ones make valuation days.
  const maxStart = replay.firstFlowDate ?? replay.firstDate ?? end;
  const bound = max ? maxStart : addDays(request.from!, -1);

  const symbols = replay.symbols;
  const closeLists = await Promise.all(
    symbols.map(async (symbol) => {
      const [carry, later] = await Promise.all([market.latestClose(symbol, bound), bound < end ? market.closes(symbol, addDays(bound, 1), end) : []]);
      const points = carry ? [carry, ...later] : later;
      return { symbol, currency: points[0]?.currency ?? null, points };
    }),
  );

  // The start point: for `max` the first flow's day at zero; else the last valuation day before FROM.
  let startDate: string;
  let virtualStart = false;
  if (max) {
    startDate = maxStart;
  } else {
    let last = replay.lastDateBefore;
    for (const { points } of closeLists) {
      const carried = points[0];
      if (carried && carried.date <= bound && (last === null || carried.date > last)) last = carried.date;
    }
    virtualStart = last === null;
    startDate = last ?? bound;
  }
  const firstDay = max ? startDate : request.from!;

  // The period's valuation days: close dates and transaction dates from its first day to the end.
  const dateSet = new Set<string>();
  for (const { points } of closeLists) for (const p of points) if (p.date >= firstDay && p.date <= end) dateSet.add(p.date);
  for (const day of replay.days) if (day.date >= firstDay && day.date <= end) dateSet.add(day.date);
  const dates = [...dateSet].sort();
  const to = dates.at(-1) ?? end;

  // FX: every currency a close, a trade, cash or a flow is in.
  const currencies = new Set(replay.currencies);
  for (const { currency } of closeLists) if (currency) currencies.add(currency);
  currencies.delete(base);
  // Rates are needed from the start point on, and not before the first transaction.
  const firstNeeded = [virtualStart ? firstDay : startDate, replay.firstDate ?? end].sort()[1]!;
  const rates = new Map<string, RateSeries>([[base, new RateSeries([{ date: '0000-01-01', rate: '1' }])]]);
  await Promise.all(
    [...currencies].map(async (currency) => {
      const points = await market.fxRates(currency, base, startDate < to ? startDate : to, to);
      if (points.length === 0) {
        throw notFoundError(`No ${currency}→${base} exchange rate on or before ${to} in the price feed.`, 'no_fx_rate');
      }
      if (points[0]!.date > firstNeeded) warnings.push(`No ${currency}→${base} rate before ${points[0]!.date}: earlier days use that first rate.`);
      rates.set(currency, new RateSeries(points));
    }),
  );
  const rateSeries = [...rates.values()];

  // ---- the walk: state at each valuation day's close ----------------------------------------
  const holdings = new Map<string, Holding>();
  for (const { symbol, currency, points } of closeLists) holdings.set(symbol, new Holding(symbol, points, currency === null ? null : rates.get(currency)!));
  const held = new Set<Holding>();
  const cash = new Map<string, Amount & { rate: RateSeries }>();

  const applyRecord = (record: DayRecord) => {
    const unit = 10 ** record.places;
    for (const [symbol, units] of record.quantities) {
      const h = holdings.get(symbol)!;
      h.quantity = { value: Number(units) / unit, units, places: record.places };
      if (units === 0n) held.delete(h);
      else held.add(h);
    }
    for (const [currency, units] of record.cash) cash.set(currency, { value: Number(units) / unit, units, places: record.places, rate: rates.get(currency)! });
    for (const [symbol, traded] of record.tradePrices) holdings.get(symbol)!.traded(traded, rates.get(traded.currency)!);
  };

  const advance = (date: string) => {
    for (const r of rateSeries) r.advance(date);
    for (const h of held) h.advance(date);
  };

  const floatValue = (): number => {
    let value = 0;
    for (const h of held) value += h.quantity.value * h.price() * h.rate().value;
    if (account) for (const c of cash.values()) if (c.units !== 0n) value += c.value * c.rate.value;
    return value;
  };

  const exactValue = (): ExactValue => {
    let marketValue = ZERO;
    for (const h of held) marketValue = marketValue.plus(exactAmount(h.quantity).times(h.exactPrice()).times(h.rate().exact));
    let cashValue = ZERO;
    for (const c of cash.values()) if (c.units !== 0n) cashValue = cashValue.plus(exactAmount(c).times(c.rate.exact));
    return { marketValue, cash: cashValue, value: account ? marketValue.plus(cashValue) : marketValue };
  };

  let next = 0;
  const records = replay.days;
  // State at the start point's close (for `max`, the first flow's day counts in the period).
  while (next < records.length && records[next]!.date <= startDate && (!max || records[next]!.date < startDate)) applyRecord(records[next++]!);
  const zero: ExactValue = { marketValue: ZERO, cash: ZERO, value: ZERO };
  let startExact = zero;
  if (!max && !virtualStart) {
    advance(startDate);
    startExact = exactValue();
  }

  const days: SeriesDay[] = [];
  let netFlows = SCALED_ZERO;
  for (const date of dates) {
    let flow = 0;
    let flowExact = SCALED_ZERO;
    for (const r of rateSeries) r.advance(date);
    while (next < records.length && records[next]!.date <= date) {
      const record = records[next++]!;
      applyRecord(record);
      if (record.date !== date) continue;
      for (const [currency, units] of record.flows) {
        const rate = rates.get(currency)!;
        flow += (Number(units) / 10 ** record.places) * rate.value;
        if (currency === base) flowExact = addScaled(flowExact, units, record.places);
        else flowExact = addScaled(flowExact, units * rate.digits.units, record.places + rate.digits.places);
      }
    }
    advance(date);
    netFlows = addScaled(netFlows, flowExact.units, flowExact.places);
    const day: SeriesDay = { date, value: floatValue(), flow, flowExact };
    if (request.exactDays) {
      const { marketValue, value } = exactValue();
      day.exact = { marketValue, value };
    }
    days.push(day);
  }
  const endExact = days.length > 0 ? exactValue() : startExact;

  for (const h of holdings.values()) {
    if (h.fallback === null) continue;
    const { first, last } = h.fallback;
    warnings.push(
      h.closes.length > 0
        ? `${h.symbol} has no close before ${h.closes[0]!.date}: valued at its trade price from ${first} to ${last}.`
        : `${h.symbol} has no closes at all: valued at its last trade price (import its closes with \`folio prices import FILE\`).`,
    );
  }

  return {
    start: { date: startDate, ...startExact },
    days,
    from: firstDay,
    to,
    end: endExact,
    netFlows: dec(formatUnits(netFlows.units, netFlows.places)),
    rateOnTo: (currency) => rates.get(currency)!.exactAt(to),
    warnings,
  };
}
