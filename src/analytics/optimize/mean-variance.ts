import { OptimizationError } from './errors.js';
import { dot, quadraticForm, sum, type Matrix, type Vector } from './linear-algebra.js';
import { solveQuadraticProgram, type LinearConstraint } from './quadratic-program.js';

/** Every weight in [lower, upper]; the weights add up to 1 (long-only by default: [0, 1]). */
export interface Bounds {
  lower: number;
  upper: number;
}

export interface MeanVarianceProblem {
  /** Expected annual returns. */
  mu: Vector;
  /** Annualised covariance (positive definite). */
  cov: Matrix;
  bounds: Bounds;
  riskFreeRate: number;
}

export interface PortfolioFigures {
  weights: Vector;
  expectedReturn: number;
  volatility: number;
  /** (expected return − risk-free rate) / volatility; null when the volatility is 0. */
  sharpe: number | null;
}

const fraction = (x: number) => Number(x.toPrecision(6));

export function figures(problem: MeanVarianceProblem, weights: Vector): PortfolioFigures {
  const expectedReturn = dot(problem.mu, weights);
  const volatility = Math.sqrt(Math.max(0, quadraticForm(problem.cov, weights)));
  return { weights, expectedReturn, volatility, sharpe: volatility > 0 ? (expectedReturn - problem.riskFreeRate) / volatility : null };
}

/** Bounds that no set of weights adding up to 1 can meet are an error saying what would do. */
export function checkBounds(n: number, { lower, upper }: Bounds): void {
  if (lower > upper) throw new OptimizationError('infeasible_bounds', `--min-weight ${lower} is above --max-weight ${upper}.`);
  if (n * lower > 1 + 1e-12) {
    throw new OptimizationError('infeasible_bounds', `--min-weight ${lower} × ${n} symbols is more than 100%: with ${n} symbols it can be at most ${fraction(1 / n)}.`);
  }
  if (n * upper < 1 - 1e-12) {
    throw new OptimizationError('infeasible_bounds', `--max-weight ${upper} × ${n} symbols is less than 100%: with ${n} symbols it must be at least ${fraction(1 / n)}.`);
  }
}

const unit = (n: number, i: number, scale = 1) => Array.from({ length: n }, (_, j) => (j === i ? scale : 0));
const ones = (n: number, value = 1) => new Array<number>(n).fill(value);

/** lower ≤ w_i ≤ upper, as a'w ≥ b rows (an upper bound of 1 or more is implied by the others and left out). */
function boundRows(n: number, { lower, upper }: Bounds): LinearConstraint[] {
  const rows: LinearConstraint[] = [];
  for (let i = 0; i < n; i++) rows.push({ a: unit(n, i), b: lower });
  if (upper < 1) for (let i = 0; i < n; i++) rows.push({ a: unit(n, i, -1), b: -upper });
  return rows;
}

/** Rounding noise off the solver's weights: each inside its bounds. */
const tidy = (weights: Vector, { lower, upper }: Bounds) => weights.map((w) => Math.min(upper, Math.max(lower, w)));

function minimiseVariance(problem: MeanVarianceProblem, extra: LinearConstraint[]): Vector | null {
  const n = problem.mu.length;
  const solution = solveQuadraticProgram({
    q: problem.cov,
    equalities: [{ a: ones(n), b: 1 }],
    inequalities: [...extra, ...boundRows(n, problem.bounds)],
  });
  return solution && tidy(solution, problem.bounds);
}

/** The global minimum-variance portfolio within the bounds: min w'Σw s.t. Σw = 1, lower ≤ w ≤ upper. */
export function minVolatility(problem: MeanVarianceProblem): Vector {
  checkBounds(problem.mu.length, problem.bounds);
  const weights = minimiseVariance(problem, []);
  if (!weights) throw new OptimizationError('infeasible_bounds', 'No weights meet the bounds.');
  return weights;
}

/** The highest expected return within the bounds (a linear program solved greedily: fill the best assets first). */
export function maxReturnWeights(problem: MeanVarianceProblem): Vector {
  const { lower, upper } = problem.bounds;
  const n = problem.mu.length;
  const weights = ones(n, lower);
  let left = 1 - n * lower;
  const best = problem.mu.map((m, i) => ({ m, i })).sort((a, b) => b.m - a.m || a.i - b.i);
  for (const { i } of best) {
    const add = Math.min(upper - lower, left);
    weights[i] = lower + add;
    left -= add;
  }
  return weights;
}

export const maxReturn = (problem: MeanVarianceProblem) => dot(problem.mu, maxReturnWeights(problem));

/**
 * The efficient portfolio for a target return: min w'Σw s.t. μ'w ≥ target (PyPortfolioOpt's
 * `efficient_return`; below the minimum-volatility portfolio's return that portfolio is the answer).
 */
export function efficientReturn(problem: MeanVarianceProblem, target: number): Vector {
  checkBounds(problem.mu.length, problem.bounds);
  const highest = maxReturn(problem);
  if (target > highest) {
    throw new OptimizationError('infeasible_target', `--target return ${target} is above the highest attainable expected return, ${fraction(highest)}.`);
  }
  return minimiseVariance(problem, [{ a: problem.mu, b: target }]) ?? frontierTop(problem);
}

/** The least-variance portfolio among those of the highest attainable return (the frontier's last point). */
export function frontierTop(problem: MeanVarianceProblem): Vector {
  const highest = maxReturn(problem);
  // At exactly the maximum the feasible set is a face of the box; rounding may make it empty.
  for (const slack of [0, 1e-12, 1e-9]) {
    const weights = minimiseVariance(problem, [{ a: problem.mu, b: highest - slack * Math.max(1, Math.abs(highest)) }]);
    if (weights) return weights;
  }
  return maxReturnWeights(problem);
}

/**
 * The highest return for a target volatility: max μ'w s.t. w'Σw ≤ target² (PyPortfolioOpt's
 * `efficient_risk`). Not a QP: along the efficient frontier volatility rises with the target
 * return, so the answer is the frontier point whose volatility is the target, found by bisection
 * on the target return (each step one QP), or the frontier's top when even that is below the target.
 */
export function efficientRisk(problem: MeanVarianceProblem, target: number): Vector {
  const lowest = minVolatility(problem);
  const lowestVol = figures(problem, lowest).volatility;
  if (target < lowestVol * (1 - 1e-9)) {
    throw new OptimizationError('infeasible_target', `--target volatility ${target} is below the lowest attainable volatility, ${fraction(lowestVol)}.`);
  }
  const top = frontierTop(problem);
  if (figures(problem, top).volatility <= target) return top;
  let low = dot(problem.mu, lowest);
  let high = dot(problem.mu, top);
  let best = lowest;
  for (let i = 0; i < 200 && high - low > 1e-14 * Math.max(1, Math.abs(high)); i++) {
    const middle = (low + high) / 2;
    const weights = efficientReturn(problem, middle);
    if (figures(problem, weights).volatility <= target) {
      low = middle;
      best = weights;
    } else {
      high = middle;
    }
  }
  return best;
}

/**
 * The tangency portfolio (maximum Sharpe ratio) through the convex reformulation of Cornuejols
 * and Tütüncü (Optimization Methods in Finance, 2006, §8.2), as PyPortfolioOpt's `max_sharpe`:
 * min y'Σy s.t. (μ − rf)'y = 1, Σy = k ≥ 0, k·lower ≤ y ≤ k·upper; then w = y / k.
 */
export function maxSharpe(problem: MeanVarianceProblem): Vector {
  const n = problem.mu.length;
  checkBounds(n, problem.bounds);
  const { lower, upper } = problem.bounds;
  const highest = maxReturn(problem);
  if (highest <= problem.riskFreeRate) {
    throw new OptimizationError(
      'no_excess_return',
      `No portfolio within the bounds is expected to beat the risk-free rate ${problem.riskFreeRate} (the highest expected return is ${fraction(highest)}): lower --risk-free or pick another objective.`,
    );
  }
  const rows: LinearConstraint[] = [{ a: ones(n), b: 0 }];
  for (let i = 0; i < n; i++) rows.push({ a: ones(n, -lower).map((x, j) => (j === i ? x + 1 : x)), b: 0 });
  if (upper < 1) for (let i = 0; i < n; i++) rows.push({ a: ones(n, upper).map((x, j) => (j === i ? x - 1 : x)), b: 0 });
  const y = solveQuadraticProgram({
    q: problem.cov,
    equalities: [{ a: problem.mu.map((m) => m - problem.riskFreeRate), b: 1 }],
    inequalities: rows,
  });
  if (!y) throw new OptimizationError('no_excess_return', 'No portfolio within the bounds has an expected return above the risk-free rate.');
  const k = sum(y);
  return tidy(
    y.map((v) => v / k),
    problem.bounds,
  );
}

/**
 * `points` portfolios of the efficient frontier, from the minimum-volatility portfolio up to the
 * highest attainable return, at evenly spaced target returns.
 */
export function efficientFrontier(problem: MeanVarianceProblem, points: number): Vector[] {
  const lowest = minVolatility(problem);
  const top = frontierTop(problem);
  const low = dot(problem.mu, lowest);
  const high = dot(problem.mu, top);
  const frontier: Vector[] = [lowest];
  for (let i = 1; i < points - 1; i++) frontier.push(efficientReturn(problem, low + ((high - low) * i) / (points - 1)));
  if (points > 1) frontier.push(top);
  return frontier;
}
