import { OptimizationError } from './errors.js';
import { cholesky, dot, multiply, solveCholesky, sum, type Matrix, type Vector } from './linear-algebra.js';

/**
 * Equal risk contribution (Maillard, Roncalli and Teïletche, 2010): long-only weights whose risk
 * contributions w_i (Σw)_i are all equal. Found through Spinu's convex formulation (2013):
 * y* = argmin ½ y'Σy − (1/n) Σ ln y_i over y > 0 has y_i (Σy)_i = 1/n for every i, and
 * w = y* / Σ y*. The function is strictly convex and smooth, so damped Newton steps (each a
 * Cholesky solve of Σ + diag(1/(n y_i²))) converge quadratically from any positive start.
 */
export function riskParity(cov: Matrix): Vector {
  const n = cov.length;
  const budget = 1 / n;
  if (!cholesky(cov)) throw new OptimizationError('singular_covariance', 'The covariance matrix is singular.');
  const objective = (y: Vector) => 0.5 * dot(y, multiply(cov, y)) - budget * sum(y.map(Math.log));
  // Start at inverse volatility scaled so that the contributions are about right.
  let y = cov.map((row, i) => Math.sqrt(budget / row[i]!));
  for (let iteration = 0; iteration < 100; iteration++) {
    const sy = multiply(cov, y);
    const gradient = y.map((v, i) => sy[i]! - budget / v);
    const hessian = cov.map((row, i) => row.map((c, j) => (i === j ? c + budget / y[i]! ** 2 : c)));
    const step = solveCholesky(cholesky(hessian)!, gradient);
    const decrement = dot(gradient, step);
    if (decrement < 1e-24) break;
    let t = 1;
    while (step.some((s, i) => y[i]! - t * s <= 0)) t /= 2;
    const before = objective(y);
    while (t > 1e-12 && objective(y.map((v, i) => v - t * step[i]!)) > before - 0.25 * t * decrement) t /= 2;
    y = y.map((v, i) => v - t * step[i]!);
  }
  const total = sum(y);
  return y.map((v) => v / total);
}

/** Each asset's share of the portfolio variance, w_i (Σw)_i / w'Σw. */
export function riskContributions(cov: Matrix, weights: Vector): Vector {
  const sw = multiply(cov, weights);
  const variance = dot(weights, sw);
  return weights.map((w, i) => (w * sw[i]!) / variance);
}
