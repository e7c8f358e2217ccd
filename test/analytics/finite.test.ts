import { describe, expect, it } from 'vitest';
import {
  annualize,
  beta,
  bollinger,
  correlation,
  dailyReturns,
  downsideDeviation,
  drawdownSeries,
  ema,
  macd,
  maxDrawdown,
  mean,
  populationStdev,
  rsi,
  sampleStdev,
  sharpe,
  sma,
  sortino,
  twr,
  twrIndex,
  volatility,
  xirr,
  type Close,
  type ValuationDay,
} from '../../src/analytics/index.js';

// Every number the module hands back must be finite or null, whatever the input looks like.
// A small seeded generator keeps failures reproducible.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function dateOf(i: number): string {
  return new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
}

type Shape = (next: () => number, length: number) => number[];
const shapes: Record<string, Shape> = {
  random: (next, n) => Array.from({ length: n }, () => Math.round(next() * 100_000) / 100),
  zeros: (_, n) => Array<number>(n).fill(0),
  equal: (_, n) => Array<number>(n).fill(42.5),
  'sparse zeros': (next, n) => Array.from({ length: n }, () => (next() < 0.4 ? 0 : Math.round(next() * 1000))),
  'tiny and huge': (next, n) => Array.from({ length: n }, () => (next() < 0.5 ? 0.01 : 1e12)),
};
const lengths = [0, 1, 2, 3, 14, 15, 40];

/** Collects every number in a nested result and checks each is finite. */
function expectFiniteOrNull(value: unknown, where: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${where}: ${value}`).toBe(true);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => expectFiniteOrNull(item, `${where}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) expectFiniteOrNull(item, `${where}.${key}`);
    return;
  }
  throw new Error(`${where}: unexpected ${typeof value}`);
}

const cases = Object.entries(shapes).flatMap(([shape, make]) =>
  lengths.flatMap((length) => [1, 2, 3].map((seed) => ({ shape, make, length, seed }))),
);

describe('no NaN or Infinity in any output', () => {
  it.each(cases)('$shape, $length points, seed $seed', ({ make, length, seed }) => {
    const next = random(seed * 7919 + length);
    const values = make(next, length);
    const flows = make(next, length).map((f) => (next() < 0.5 ? -f : f));
    const series: ValuationDay[] = values.map((value, i) => ({ date: dateOf(i), value, inflow: Math.max(flows[i]!, 0), outflow: Math.max(-flows[i]!, 0) }));
    const closes: Close[] = values.map((close, i) => ({ date: dateOf(i), close }));

    const returns = dailyReturns(series);
    const index = twrIndex(series);
    const total = twr(returns);
    const annual = annualize(total, dateOf(0), dateOf(Math.max(length - 1, 0)));
    const vol = volatility(returns);
    const benchmark = dailyReturns(series.map((day) => ({ ...day, value: day.value * 1.5, inflow: 0, outflow: 0 })));
    const outputs: Record<string, unknown> = {
      returns,
      index,
      total,
      annual,
      vol,
      sharpe: sharpe(annual, 0.02, vol),
      sortino: sortino(annual, 0.02, returns),
      downside: downsideDeviation(returns),
      maxDrawdown: maxDrawdown(index),
      drawdowns: drawdownSeries(index),
      beta: beta(returns, benchmark),
      correlation: correlation(returns, benchmark),
      xirr: xirr(series.map(({ date, inflow, outflow }) => ({ date, amount: inflow - outflow }))),
      mean: mean(values),
      sampleStdev: sampleStdev(values),
      populationStdev: populationStdev(values),
      sma: sma(closes, 3),
      ema: ema(closes, 3),
      rsi: rsi(closes),
      rsiShort: rsi(closes, 2),
      macd: macd(closes),
      macdShort: macd(closes, 2, 3, 2),
      bollinger: bollinger(closes),
      bollingerShort: bollinger(closes, 2, 2),
    };
    for (const [name, output] of Object.entries(outputs)) expectFiniteOrNull(output, name);

    // Invariants that hold for every input.
    expect(index).toHaveLength(length);
    expect(maxDrawdown(index).drawdown).toBeLessThanOrEqual(0);
    for (const indicator of [sma(closes, 3), rsi(closes), bollinger(closes), macd(closes)]) expect(indicator).toHaveLength(length);
  });

  it('keeps the chained TWR equal to the last index value minus 1', () => {
    const next = random(99);
    const series: ValuationDay[] = Array.from({ length: 60 }, (_, i) => ({
      date: dateOf(i),
      value: next() < 0.1 ? 0 : 1000 + Math.round(next() * 500),
      inflow: next() < 0.1 ? Math.round(next() * 200) : 0,
      outflow: next() < 0.1 ? Math.round(next() * 200) : 0,
    }));
    expect(twr(dailyReturns(series))).toBeCloseTo(twrIndex(series).at(-1)!.value - 1, 12);
  });
});
