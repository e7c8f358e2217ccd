/**
 * Exact decimal arithmetic for money and quantities: a value is a bigint `units` counting
 * 10^-`places` (`12.5` is 125 at 1 place). Adding, multiplying and comparing are exact; only
 * division rounds (to 20 places, half to even), as `round` and `toFixed` do when asked to.
 * The ledger's hot path uses the same representation without the object (`ledger/fixed-point.ts`).
 * bigint over big.js: measured in `bench/decimal-engines.js` (README, Development).
 *
 * A JS number can never slip in: values enter as decimal strings only, and `valueOf` throws, so
 * `a < b` or `a + b` on two decimals is an error rather than a silent float comparison.
 */

/** Decimal places kept by `div` (rounded half to even): the precision big.js gave before. */
export const DIVISION_DECIMALS = 20;

export const ROUND_DOWN = 0;
export const ROUND_HALF_UP = 1;
export const ROUND_HALF_EVEN = 2;
export const ROUND_UP = 3;
/** How `round` and `toFixed` settle a cut: toward zero, half away from zero, half to even, away from zero (big.js numbering). */
export type RoundingMode = typeof ROUND_DOWN | typeof ROUND_HALF_UP | typeof ROUND_HALF_EVEN | typeof ROUND_UP;

const POWERS: bigint[] = [1n];

export function pow10(n: number): bigint {
  while (POWERS.length <= n) POWERS.push(POWERS[POWERS.length - 1]! * 10n);
  return POWERS[n]!;
}

/** `n / d` rounded to an integer by `mode` (half to even unless told). */
export function roundDiv(n: bigint, d: bigint, mode: RoundingMode = ROUND_HALF_EVEN): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncates toward zero
  const r = n - q * d;
  if (r === 0n || mode === ROUND_DOWN) return q;
  const away = r < 0n ? q - 1n : q + 1n;
  if (mode === ROUND_UP) return away;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d) return q;
  if (twice > d || mode === ROUND_HALF_UP) return away;
  return (q & 1n) === 0n ? q : away;
}

/** Digits of a decimal string as an integer, and how many of them are decimals. */
export interface Digits {
  units: bigint;
  places: number;
}

/** The digits of text already known to be a plain decimal (`-12.5`, `.5`, `7`): no checks, the hot path. */
export function digits(text: string): Digits {
  // Up to 15 characters hold at most 15 digits, below 2^53, so a JS number counts them exactly
  // (twice as fast as building a string for BigInt). Signs and longer text take the slow path.
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
  const units = text.slice(0, dot) + text.slice(dot + 1);
  return { units: BigInt(units === '-' ? '0' : units), places: text.length - dot - 1 };
}

/** Canonical decimal string of `units × 10^-places`: no exponent, no trailing zeros, `0` never signed. */
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

/** What `dec` reads: big.js's spelling (exponents included, as some feeds send them). User text goes through `parseDecimal`. */
const ENGINE_PATTERN = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

function parseEngine(text: string): Digits {
  const match = ENGINE_PATTERN.exec(text);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (!match || whole + fraction === '') throw new Error(`[decimal] Invalid number: "${text}"`);
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  let units = BigInt(`${match[1]}${whole}${fraction}`);
  let places = fraction.length - exponent;
  if (places < 0) {
    units *= pow10(-places);
    places = 0;
  }
  return { units, places };
}

export class Decimal {
  /** Use `dec`: a decimal is made from a string, never from a JS number. */
  private constructor(
    readonly units: bigint,
    readonly places: number,
  ) {}

  /** @internal Only `dec` and this class make decimals. */
  static of(units: bigint, places: number): Decimal {
    // Trailing zeros are dropped so `places` does not grow with every product.
    while (places > 0 && units % 10n === 0n && units !== 0n) {
      units /= 10n;
      places--;
    }
    return new Decimal(units, places);
  }

  private aligned(other: Decimal): [bigint, bigint, number] {
    if (this.places === other.places) return [this.units, other.units, this.places];
    if (this.places > other.places) return [this.units, other.units * pow10(this.places - other.places), this.places];
    return [this.units * pow10(other.places - this.places), other.units, other.places];
  }

  plus(other: Decimal | string): Decimal {
    const [a, b, places] = this.aligned(dec(other));
    return new Decimal(a + b, places);
  }

  minus(other: Decimal | string): Decimal {
    const [a, b, places] = this.aligned(dec(other));
    return new Decimal(a - b, places);
  }

  times(other: Decimal | string): Decimal {
    const b = dec(other);
    return Decimal.of(this.units * b.units, this.places + b.places);
  }

  /** The quotient rounded to 20 decimal places, half to even. */
  div(other: Decimal | string): Decimal {
    const b = dec(other);
    if (b.units === 0n) throw new Error('[decimal] Division by zero');
    // (u1 / 10^p1) / (u2 / 10^p2) at D places = u1 × 10^(p2 + D) / (u2 × 10^p1)
    return Decimal.of(roundDiv(this.units * pow10(b.places + DIVISION_DECIMALS), b.units * pow10(this.places)), DIVISION_DECIMALS);
  }

  abs(): Decimal {
    return this.units < 0n ? new Decimal(-this.units, this.places) : this;
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.places);
  }

  /** Rounded to `places` decimals (0 unless told), half to even unless told. */
  round(places = 0, mode: RoundingMode = ROUND_HALF_EVEN): Decimal {
    if (places >= this.places) return this;
    return Decimal.of(roundDiv(this.units, pow10(this.places - places), mode), places);
  }

  cmp(other: Decimal | string): -1 | 0 | 1 {
    const [a, b] = this.aligned(dec(other));
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Decimal | string): boolean {
    return this.cmp(other) === 0;
  }
  gt(other: Decimal | string): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: Decimal | string): boolean {
    return this.cmp(other) >= 0;
  }
  lt(other: Decimal | string): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: Decimal | string): boolean {
    return this.cmp(other) <= 0;
  }

  /** The canonical string without `places`; with them, exactly that many decimals (rounded half to even, padded with zeros, `0` never signed). */
  toFixed(places?: number): string {
    if (places === undefined) return formatFixed(this.units, this.places);
    const rounded = this.round(places);
    const units = rounded.units * pow10(places - rounded.places);
    const body = (units < 0n ? -units : units).toString().padStart(places + 1, '0');
    const text = places === 0 ? body : `${body.slice(0, body.length - places)}.${body.slice(body.length - places)}`;
    return units < 0n ? `-${text}` : text;
  }

  toString(): string {
    return formatFixed(this.units, this.places);
  }

  toJSON(): string {
    return this.toString();
  }

  valueOf(): never {
    throw new Error('[decimal] valueOf disallowed: compare with cmp/gt/lt, format with decString');
  }
}

export function dec(value: string | Decimal): Decimal {
  if (typeof value !== 'string') {
    if (value instanceof Decimal) return value;
    throw new TypeError(`[decimal] expected a decimal string, got ${typeof value}`);
  }
  const { units, places } = plainDigits(value) ?? parseEngine(value);
  return Decimal.of(units, places);
}

/** The common case of `dec`, unsigned short text such as `187.25`, read without a regex; null for anything else. */
function plainDigits(text: string): Digits | null {
  if (text.length === 0 || text.length > 15) return null;
  let units = 0;
  let places = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      units = units * 10 + (code - 48);
      if (places >= 0) places++;
    } else if (code !== 46 || places >= 0) {
      return null;
    } else {
      places = 0;
    }
  }
  if (places === 0) return null; // `5.` and `.`: the regex path decides
  return { units: BigInt(units), places: places < 0 ? 0 : places };
}

export const ZERO: Decimal = dec('0');
export const ONE: Decimal = dec('1');

/** Canonical decimal string: no exponent, no trailing zeros (`1.50` → `1.5`, `-0` → `0`). */
export function decString(value: Decimal): string {
  return value.toString();
}

/** Fixed number of places, rounding half-even — for display of money (`-0.00` shows as `0.00`). */
export function decFixed(value: Decimal, places: number): string {
  return value.toFixed(places);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/**
 * The one spelling of a decimal in user text (CSV cells, flags, settings, prices and rates):
 * digits with an optional fraction, an optional leading `-`, and `.5` for 0.5. No `+`, no
 * exponent, no thousands separator, no trailing dot — the same everywhere.
 */
const DECIMAL_TEXT = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
const EXPONENT_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$/;
const MAX_DECIMAL_TEXT = 40;

/** True for a decimal as users may write it: `12`, `-0.5`, `010.50`, `.5` (at most 40 characters). */
export function isDecimalString(text: string): boolean {
  return text.length <= MAX_DECIMAL_TEXT && DECIMAL_TEXT.test(text);
}

/**
 * The canonical form of user text (`010.50` → `10.5`, `.5` → `0.5`, `-0` → `0`; trimmed first), or
 * null when it is not a decimal. No length limit here: callers limit significant digits.
 */
export function parseDecimal(text: string): string | null {
  const trimmed = text.trim();
  const shape = decimalShape(trimmed);
  if (shape === NOT_DECIMAL) return null;
  if (shape === CANONICAL) return trimmed;
  const { units, places } = digits(trimmed);
  return formatFixed(units, places);
}

const NOT_DECIMAL = 0;
const CANONICAL = 1;
const NOT_CANONICAL = 2;

/**
 * Whether text is a decimal (`DECIMAL_TEXT`) and already canonical, the common case kept as it is:
 * `/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/` and not `-0` (no leading zeros, no trailing fraction zeros).
 * One pass over the characters instead of two regexes: this runs for every number of every row of an import.
 */
function decimalShape(text: string): typeof NOT_DECIMAL | typeof CANONICAL | typeof NOT_CANONICAL {
  const length = text.length;
  let at = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const integerStart = at;
  while (at < length && isDigitCode(text.charCodeAt(at))) at++;
  const integerDigits = at - integerStart;
  let fractionDigits = -1; // no dot
  if (at < length && text.charCodeAt(at) === 46) {
    const fractionStart = ++at;
    while (at < length && isDigitCode(text.charCodeAt(at))) at++;
    fractionDigits = at - fractionStart;
  }
  if (at !== length || fractionDigits === 0 || (integerDigits === 0 && fractionDigits < 0)) return NOT_DECIMAL;
  const canonicalInteger = integerDigits === 1 ? length !== 2 || integerStart === 0 || text.charCodeAt(1) !== 48 : integerDigits > 1 && text.charCodeAt(integerStart) !== 48;
  const canonicalFraction = fractionDigits < 0 || text.charCodeAt(length - 1) !== 48;
  return canonicalInteger && canonicalFraction ? CANONICAL : NOT_CANONICAL;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Why text is not a decimal, in the words every command and import uses. */
export function decimalError(text: string): string {
  const trimmed = text.trim();
  if (EXPONENT_TEXT.test(trimmed)) return `not a plain decimal: "${trimmed}" (no exponents; write the digits out)`;
  if (trimmed.includes(',')) return `not a number: "${trimmed}" (use a dot for decimals, no thousands separators)`;
  return `not a number: "${trimmed}"`;
}
