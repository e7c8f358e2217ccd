import { finiteOrNull, mean, populationStdev } from './statistics.js';

/**
 * Indicators over a symbol's daily closes. Each returns one point per close, in the same order,
 * with `null` while there are not yet enough closes for the indicator to exist.
 */
export interface Close {
  date: string;
  close: number;
}

export interface IndicatorPoint {
  date: string;
  value: number | null;
}

export interface MacdPoint {
  date: string;
  macd: number | null;
  signal: number | null;
  histogram: number | null;
}

export interface BollingerPoint {
  date: string;
  middle: number | null;
  upper: number | null;
  lower: number | null;
}

type Series = (number | null)[];

function assertPeriod(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive whole number (got ${n})`);
}

function points(closes: readonly Close[], values: Series): IndicatorPoint[] {
  return closes.map(({ date }, i) => ({ date, value: values[i] ?? null }));
}

/** Mean of each window of n values ending at i; null for the first n − 1. */
function smaValues(values: readonly number[], n: number): Series {
  return values.map((_, i) => (i < n - 1 ? null : mean(values.slice(i - n + 1, i + 1))));
}

/** EMA with α = 2 / (n + 1), seeded at index n − 1 with the mean of the first n values. */
function emaValues(values: readonly number[], n: number): Series {
  const alpha = 2 / (n + 1);
  const out: Series = [];
  let previous: number | null = null;
  values.forEach((value, i) => {
    if (i === n - 1) previous = mean(values.slice(0, n));
    else if (previous !== null) previous = finiteOrNull(alpha * value + (1 - alpha) * previous);
    out.push(previous);
  });
  return out;
}

export function sma(closes: readonly Close[], n: number): IndicatorPoint[] {
  assertPeriod(n, 'SMA period');
  return points(closes, smaValues(closes.map(({ close }) => close), n));
}

export function ema(closes: readonly Close[], n: number): IndicatorPoint[] {
  assertPeriod(n, 'EMA period');
  return points(closes, emaValues(closes.map(({ close }) => close), n));
}

/**
 * Wilder's RSI. The first value (at index n, after n price changes) uses the simple means of the
 * first n gains and losses; after that avg = (previous avg × (n − 1) + current) / n. When the
 * average loss is 0 the RSI is 100, a flat series included (some tools print 50 there).
 */
export function rsi(closes: readonly Close[], n = 14): IndicatorPoint[] {
  assertPeriod(n, 'RSI period');
  const values: Series = closes.map(() => null);
  let firstGains = 0;
  let firstLosses = 0;
  let avgGain = 0;
  let avgLoss = 0;
  for (let i = 1; i < closes.length; i++) {
    const change = closes[i]!.close - closes[i - 1]!.close;
    const gain = Math.max(change, 0);
    const loss = Math.max(-change, 0);
    if (i <= n) {
      firstGains += gain;
      firstLosses += loss;
      if (i < n) continue;
      avgGain = firstGains / n;
      avgLoss = firstLosses / n;
    } else {
      avgGain = (avgGain * (n - 1) + gain) / n;
      avgLoss = (avgLoss * (n - 1) + loss) / n;
    }
    values[i] = avgLoss === 0 ? 100 : finiteOrNull(100 - 100 / (1 + avgGain / avgLoss));
  }
  return points(closes, values);
}

/**
 * MACD = EMA(fast) − EMA(slow); signal = EMA(signalPeriod) of the MACD line, seeded with the mean
 * of its first signalPeriod values; histogram = MACD − signal. With (12, 26, 9) the MACD line
 * starts at index 25 and the signal and histogram at index 33.
 */
export function macd(closes: readonly Close[], fast = 12, slow = 26, signalPeriod = 9): MacdPoint[] {
  assertPeriod(fast, 'MACD fast period');
  assertPeriod(slow, 'MACD slow period');
  assertPeriod(signalPeriod, 'MACD signal period');
  const prices = closes.map(({ close }) => close);
  const fastEma = emaValues(prices, fast);
  const slowEma = emaValues(prices, slow);
  const line: Series = prices.map((_, i) => difference(fastEma[i], slowEma[i]));
  // The signal runs over the MACD line from where it exists; a null inside it (overflow) stops the signal there.
  const start = line.findIndex((value) => value !== null);
  const defined = start < 0 ? [] : line.slice(start);
  const stop = defined.indexOf(null);
  const signalValues = emaValues((stop < 0 ? defined : defined.slice(0, stop)) as number[], signalPeriod);
  return closes.map(({ date }, i) => {
    const macdValue = line[i] ?? null;
    const signal = start < 0 || i < start ? null : (signalValues[i - start] ?? null);
    return { date, macd: macdValue, signal, histogram: difference(macdValue, signal) };
  });
}

function difference(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined ? null : finiteOrNull(a - b);
}

/** Bollinger bands: middle = SMA(n), bands = middle ± k × the POPULATION standard deviation of the same n closes. */
export function bollinger(closes: readonly Close[], n = 20, k = 2): BollingerPoint[] {
  assertPeriod(n, 'Bollinger period');
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`Bollinger width must be a non-negative number (got ${k})`);
  const prices = closes.map(({ close }) => close);
  return closes.map(({ date }, i) => {
    if (i < n - 1) return { date, middle: null, upper: null, lower: null };
    const window = prices.slice(i - n + 1, i + 1);
    const middle = mean(window);
    const deviation = populationStdev(window);
    if (middle === null || deviation === null) return { date, middle, upper: null, lower: null };
    return { date, middle, upper: finiteOrNull(middle + k * deviation), lower: finiteOrNull(middle - k * deviation) };
  });
}
