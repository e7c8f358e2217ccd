import type { DailyReturn, IndexPoint } from './returns.js';
import { finiteOrNull, sampleCovariance, sampleStdev, sampleVariance } from './statistics.js';

const TRADING_DAYS = 252;
const ANNUAL_SCALE = Math.sqrt(TRADING_DAYS);

/** Annualised volatility: sample standard deviation of the daily returns × √252; null with fewer than 2. */
export function volatility(returns: readonly DailyReturn[]): number | null {
  const deviation = sampleStdev(returns.map(({ r }) => r));
  return deviation === null ? null : finiteOrNull(deviation * ANNUAL_SCALE);
}

/**
 * Sharpe ratio (annualised TWR − risk-free rate) / volatility. Null when either input is
 * unknown or the volatility is 0 (a riskless path has no reward-per-risk ratio).
 */
export function sharpe(annualizedTwr: number | null, riskFreeRate: number, vol: number | null): number | null {
  if (annualizedTwr === null || vol === null || vol === 0) return null;
  return finiteOrNull((annualizedTwr - riskFreeRate) / vol);
}

/**
 * Downside deviation √(Σ min(r_d, 0)² / n) × √252 with n the number of ALL daily returns (not
 * just the negative ones); null when there are none.
 */
export function downsideDeviation(returns: readonly DailyReturn[]): number | null {
  if (returns.length === 0) return null;
  let squares = 0;
  for (const { r } of returns) squares += Math.min(r, 0) ** 2;
  return finiteOrNull(Math.sqrt(squares / returns.length) * ANNUAL_SCALE);
}

/**
 * Sortino ratio (annualised TWR − risk-free rate) / downside deviation. Null when the inputs are
 * unknown, there are no returns, or no return was negative (the downside deviation is 0).
 */
export function sortino(annualizedTwr: number | null, riskFreeRate: number, returns: readonly DailyReturn[]): number | null {
  const downside = downsideDeviation(returns);
  if (annualizedTwr === null || downside === null || downside === 0) return null;
  return finiteOrNull((annualizedTwr - riskFreeRate) / downside);
}

export interface DrawdownPoint {
  date: string;
  /** Fall from the highest earlier index value, a fraction ≤ 0 (0 at a new peak). */
  drawdown: number;
}

export interface MaxDrawdown {
  /** The deepest fall from a previous peak, a fraction ≤ 0; 0 when the index never falls. */
  drawdown: number;
  /** Date of the peak the deepest fall started from; null when it never falls. */
  from: string | null;
  /** Date of the trough; null when it never falls. */
  to: string | null;
}

interface PeakedPoint extends DrawdownPoint {
  peakDate: string;
}

/**
 * The running fall below the highest value so far. A repeated peak moves the peak date to the
 * latest day at that level, where the fall actually starts. Until the index has been positive
 * there is nothing to fall from, so those days count as 0.
 */
function withPeaks(index: readonly IndexPoint[]): PeakedPoint[] {
  let peak = -Infinity;
  let peakDate = '';
  return index.map(({ date, value }) => {
    if (value >= peak) {
      peak = value;
      peakDate = date;
    }
    const drawdown = peak > 0 ? finiteOrNull(value / peak - 1) ?? 0 : 0;
    return { date, drawdown, peakDate };
  });
}

/** Per-day drawdown of an index (the TWR index for history output). */
export function drawdownSeries(index: readonly IndexPoint[]): DrawdownPoint[] {
  return withPeaks(index).map(({ date, drawdown }) => ({ date, drawdown }));
}

/** The deepest fall of an index from a previous peak; the first of equally deep falls wins. */
export function maxDrawdown(index: readonly IndexPoint[]): MaxDrawdown {
  let deepest: MaxDrawdown = { drawdown: 0, from: null, to: null };
  for (const point of withPeaks(index)) {
    if (point.drawdown < deepest.drawdown) deepest = { drawdown: point.drawdown, from: point.peakDate, to: point.date };
  }
  return deepest;
}

/** Pairs of returns on the dates both series have, in the portfolio's order. */
export function alignReturns(
  portfolio: readonly DailyReturn[],
  benchmark: readonly DailyReturn[],
): { portfolio: number[]; benchmark: number[] } {
  const benchmarkByDate = new Map(benchmark.map(({ date, r }) => [date, r]));
  const aligned = { portfolio: [] as number[], benchmark: [] as number[] };
  for (const { date, r } of portfolio) {
    const b = benchmarkByDate.get(date);
    if (b === undefined) continue;
    aligned.portfolio.push(r);
    aligned.benchmark.push(b);
  }
  return aligned;
}

/**
 * Beta: sample covariance of the date-aligned returns / sample variance of the benchmark's.
 * Null with fewer than 2 aligned days or a benchmark that never moved (zero variance).
 */
export function beta(portfolioReturns: readonly DailyReturn[], benchmarkReturns: readonly DailyReturn[]): number | null {
  const { portfolio, benchmark } = alignReturns(portfolioReturns, benchmarkReturns);
  const covariance = sampleCovariance(portfolio, benchmark);
  const variance = sampleVariance(benchmark);
  if (covariance === null || variance === null || variance === 0) return null;
  return finiteOrNull(covariance / variance);
}

/**
 * Pearson correlation of the date-aligned returns, clamped to [−1, 1] against rounding.
 * Null with fewer than 2 aligned days or when either series has zero variance.
 */
export function correlation(portfolioReturns: readonly DailyReturn[], benchmarkReturns: readonly DailyReturn[]): number | null {
  const { portfolio, benchmark } = alignReturns(portfolioReturns, benchmarkReturns);
  const covariance = sampleCovariance(portfolio, benchmark);
  const sp = sampleStdev(portfolio);
  const sb = sampleStdev(benchmark);
  if (covariance === null || sp === null || sb === null || sp === 0 || sb === 0) return null;
  const rho = finiteOrNull(covariance / (sp * sb));
  return rho === null ? null : Math.max(-1, Math.min(1, rho));
}
