import { dec, decString } from '../decimal.js';

/**
 * Split ratios as people write them: `2:1` (two new shares for one old), `1:3` (a reverse split),
 * `3/2`, or a plain decimal (`2`, `0.5`, as folio wrote them before). Kept as an exact fraction, so a
 * 1:3 split followed by a 3:1 split gives back exactly the quantity held before.
 */

export interface Ratio {
  /** New shares … */
  numerator: bigint;
  /** … for this many old ones (both > 0, no common factor). */
  denominator: bigint;
}

/** Each side an unsigned decimal in folio's one spelling (`parseDecimal`'s, `.5` included). */
const FRACTION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*[:/]\s*(\d+(?:\.\d+)?|\.\d+)\s*$/;
const DECIMAL = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/;

/** The greatest common divisor of two integers (≥ 0). */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A decimal string as a fraction of integers: `1.25` → 125/100. */
function decimalFraction(text: string): [bigint, bigint] {
  const dot = text.indexOf('.');
  if (dot < 0) return [BigInt(text), 1n];
  return [BigInt(text.slice(0, dot) + text.slice(dot + 1)), 10n ** BigInt(text.length - dot - 1)];
}

function reduced(numerator: bigint, denominator: bigint): Ratio | null {
  if (numerator <= 0n || denominator <= 0n) return null;
  const g = gcd(numerator, denominator);
  return { numerator: numerator / g, denominator: denominator / g };
}

/** The ratio a text means, or null when it is not one (zero, negative, or not a number). */
export function parseRatio(text: string): Ratio | null {
  const fraction = FRACTION.exec(text);
  if (fraction) {
    const [n, nd] = decimalFraction(fraction[1]!);
    const [d, dd] = decimalFraction(fraction[2]!);
    return reduced(n * dd, d * nd);
  }
  const decimal = DECIMAL.exec(text);
  if (!decimal) return null;
  const [n, d] = decimalFraction(decimal[1]!);
  return reduced(n, d);
}

/** Whether a denominator has only the prime factors 2 and 5 (the fraction is a finite decimal). */
function terminates(denominator: bigint): boolean {
  let d = denominator;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

/**
 * The one way a ratio is stored and shown: a plain decimal when it is one (`2`, `0.5`, `1.5`, as
 * before), else `N:D` (`1:3`, `2:3`).
 */
export function formatRatio({ numerator, denominator }: Ratio): string {
  if (!terminates(denominator)) return `${numerator}:${denominator}`;
  let places = 0;
  let scaled = numerator;
  let d = denominator;
  while (d !== 1n) {
    // Multiply by 10 until the denominator divides out (it only has factors 2 and 5).
    scaled *= 10n;
    places++;
    const g = gcd(scaled, d);
    scaled /= g;
    d /= g;
  }
  const text = scaled.toString().padStart(places + 1, '0');
  return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`.replace(/\.?0+$/, '');
}

/** Splits read in the ledger's hot loop: a decimal ratio (`2`, the common case) without the regexes. */
export function ratioOf(text: string): Ratio {
  const ratio = parseRatio(text);
  if (ratio === null) throw new RangeError(`not a split ratio: ${text}`);
  return ratio;
}

/**
 * Splits a holding counted in units of 1/den of a share, exactly: every count × N and den × D,
 * then their common factor out again (so a 1:3 split then a 3:1 split is back to den 1).
 */
export function splitUnits(holding: { quantity: bigint; den: bigint }, lots: Array<{ bought: bigint; remaining: bigint }>, { numerator, denominator }: Ratio): void {
  let g = holding.den * denominator;
  g = gcd(g, holding.quantity * numerator);
  for (const lot of lots) g = gcd(gcd(g, lot.bought * numerator), lot.remaining * numerator);
  const times = (value: bigint) => (value * numerator) / g;
  holding.quantity = times(holding.quantity);
  holding.den = (holding.den * denominator) / g;
  for (const lot of lots) {
    lot.bought = times(lot.bought);
    lot.remaining = times(lot.remaining);
  }
}

/** A price after a split: × D / N, rounded to 10 places. */
export function splitPrice(price: string, { numerator, denominator }: Ratio): string {
  return decString(dec(price).times(dec(String(denominator))).div(dec(String(numerator))).round(10));
}
