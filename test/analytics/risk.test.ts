import { describe, expect, it } from 'vitest';
import {
  beta,
  correlation,
  downsideDeviation,
  drawdownSeries,
  maxDrawdown,
  sharpe,
  sortino,
  volatility,
  type DailyReturn,
  type IndexPoint,
} from '../../src/analytics/index.js';

const returnsOf = (rs: number[], firstDay = 1): DailyReturn[] =>
  rs.map((r, i) => ({ date: `2024-01-${String(firstDay + i).padStart(2, '0')}`, r }));

describe('volatility, Sharpe and Sortino', () => {
  // r = 0.01, −0.02, 0.03, 0.00
  //   mean = 0.02 / 4 = 0.005
  //   deviations 0.005, −0.025, 0.025, −0.005 → squares 0.000025 + 0.000625 + 0.000625 + 0.000025 = 0.0013
  //   sample variance = 0.0013 / 3; annualised variance = 0.0013 / 3 × 252 = 0.0013 × 84 = 0.1092
  //   volatility = √0.1092 ≈ 0.330454
  //   downside: min(r, 0) = 0, −0.02, 0, 0 → Σ² = 0.0004; / n = 4 → 0.0001; √ = 0.01; × √252 ≈ 0.158745
  const returns = returnsOf([0.01, -0.02, 0.03, 0]);

  it('annualises the sample standard deviation with √252', () => {
    expect(volatility(returns)).toBeCloseTo(Math.sqrt(0.1092), 12);
    expect(volatility(returns)).toBeCloseTo(0.330454, 6);
  });

  it('computes Sharpe as excess annual return over volatility', () => {
    // (0.12 − 0.02) / √0.1092 = 0.1 / 0.330454 ≈ 0.302614
    expect(sharpe(0.12, 0.02, volatility(returns))).toBeCloseTo(0.302614, 6);
  });

  it('computes Sortino over the downside deviation of all n returns', () => {
    // 0.01 × √252 = 0.01 × 15.874508 = 0.158745; (0.12 − 0.02) / 0.158745 = 10 / √252 ≈ 0.629941
    expect(downsideDeviation(returns)).toBeCloseTo(0.158745, 6);
    expect(sortino(0.12, 0.02, returns)).toBeCloseTo(0.629941, 6);
  });

  it('is null where the ratio is undefined', () => {
    expect(volatility([])).toBeNull();
    expect(volatility(returnsOf([0.05]))).toBeNull(); // one return has no sample deviation
    expect(volatility(returnsOf([0.01, 0.01, 0.01]))).toBe(0);
    expect(sharpe(0.1, 0.02, 0)).toBeNull(); // a riskless path: no reward per unit of risk
    expect(sharpe(null, 0.02, 0.2)).toBeNull();
    expect(sharpe(0.1, 0.02, null)).toBeNull();
    expect(downsideDeviation([])).toBeNull();
    expect(sortino(0.1, 0.02, [])).toBeNull();
    expect(sortino(0.1, 0.02, returnsOf([0.01, 0.02]))).toBeNull(); // no negative day: downside 0
    expect(sortino(null, 0.02, returns)).toBeNull();
  });
});

describe('drawdown', () => {
  const index = (values: number[]): IndexPoint[] =>
    values.map((value, i) => ({ date: `2024-02-${String(i + 1).padStart(2, '0')}`, value }));

  // 1, 1.2, 0.9, 1.1, 0.6, 1.3:
  //   peak 1.2 on 02-02; 0.9 / 1.2 − 1 = −0.25; 1.1 / 1.2 − 1 = −1/12; 0.6 / 1.2 − 1 = −0.5; 1.3 is a new peak.
  const hills = index([1, 1.2, 0.9, 1.1, 0.6, 1.3]);

  it('finds the deepest fall from a previous peak', () => {
    const deepest = maxDrawdown(hills);
    expect(deepest.drawdown).toBeCloseTo(-0.5, 12);
    expect(deepest.from).toBe('2024-02-02');
    expect(deepest.to).toBe('2024-02-05');
  });

  it('gives the per-day drawdown for history output', () => {
    const expected = [0, 0, -0.25, -1 / 12, -0.5, 0];
    const series = drawdownSeries(hills);
    expect(series.map((p) => p.date)).toEqual(hills.map((p) => p.date));
    series.forEach((point, i) => expect(point.drawdown).toBeCloseTo(expected[i]!, 12));
  });

  it('measures a later, deeper fall from a new, higher peak', () => {
    // Peak 1.5 on 02-04, trough 0.9 on 02-06: 0.9 / 1.5 − 1 = −0.4, deeper than 0.8 / 1 − 1 = −0.2.
    const deepest = maxDrawdown(index([1, 0.8, 1.2, 1.5, 1.4, 0.9, 1.0]));
    expect(deepest.drawdown).toBeCloseTo(-0.4, 12);
    expect(deepest).toMatchObject({ from: '2024-02-04', to: '2024-02-06' });
  });

  it('dates the fall from the last day at a repeated peak', () => {
    // 1.2 on 02-02 and again on 02-03, then 0.9: the fall starts on 02-03.
    expect(maxDrawdown(index([1, 1.2, 1.2, 0.9]))).toMatchObject({ from: '2024-02-03', to: '2024-02-04' });
  });

  it('is 0 with null dates when the index never falls', () => {
    expect(maxDrawdown(index([1, 1, 1.1, 1.3]))).toEqual({ drawdown: 0, from: null, to: null });
    expect(maxDrawdown([])).toEqual({ drawdown: 0, from: null, to: null });
    expect(maxDrawdown(index([1]))).toEqual({ drawdown: 0, from: null, to: null });
  });

  it('measures a total loss as −1', () => {
    expect(maxDrawdown(index([1, 0.5, 0])).drawdown).toBe(-1);
  });
});

describe('beta and correlation', () => {
  // Benchmark b = 0.01, −0.01, 0.01, −0.01 (mean 0); portfolio p = 0.03, −0.01, 0.01, −0.03 (mean 0).
  //   Σ p·b = 0.0003 + 0.0001 + 0.0001 + 0.0003 = 0.0008 → sample covariance 0.0008 / 3
  //   Σ b²  = 4 × 0.0001 = 0.0004                      → sample variance b 0.0004 / 3
  //   Σ p²  = 0.0009 + 0.0001 + 0.0001 + 0.0009 = 0.002 → sample variance p 0.002 / 3
  //   beta = 0.0008 / 0.0004 = 2
  //   correlation = 0.0008 / √(0.002 × 0.0004) = 0.0008 / √0.0000008 = 0.0008 / 0.000894427 = 2/√5 ≈ 0.894427
  const benchmark = returnsOf([0.01, -0.01, 0.01, -0.01]);
  const portfolio = returnsOf([0.03, -0.01, 0.01, -0.03]);

  it('computes beta as covariance over benchmark variance', () => {
    expect(beta(portfolio, benchmark)).toBeCloseTo(2, 12);
  });

  it('computes the correlation', () => {
    expect(correlation(portfolio, benchmark)).toBeCloseTo(2 / Math.sqrt(5), 12);
    expect(correlation(portfolio, benchmark)).toBeCloseTo(0.894427, 6);
  });

  it('uses only the dates both series have', () => {
    // Extra portfolio days before and after, and a benchmark day the portfolio lacks, change nothing.
    const widerPortfolio = [{ date: '2023-12-31', r: 0.5 }, ...portfolio, { date: '2024-01-09', r: -0.4 }];
    const widerBenchmark = [...benchmark, { date: '2024-01-08', r: 0.2 }];
    expect(beta(widerPortfolio, widerBenchmark)).toBeCloseTo(2, 12);
    expect(correlation(widerPortfolio, widerBenchmark)).toBeCloseTo(2 / Math.sqrt(5), 12);
  });

  it('is exactly ±1 correlated with a scaled copy', () => {
    // p = 2 × b: beta 2, correlation 1; p = −b: beta −1, correlation −1.
    const b = returnsOf([0.01, 0.02, -0.01, 0]);
    expect(beta(returnsOf([0.02, 0.04, -0.02, 0]), b)).toBeCloseTo(2, 12);
    expect(correlation(returnsOf([0.02, 0.04, -0.02, 0]), b)).toBeCloseTo(1, 12);
    expect(correlation(returnsOf([-0.01, -0.02, 0.01, 0]), b)).toBeCloseTo(-1, 12);
  });

  it('is null with fewer than 2 aligned days or zero variance', () => {
    expect(beta(portfolio, returnsOf([0.01], 4))).toBeNull(); // one common date
    expect(beta(portfolio, returnsOf([0.01, 0.02], 20))).toBeNull(); // no common date
    expect(beta([], [])).toBeNull();
    const flat = returnsOf([0.01, 0.01, 0.01, 0.01]);
    expect(beta(portfolio, flat)).toBeNull(); // a benchmark that never moves
    expect(correlation(portfolio, flat)).toBeNull();
    expect(correlation(flat, benchmark)).toBeNull(); // a portfolio that never moves
    expect(beta(flat, benchmark)).toBe(0); // ...has a beta, and it is 0
  });
});
