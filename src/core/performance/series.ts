import { dec, ZERO, type Decimal } from '../decimal.js';
import { notFoundError } from '../errors.js';
import { closeSeries, fxRateMissingMessage } from '../market/prices.js';
import type { PriceProvider } from '../ports.js';
import { exactAmount, Holding, RateSeries, type Amount } from './priced-holding.js';
import { addDays, weekdayBefore, weekdays, weekdaysAfter } from './period.js';
import { addScaled, FIGURES, formatUnits, SCALED_ZERO, type DayRecord, type Replay, type Scaled } from './replay.js';
import type { Scope } from './types.js';

/**
 * Pass two: the valuation series of a scope in the base currency, one point per valuation day.
 * Valuation days (DESIGN) are every weekday from the period's first day to TO, plus transaction
 * days, plus TO itself; a holding is valued at its last close on or before the day. Closes and FX
 * rates are fetched once per symbol and currency pair (ranges, not days).
 *
 * The per-day values and flows are floats (they feed returns and risk, which are statistics); the
 * period's money figures are exact decimals, each converted at the rate of its own date, and so
 * is every day's value when `exactDays` asks for it (history output).
 */

export interface SeriesDay {
  date: string;
  /** V_d: the scope's value at the close. */
  value: number;
  /** In_d and Out_d: money into and out of the scope, base currency at the day's rate. */
  inflow: number;
  outflow: number;
  /** The day's net flow In_d − Out_d, exact (0 on days without one). */
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

/** The period's money figures, exact, in base currency (see `analyze`'s definitions). */
export interface PeriodFigures {
  realized: Decimal;
  dividends: Decimal;
  interest: Decimal;
  fees: Decimal;
  taxes: Decimal;
  tradeFees: Decimal;
  /** Open cost at TO's rates. */
  costBasis: Decimal;
  /** Unrealised gain at TO minus that at the start point (both at their own day's rates). */
  unrealized: Decimal;
  currencyGain: Decimal;
}

export interface ValuationSeries {
  /** The point the period is measured from: the last valuation day before FROM (for `max`: the first flow's day, at zero). */
  start: { date: string } & ExactValue;
  /** The period's valuation days, FROM..TO. */
  days: SeriesDay[];
  /** The end asked for (TO). */
  to: string;
  /** The period's first day: FROM, or the first flow's day for `max`. */
  from: string;
  end: ExactValue;
  /** Σ (In_d − Out_d) over the period, exact. */
  netFlows: Decimal;
  figures: PeriodFigures;
  /** The oldest close the value at TO used (null when nothing held had a close). */
  pricesAsOf: string | null;
  /** Exact rate (currency → base) in effect on TO. */
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
  /** TO: the end asked for (--to, or today). */
  end: string;
  exactDays?: boolean;
}

const toDecimal = (s: Scaled) => dec(formatUnits(s.units, s.places));

/** Where the period starts: its first valuation day and the point it is measured from. */
function periodBounds(replay: Replay, from: string | null, end: string) {
  if (from === null) {
    const first = replay.firstFlowDate ?? replay.firstDate ?? end;
    return { firstDay: first, startDate: first, virtual: true };
  }
  // The last valuation day before FROM: a weekday or a transaction day, not before the first one.
  const candidates = [replay.lastDateBefore, weekdayBefore(from)].filter((d): d is string => d !== null && replay.firstDate !== null && d >= replay.firstDate);
  const last = candidates.sort().at(-1);
  return { firstDay: from, startDate: last ?? addDays(from, -1), virtual: last === undefined };
}

/** The period's valuation days: weekdays, transaction days and TO. */
function valuationDates(replay: Replay, firstDay: string, end: string): string[] {
  const set = new Set(firstDay <= end ? weekdays(firstDay, end) : []);
  for (const day of replay.days) if (day.date >= firstDay && day.date <= end) set.add(day.date);
  if (firstDay <= end) set.add(end);
  return [...set].sort();
}

/** Every symbol's carry-in close (on or before the start point) and its closes up to TO, in one batch read. */
async function fetchCloses(market: PriceProvider, symbols: string[], startDate: string, end: string) {
  const series = await closeSeries(market, symbols, startDate, end);
  return symbols.map((symbol) => {
    const points = series.get(symbol) ?? [];
    return { symbol, currency: points[0]?.currency ?? null, points };
  });
}

async function fetchRates(request: SeriesRequest, currencies: Set<string>, startDate: string, warnings: string[]) {
  const { market, baseCurrency: base, end, replay } = request;
  const rates = new Map<string, RateSeries>([[base, new RateSeries([{ date: '0000-01-01', rate: '1' }])]]);
  const firstNeeded = [startDate, replay.firstDate ?? end].sort()[1]!;
  await Promise.all(
    [...currencies].map(async (currency) => {
      const points = await market.fxRates(currency, base, startDate < end ? startDate : end, end);
      if (points.length === 0) throw notFoundError(fxRateMissingMessage(currency, base, end), 'no_fx_rate');
      if (points[0]!.date > firstNeeded) warnings.push(`No ${currency}→${base} rate before ${points[0]!.date}: earlier days use that first rate.`);
      rates.set(currency, new RateSeries(points));
    }),
  );
  return rates;
}

export async function valuationSeries(request: SeriesRequest): Promise<ValuationSeries> {
  const { replay, baseCurrency: base, end } = request;
  const warnings: string[] = [];
  const { firstDay, startDate, virtual } = periodBounds(replay, request.from, end);
  const closeLists = await fetchCloses(request.market, replay.symbols, startDate, end);
  const currencies = new Set(replay.currencies);
  for (const { currency } of closeLists) if (currency) currencies.add(currency);
  currencies.delete(base);
  const rates = await fetchRates(request, currencies, startDate, warnings);
  const walk = new SeriesWalk(request, rates, closeLists);
  return walk.run(valuationDates(replay, firstDay, end), firstDay, startDate, virtual, warnings);
}

type CloseList = Awaited<ReturnType<typeof fetchCloses>>[number];

/** The walk through the valuation days: state at each day's close, flows and figures at each day's rates. */
class SeriesWalk {
  private readonly account: boolean;
  private readonly holdings = new Map<string, Holding>();
  private readonly held = new Set<Holding>();
  private readonly cash = new Map<string, Amount & { rate: RateSeries }>();
  /** Open cost per currency (local units), from every record so far. */
  private readonly cost = new Map<string, Scaled>();
  private readonly rateSeries: RateSeries[];
  // The period's sums, exact, in base currency: each at the rate of its day.
  private readonly sums: Record<(typeof FIGURES)[number] | 'netCost' | 'cashMoves' | 'netFlows', Scaled> = {
    realized: SCALED_ZERO,
    dividends: SCALED_ZERO,
    interest: SCALED_ZERO,
    fees: SCALED_ZERO,
    taxes: SCALED_ZERO,
    tradeFees: SCALED_ZERO,
    netCost: SCALED_ZERO,
    cashMoves: SCALED_ZERO,
    netFlows: SCALED_ZERO,
  };

  constructor(
    private readonly request: SeriesRequest,
    private readonly rates: Map<string, RateSeries>,
    closeLists: CloseList[],
  ) {
    this.account = request.scope === 'account';
    this.rateSeries = [...rates.values()];
    for (const { symbol, currency, points } of closeLists) this.holdings.set(symbol, new Holding(symbol, points, currency === null ? null : rates.get(currency)!));
  }

  /** Applies a day's record; in the period, its flows and figures are added at the day's rates. */
  private apply(record: DayRecord, day: SeriesDay | null): void {
    const unit = 10 ** record.places;
    for (const [symbol, units, den] of record.quantities) {
      const h = this.holdings.get(symbol)!;
      h.quantity = { value: Number(units) / unit / Number(den), units, places: record.places, den };
      if (units === 0n) this.held.delete(h);
      else this.held.add(h);
    }
    for (const [currency, units] of record.cash) {
      const rate = this.rates.get(currency)!;
      if (day !== null && this.account) {
        const before = this.cash.get(currency);
        const change = addScaled({ units: -(before?.units ?? 0n), places: before?.places ?? 0 }, units, record.places);
        this.add('cashMoves', change.units, change.places, rate);
      }
      this.cash.set(currency, { value: Number(units) / unit, units, places: record.places, den: 1n, rate });
    }
    for (const [symbol, traded] of record.tradePrices) this.holdings.get(symbol)!.traded(traded, this.rates.get(traded.currency)!);
    for (const m of record.moves) {
      this.cost.set(m.currency, addScaled(this.cost.get(m.currency) ?? SCALED_ZERO, m.costIn - m.costOut, record.places));
      if (day === null) continue;
      const rate = this.rates.get(m.currency)!;
      day.inflow += (Number(m.inflow) / unit) * rate.value;
      day.outflow += (Number(m.outflow) / unit) * rate.value;
      const { units: ru, places: rp } = rate.digits;
      if (m.inflow !== m.outflow) day.flowExact = addScaled(day.flowExact, (m.inflow - m.outflow) * ru, record.places + rp);
      if (m.costIn !== m.costOut) this.add('netCost', m.costIn - m.costOut, record.places, rate);
      for (const key of FIGURES) if (m[key] !== 0n) this.add(key, m[key], record.places, rate);
    }
  }

  private add(key: keyof SeriesWalk['sums'], units: bigint, places: number, rate: RateSeries): void {
    const { units: ru, places: rp } = rate.digits;
    this.sums[key] = addScaled(this.sums[key], units * ru, places + rp);
  }

  private advance(date: string): void {
    for (const r of this.rateSeries) r.advance(date);
    for (const h of this.held) h.advance(date);
  }

  private floatValue(): number {
    let value = 0;
    for (const h of this.held) value += h.quantity.value * h.price() * h.rate().value;
    if (this.account) for (const c of this.cash.values()) if (c.units !== 0n) value += c.value * c.rate.value;
    return value;
  }

  private exactValue(): ExactValue {
    let marketValue = ZERO;
    for (const h of this.held) marketValue = marketValue.plus(exactAmount(h.quantity).times(h.exactPrice()).times(h.rate().exact));
    let cashValue = ZERO;
    for (const c of this.cash.values()) if (c.units !== 0n) cashValue = cashValue.plus(exactAmount({ ...c, den: 1n }).times(c.rate.exact));
    return { marketValue, cash: cashValue, value: this.account ? marketValue.plus(cashValue) : marketValue };
  }

  /** Σ open cost × the rate of the day the walk is on. */
  private costValue(): Decimal {
    let total = ZERO;
    for (const [currency, local] of this.cost) if (local.units !== 0n) total = total.plus(toDecimal(local).times(this.rates.get(currency)!.exact));
    return total;
  }

  run(dates: string[], firstDay: string, startDate: string, virtual: boolean, warnings: string[]): ValuationSeries {
    const records = this.request.replay.days;
    let next = 0;
    // State at the start point's close (for `max`, the first flow's day counts in the period).
    const before = (date: string) => (this.request.from === null ? date < startDate : date <= startDate);
    while (next < records.length && before(records[next]!.date)) this.apply(records[next++]!, null);
    this.advance(startDate);
    const zero: ExactValue = { marketValue: ZERO, cash: ZERO, value: ZERO };
    const startExact = virtual ? zero : this.exactValue();
    const startCost = virtual ? ZERO : this.costValue();

    const days: SeriesDay[] = [];
    for (const date of dates) {
      for (const r of this.rateSeries) r.advance(date);
      const day: SeriesDay = { date, value: 0, inflow: 0, outflow: 0, flowExact: SCALED_ZERO };
      while (next < records.length && records[next]!.date <= date) this.apply(records[next++]!, day);
      this.advance(date);
      this.sums.netFlows = addScaled(this.sums.netFlows, day.flowExact.units, day.flowExact.places);
      day.value = this.floatValue();
      if (this.request.exactDays) {
        const { marketValue, value } = this.exactValue();
        day.exact = { marketValue, value };
      }
      days.push(day);
    }
    const endExact = days.length > 0 ? this.exactValue() : startExact;
    const endCost = days.length > 0 ? this.costValue() : startCost;
    const s = this.sums;
    const cashGain = this.account ? endExact.cash.minus(startExact.cash).minus(toDecimal(s.cashMoves)) : ZERO;
    this.warnAboutPrices(warnings);
    return {
      start: { date: startDate, ...startExact },
      days,
      from: firstDay,
      to: this.request.end,
      end: endExact,
      netFlows: toDecimal(s.netFlows),
      figures: {
        realized: toDecimal(s.realized),
        dividends: toDecimal(s.dividends),
        interest: toDecimal(s.interest),
        fees: toDecimal(s.fees),
        taxes: toDecimal(s.taxes),
        tradeFees: toDecimal(s.tradeFees),
        costBasis: endCost,
        unrealized: endExact.marketValue.minus(endCost).minus(startExact.marketValue.minus(startCost)),
        currencyGain: endCost.minus(startCost).minus(toDecimal(s.netCost)).plus(cashGain),
      },
      pricesAsOf: this.pricesAsOf(),
      rateOnTo: (currency) => this.rates.get(currency)!.exactAt(this.request.end),
      warnings,
    };
  }

  private pricesAsOf(): string | null {
    let oldest: string | null = null;
    for (const h of this.held) {
      const date = h.closeDate();
      if (date !== null && (oldest === null || date < oldest)) oldest = date;
    }
    return oldest;
  }

  private warnAboutPrices(warnings: string[]): void {
    for (const h of this.holdings.values()) {
      if (h.fallback === null) continue;
      const { first, last } = h.fallback;
      warnings.push(
        h.closes.length > 0
          ? `${h.symbol} has no close before ${h.closes[0]!.date}: valued at its trade price from ${first} to ${last}.`
          : `${h.symbol} has no closes at all: valued at its last trade price (import its closes with \`folio prices import FILE\`).`,
      );
    }
    const asOf = this.pricesAsOf();
    if (asOf !== null && weekdaysAfter(asOf, this.request.end) > 5) warnings.push(stalePricesWarning(asOf, this.request.end));
  }
}

/** The warning of every valued output whose closes are more than 5 weekdays older than the date shown. */
export function stalePricesWarning(asOf: string, date: string): string {
  return `Prices are as of ${asOf}, more than 5 weekdays before ${date}: import newer closes with \`folio prices import FILE\`.`;
}
