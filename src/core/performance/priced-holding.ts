import { dec, type Decimal } from '../decimal.js';
import { digits, type Digits } from '../ledger/fixed-point.js';
import type { FxPoint, PricePoint } from '../ports.js';
import { formatUnits } from './replay.js';
import type { TradePrice } from './types.js';

/** What the valuation walk reads day by day: FX rate series and the symbols held, read forward in time. */

/** A fixed-point quantity or balance: its float for the series, its exact value on demand. */
export interface Amount {
  value: number;
  units: bigint;
  places: number;
  den: bigint;
  exact?: Decimal;
}

export const exactAmount = (a: Amount) => (a.exact ??= a.den === 1n ? dec(formatUnits(a.units, a.places)) : dec(formatUnits(a.units, a.places)).div(dec(String(a.den))));
/** An FX rate series read forward in time; before its first point, the first rate is used. */
export class RateSeries {
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
export class Holding {
  quantity: Amount = { value: 0, units: 0n, places: 0, den: 1n };
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

  /** The date of the close it is valued at; null at a trade price. */
  closeDate(): string | null {
    return this.index < 0 ? null : this.closes[this.index]!.date;
  }

  /** The rate from the price's currency to the base currency, on the day. */
  rate(): RateSeries {
    return this.index < 0 ? this.trade!.rate : this.closeRate!;
  }
}

