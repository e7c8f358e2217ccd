import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OBJECTIVES, optimizePortfolio, type Objective } from '../../../src/analytics/optimize/index.js';

/**
 * Weights against an independent implementation: reference.py (numpy/scipy, following
 * PyPortfolioOpt's definitions by other numerical routes; see its docstring) read the same
 * mock closes and printed reference.json. Regenerate with
 *   python3 test/analytics/optimize/reference.py > test/analytics/optimize/reference.json
 */

interface Figures {
  weights: number[];
  expectedReturn: number;
  volatility: number;
  sharpe: number;
}
interface Case {
  name: string;
  symbols: string[];
  from: string;
  to: string;
  covariance: 'sample' | 'ledoit-wolf';
  lower: number;
  upper: number;
  riskFree: number;
  targetReturn: number;
  targetVolatility: number;
  closes: number;
  firstDate: string;
  lastDate: string;
  mu: number[];
  cov: number[][];
  shrinkage: number;
  results: Record<Objective, Figures>;
  frontier: Figures[];
}

const root = new URL('../../../', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('test/analytics/optimize/reference.json', root), 'utf8')) as { cases: Case[] };
const rows = (file: string) =>
  readFileSync(new URL(`fixtures/${file}`, root), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

// The test's own reading of the fixtures (plain CSV, USD at the day's rate), not folio's price chain.
const closes = new Map<string, Map<string, number>>();
const currencies = new Map<string, string>();
for (const [symbol, date, close, currency] of rows('prices.csv')) {
  if (!closes.has(symbol!)) closes.set(symbol!, new Map());
  closes.get(symbol!)!.set(date!, Number(close));
  currencies.set(symbol!, currency!);
}
const usd = new Map<string, Array<[string, number]>>();
for (const [base, , date, rate] of rows('fx.csv')) {
  if (!usd.has(base!)) usd.set(base!, []);
  usd.get(base!)!.push([date!, Number(rate)]);
}
const usdRate = (currency: string, date: string) => (currency === 'USD' ? 1 : usd.get(currency)!.findLast(([d]) => d <= date)![1]);

function alignedCloses(c: Case): { dates: string[]; matrix: number[][] } {
  const dateSets = c.symbols.map((s) => new Set([...closes.get(s)!.keys()].filter((d) => d >= c.from && d <= c.to)));
  const dates = [...dateSets[0]!].filter((d) => dateSets.every((set) => set.has(d))).sort();
  return { dates, matrix: dates.map((d) => c.symbols.map((s) => closes.get(s)!.get(d)! * usdRate(currencies.get(s)!, d))) };
}

describe.each(reference.cases)('$name', (c) => {
  const { dates, matrix } = alignedCloses(c);
  const run = (objective: Objective, frontierPoints?: number) =>
    optimizePortfolio({
      closes: matrix,
      objective,
      covariance: c.covariance,
      bounds: { lower: c.lower, upper: c.upper },
      riskFreeRate: c.riskFree,
      target: objective === 'target-return' ? c.targetReturn : c.targetVolatility,
      frontierPoints,
    });

  it('aligns the same closes and estimates the same expected returns and covariance', () => {
    expect([dates.length, dates[0], dates.at(-1)]).toEqual([c.closes, c.firstDate, c.lastDate]);
    const result = run('min-volatility');
    result.mu.forEach((m, i) => expect(m).toBeCloseTo(c.mu[i]!, 12));
    result.cov.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(c.cov[i]![j]!, 12)));
    expect(result.shrinkage).toBeCloseTo(c.shrinkage, 12);
  });

  it.each(OBJECTIVES)('%s: weights within 1e-4', (objective) => {
    const expected = c.results[objective];
    const result = run(objective);
    result.weights.forEach((w, i) => expect(Math.abs(w - expected.weights[i]!), `${c.symbols[i]}: ${w} vs ${expected.weights[i]}`).toBeLessThan(1e-4));
    expect(result.expectedReturn).toBeCloseTo(expected.expectedReturn, 4);
    expect(result.volatility).toBeCloseTo(expected.volatility, 4);
    expect(result.sharpe!).toBeCloseTo(expected.sharpe, 3);
  });

  it('traces the efficient frontier from the minimum volatility to the highest return', () => {
    const frontier = run('min-volatility', c.frontier.length).frontier!;
    expect(frontier).toHaveLength(c.frontier.length);
    frontier.forEach((point, k) => {
      point.weights.forEach((w, i) => expect(Math.abs(w - c.frontier[k]!.weights[i]!), `point ${k}, ${c.symbols[i]}`).toBeLessThan(1e-4));
      expect(point.expectedReturn).toBeCloseTo(c.frontier[k]!.expectedReturn, 5);
    });
  });
});
