/**
 * Exact fixed-point numbers for the ledger's hot path. A value is a bigint counting units of
 * 10^-places, with one `places` shared by every value of a ledger, so adding is a single bigint
 * `+` and comparing a single `<`. Replaying a million transactions with big.js objects spent
 * most of its time allocating and copying digit arrays; bigints do the same exact arithmetic
 * several times faster. Values enter as decimal strings and leave as canonical decimal strings
 * (the same as `decString`: no exponent, no trailing zeros), so nothing of this leaks out.
 *
 * `places` starts at 10 (room for the 10-place results of divisions) and grows when an input
 * needs more (a price with 6 places times a quantity with 8 needs 14); the owner rescales its
 * stored values through the `onGrow` callback, so every sum and product stays exact.
 */

const POWERS: bigint[] = [1n];

export function pow10(n: number): bigint {
  while (POWERS.length <= n) POWERS.push(POWERS[POWERS.length - 1]! * 10n);
  return POWERS[n]!;
}

/** Decimal places kept by divisions (average costs, unit costs, cost shares), rounding half-even. */
export const DIVISION_PLACES = 10;

/** `n / d` rounded to an integer, half to even. */
export function roundDiv(n: bigint, d: bigint): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncates toward zero
  const r = n - q * d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d || (twice === d && (q & 1n) === 0n)) return q;
  return r < 0n ? q - 1n : q + 1n;
}

/** Digits of a decimal string as an integer, and how many of them are decimals. */
export interface Digits {
  units: bigint;
  places: number;
}

export function digits(text: string): Digits {
  // Fast path: up to 15 characters hold at most 15 digits, below 2^53, so a JS number counts
  // them exactly (twice as fast as building a string for BigInt). Anything else: the slow path.
  if (text.length <= 15) {
    let units = 0;
    let places = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 46 && places < 0) {
        places = 0;
      } else if (code >= 48 && code <= 57) {
        units = units * 10 + (code - 48);
        if (places >= 0) places++;
      } else {
        return slowDigits(text);
      }
    }
    if (places !== 0 && text.length > 0) return { units: BigInt(units), places: places < 0 ? 0 : places };
  }
  return slowDigits(text);
}

function slowDigits(text: string): Digits {
  const dot = text.indexOf('.');
  if (dot < 0) return { units: BigInt(text), places: 0 };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), places: text.length - dot - 1 };
}

/** `units / den` at `places` decimals as a canonical string: exact when a few more places hold it, else rounded half-even at `places`. */
export function formatRatioOf(units: bigint, den: bigint, places: number): string {
  for (let extra = 0; extra <= 20; extra++) {
    const scaled = units * pow10(extra);
    if (scaled % den === 0n) return formatFixed(scaled / den, places + extra);
  }
  return formatFixed(roundDiv(units, den), places);
}

/** Canonical decimal string of `units × 10^-places` (no exponent, no trailing zeros, `0` unsigned). */
export function formatFixed(value: bigint, places: number): string {
  if (value === 0n) return '0';
  const negative = value < 0n;
  let text = (negative ? -value : value).toString();
  if (places > 0) {
    text = text.padStart(places + 1, '0');
    let end = text.length;
    while (end > text.length - places && text.charCodeAt(end - 1) === 48) end--;
    const integer = text.slice(0, text.length - places);
    text = end > integer.length ? `${integer}.${text.slice(integer.length, end)}` : integer;
  }
  return negative ? `-${text}` : text;
}

export class FixedScale {
  places = DIVISION_PLACES;
  private unit = pow10(DIVISION_PLACES);

  /** `onGrow(factor)` must multiply every value the owner keeps by `factor`. */
  constructor(private readonly onGrow: (factor: bigint) => void) {}

  /** Makes room for `places` decimals (rescaling the owner's values if it grows). */
  ensure(places: number): void {
    if (places <= this.places) return;
    this.onGrow(pow10(places - this.places));
    this.places = places;
    this.unit = pow10(places);
  }

  /** A parsed decimal as a value at the current scale (call `ensure(d.places)` first). */
  value(d: Digits): bigint {
    return d.places === this.places ? d.units : d.units * pow10(this.places - d.places);
  }

  /** The exact product of two parsed decimals (call `ensure(a.places + b.places)` first). */
  product(a: Digits, b: Digits): bigint {
    return a.units * b.units * pow10(this.places - a.places - b.places);
  }

  /** Reads a decimal string as a value, growing the scale if it has more places. */
  read(text: string): bigint {
    const d = digits(text);
    this.ensure(d.places);
    return this.value(d);
  }

  /** `a × b / c` for values at this scale, rounded to 10 places half-even. */
  mulDiv(a: bigint, b: bigint, c: bigint): bigint {
    const extra = this.places - DIVISION_PLACES;
    return roundDiv(a * b, c * pow10(extra)) * pow10(extra);
  }

  /** `a / b` for values at this scale, rounded to 10 places half-even. */
  div(a: bigint, b: bigint): bigint {
    return this.mulDiv(a, this.unit, b);
  }

  /** Canonical decimal string: no exponent, no trailing zeros, `0` never signed. */
  format(value: bigint): string {
    return formatFixed(value, this.places);
  }
}
