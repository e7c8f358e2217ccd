import BigModule from 'big.js';

/**
 * Exact decimal arithmetic for money and quantities. A private big.js constructor in strict
 * mode: a JS number can never slip in, and every value enters as a validated decimal string.
 */
const Big = BigModule();
Big.strict = true;
Big.DP = 20;
Big.RM = Big.roundHalfEven;

export type Decimal = InstanceType<typeof Big>;

const DECIMAL_PATTERN = /^-?(?:\d+)(?:\.\d+)?$/;

/** True for plain decimal strings such as `12`, `-0.5`, `187.25` (no exponent, no comma, no sign `+`). */
export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value) && value.length <= 40;
}

export function dec(value: string | Decimal): Decimal {
  if (typeof value !== 'string') return value;
  return new Big(value);
}

export const ZERO: Decimal = new Big('0');
export const ONE: Decimal = new Big('1');

/** Canonical decimal string: no exponent, no trailing zeros (`1.50` → `1.5`, `-0` → `0`). */
export function decString(value: Decimal): string {
  const text = value.toFixed();
  return text === '-0' ? '0' : text;
}

/** Fixed number of places, rounding half-even — for display of money. */
export function decFixed(value: Decimal, places: number): string {
  const text = value.toFixed(places);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}
