import type { Matrix, Vector } from './linear-algebra.js';

/** Trading days in a year: daily figures are annualised with it (PyPortfolioOpt's `frequency`). */
export const TRADING_DAYS = 252;

/**
 * Simple daily returns r_t = p_t / p_{t−1} − 1 from closes aligned on common dates
 * (`closes[t][i]`: day t, asset i); one row fewer than the closes.
 */
export function simpleReturns(closes: readonly (readonly number[])[]): Matrix {
  const returns: Matrix = [];
  for (let t = 1; t < closes.length; t++) returns.push(closes[t]!.map((p, i) => p / closes[t - 1]![i]! - 1));
  return returns;
}

/**
 * The compounded mean historical return of each asset, (∏(1 + r_t))^(252/n) − 1 with n daily
 * returns: PyPortfolioOpt's `mean_historical_return(compounding=True)`.
 */
export function expectedReturns(returns: Matrix, frequency = TRADING_DAYS): Vector {
  const n = returns.length;
  const assets = returns[0]?.length ?? 0;
  const result: Vector = [];
  for (let i = 0; i < assets; i++) {
    // Summing logs keeps ten years of daily products from drifting; the same number as the product.
    let logGrowth = 0;
    for (const row of returns) logGrowth += Math.log1p(row[i]!);
    result.push(Math.expm1((logGrowth * frequency) / n));
  }
  return result;
}

function columnMeans(returns: Matrix): Vector {
  const means = new Array<number>(returns[0]!.length).fill(0);
  for (const row of returns) row.forEach((r, i) => (means[i]! += r));
  return means.map((s) => s / returns.length);
}

/** X'X of the demeaned returns (the scatter matrix) and the demeaned returns themselves. */
function scatter(returns: Matrix): { centred: Matrix; scatter: Matrix } {
  const means = columnMeans(returns);
  const centred = returns.map((row) => row.map((r, i) => r - means[i]!));
  const p = means.length;
  const s: Matrix = means.map(() => new Array<number>(p).fill(0));
  for (const row of centred) {
    for (let i = 0; i < p; i++) {
      const ri = row[i]!;
      const si = s[i]!;
      for (let j = i; j < p; j++) si[j]! += ri * row[j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) s[i]![j] = s[j]![i]!;
  return { centred, scatter: s };
}

/** The sample covariance of the daily returns (n − 1 in the denominator) × 252: PyPortfolioOpt's `sample_cov`. */
export function sampleCovariance(returns: Matrix, frequency = TRADING_DAYS): Matrix {
  const n = returns.length;
  return scatter(returns).scatter.map((row) => row.map((s) => (s / (n - 1)) * frequency));
}

/**
 * Ledoit-Wolf shrinkage towards a constant variance, as PyPortfolioOpt's
 * `CovarianceShrinkage.ledoit_wolf()` defines it (scikit-learn's `ledoit_wolf` on the demeaned
 * returns, then × 252). With S = X'X / n (note: n, not n − 1) and μ = trace(S) / p:
 *   Σ = (1 − δ) S + δ μ I,  δ = min(β, d) / d,
 *   d = ‖S − μI‖²_F / p,  β = (Σ_t ‖x_t x_t'‖²_F / n − ‖S‖²_F) / (n p)   (δ = 0 when β = 0).
 */
export function ledoitWolf(returns: Matrix, frequency = TRADING_DAYS): { covariance: Matrix; shrinkage: number } {
  const n = returns.length;
  const { centred, scatter: xtx } = scatter(returns);
  const p = xtx.length;
  if (p === 1) return { covariance: [[(xtx[0]![0]! / n) * frequency]], shrinkage: 0 };
  const empirical = xtx.map((row) => row.map((s) => s / n));
  const mu = empirical.reduce((t, row, i) => t + row[i]!, 0) / p;
  // sklearn's beta_: the sum of every entry of X2'X2 (X2 the squared returns) = Σ_t (Σ_i x_ti²)².
  let beta_ = 0;
  for (const row of centred) {
    let squares = 0;
    for (const x of row) squares += x * x;
    beta_ += squares * squares;
  }
  let delta_ = 0;
  for (const row of xtx) for (const s of row) delta_ += s * s;
  delta_ /= n * n;
  const traceSum = mu * p;
  let beta = (beta_ / n - delta_) / (p * n);
  const delta = (delta_ - 2 * mu * traceSum + p * mu * mu) / p;
  beta = Math.min(beta, delta);
  const shrinkage = beta === 0 ? 0 : beta / delta;
  const covariance = empirical.map((row, i) => row.map((s, j) => ((1 - shrinkage) * s + (i === j ? shrinkage * mu : 0)) * frequency));
  return { covariance, shrinkage };
}
