import { dec, decString, digits, formatFixed, ONE, pow10, roundDiv, type Decimal } from '../decimal.js';

/** The stored rate of exactly this pair (1 base = rate quote), last on or before `date`, or null. */
export type DirectRate = (base: string, quote: string, date: string) => Promise<string | null>;

/** Places an FX rate is rounded to when it needs a division (an inverse or a cross rate). */
export const FX_PLACES = 10;

/** The currency cross rates go through by default (the ECB's rates cross through EUR). */
const PIVOT = 'USD';

/** A rate as an exact fraction, so a chain of legs divides at most once. */
interface Fraction {
  numerator: Decimal;
  denominator: Decimal;
}

async function leg(direct: DirectRate, base: string, quote: string, date: string): Promise<Fraction | null> {
  const rate = await direct(base, quote, date);
  if (rate !== null) return { numerator: dec(rate), denominator: ONE };
  const opposite = await direct(quote, base, date);
  if (opposite !== null) return { numerator: ONE, denominator: dec(opposite) };
  return null;
}

function toRate({ numerator, denominator }: Fraction): string {
  if (denominator.eq(ONE)) return decString(numerator);
  return decString(numerator.div(denominator).round(FX_PLACES));
}

/**
 * How many `quote` one `base` buys on `date`: '1' for the same currency; the stored pair, exactly;
 * the inverse of the opposite pair (1/rate, rounded to 10 places, half-even); or a cross rate
 * through USD (e.g. GBP→EUR = GBPUSD / EURUSD, one division, rounded to 10 places). null when
 * none of these is known on or before the date.
 */
export async function resolveFxRate(direct: DirectRate, base: string, quote: string, date: string, pivot = PIVOT): Promise<string | null> {
  if (base === quote) return '1';
  const straight = await leg(direct, base, quote, date);
  if (straight) return toRate(straight);
  if (base === pivot || quote === pivot) return null;
  const [toPivot, fromPivot] = await Promise.all([leg(direct, base, pivot, date), leg(direct, pivot, quote, date)]);
  if (!toPivot || !fromPivot) return null;
  return toRate({
    numerator: toPivot.numerator.times(fromPivot.numerator),
    denominator: toPivot.denominator.times(fromPivot.denominator),
  });
}

/**
 * The stored rates of exactly this pair over [from, to], oldest first: the last one on or before
 * `from`, then every later one up to `to`; [] when none is on or before `to`.
 */
export type DirectRateSeries = (base: string, quote: string, from: string, to: string) => Promise<import('../ports.js').FxPoint[]>;

/** A step series read in date order: `at(date)` is the last value on or before `date` (dates must not go back). */
function stepper<T>(points: ReadonlyArray<{ date: string; value: T }>) {
  let i = -1;
  return (date: string): T | null => {
    while (i + 1 < points.length && points[i + 1]!.date <= date) i++;
    return i < 0 ? null : points[i]!.value;
  };
}

/** An exact rate as a fraction of fixed-point integers: (n / 10^np) / (d / 10^dp). bare bigints, not `Decimal` objects: a series has thousands. */
interface ScaledFraction {
  n: bigint;
  np: number;
  d: bigint;
  dp: number;
}

/**
 * The same string as `toRate`: a plain rate as it is; a quotient as `Decimal.div` gives it (divided
 * to 20 places, then rounded to 10, both half-even).
 */
function scaledToRate({ n, np, d, dp }: ScaledFraction): string {
  if (d === 1n && dp === 0) return formatFixed(n, np);
  const q20 = roundDiv(n * pow10(dp + 20), d * pow10(np));
  return formatFixed(roundDiv(q20, pow10(20 - FX_PLACES)), FX_PLACES);
}

async function legSeries(direct: DirectRateSeries, base: string, quote: string, from: string, to: string) {
  const [straight, opposite] = await Promise.all([direct(base, quote, from, to), direct(quote, base, from, to)]);
  const s = stepper(straight.map((p) => ({ date: p.date, value: digits(p.rate) })));
  const o = stepper(opposite.map((p) => ({ date: p.date, value: digits(p.rate) })));
  const dates = [...straight, ...opposite].map((p) => p.date);
  // Both steppers move forward together: call once per date, in order.
  const at = (date: string): ScaledFraction | null => {
    const rate = s(date);
    const inverse = o(date);
    if (rate !== null) return { n: rate.units, np: rate.places, d: 1n, dp: 0 };
    if (inverse !== null) return { n: 1n, np: 0, d: inverse.units, dp: inverse.places };
    return null;
  };
  return { dates, at };
}

/**
 * `resolveFxRate` for every day of [from, to] at once, as a step series (see PriceProvider.fxRates):
 * on each day the stored pair, else the inverse of the opposite pair, else the cross rate through
 * USD, with the same rounding. Four queries at most instead of one per day.
 */
export async function resolveFxRates(
  direct: DirectRateSeries,
  base: string,
  quote: string,
  from: string,
  to: string,
  pivot = PIVOT,
): Promise<import('../ports.js').FxPoint[]> {
  if (base === quote) return [{ date: from, rate: '1' }];
  const cross = base !== pivot && quote !== pivot;
  const [straight, toPivot, fromPivot] = await Promise.all([
    legSeries(direct, base, quote, from, to),
    cross ? legSeries(direct, base, pivot, from, to) : null,
    cross ? legSeries(direct, pivot, quote, from, to) : null,
  ]);
  const dates = [...new Set([...straight.dates, ...(toPivot?.dates ?? []), ...(fromPivot?.dates ?? [])])].sort();
  const points: import('../ports.js').FxPoint[] = [];
  for (const date of dates) {
    const direct = straight.at(date);
    const a = toPivot?.at(date) ?? null;
    const b = fromPivot?.at(date) ?? null;
    let rate: string | null = null;
    if (direct) rate = scaledToRate(direct);
    else if (a && b) rate = scaledToRate({ n: a.n * b.n, np: a.np + b.np, d: a.d * b.d, dp: a.dp + b.dp });
    if (rate !== null && points.at(-1)?.rate !== rate) points.push({ date, rate });
  }
  // Keep only the point in effect on `from` and those after it.
  let first = 0;
  while (first + 1 < points.length && points[first + 1]!.date <= from) first++;
  return points.slice(first);
}
