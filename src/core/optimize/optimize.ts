import {
  figures,
  OptimizationError,
  optimizePortfolio,
  type CovarianceEstimator,
  type Objective,
  type OptimizationResult,
} from '../../analytics/optimize/index.js';
import { ratio, type AllocationLine } from '../allocation/allocation.js';
import { dec, ZERO } from '../decimal.js';
import { usageError } from '../errors.js';
import type { PriceMatrix } from './price-matrix.js';

/** Fewer common closes than this give estimates too noisy to optimise on. */
export const MIN_COMMON_CLOSES = 60;

export interface OptimizeOptions {
  objective: Objective;
  covariance: CovarianceEstimator;
  lower: number;
  upper: number;
  riskFreeRate: number;
  target?: number;
  frontierPoints?: number;
}

export type Weights = Record<string, number>;

export interface PointFigures {
  expectedReturn: number;
  volatility: number;
  sharpe: number | null;
}

export interface FrontierPoint extends PointFigures {
  weights: Weights;
}

export interface Optimization extends PointFigures {
  objective: Objective;
  /** The first and last common close of the window. */
  from: string;
  to: string;
  symbols: string[];
  closes: number;
  weights: Weights;
  /** Figures of the current weights (normalised over the symbols); null when none is held. */
  current: PointFigures | null;
  frontier: FrontierPoint[] | null;
}

const bySymbol = (symbols: string[], values: number[]): Weights => Object.fromEntries(symbols.map((s, i) => [s, values[i]!]));

function translate(error: unknown, matrix: PriceMatrix): never {
  if (!(error instanceof OptimizationError)) throw error;
  if (error.reason === 'singular_covariance') {
    const flat = matrix.symbols.filter((_, i) => matrix.closes.every((row) => row[i] === matrix.closes[0]![i]));
    const why = flat.length > 0 ? `${flat.join(', ')} did not move over the window` : 'some symbols move together exactly, or there are more symbols than days';
    throw usageError(
      `The covariance matrix of ${matrix.symbols.join(', ')} is singular (${why}): drop a symbol with --symbols, widen the window, or use --cov ledoit-wolf.`,
      'singular_covariance',
    );
  }
  throw usageError(error.message, error.reason);
}

/** Checks the universe and the window, then optimises (see analytics/optimize for every definition). */
export function optimizeMatrix(matrix: PriceMatrix, options: OptimizeOptions, current: Weights | null): Optimization {
  const { symbols, dates } = matrix;
  if (symbols.length < 2) {
    throw usageError(`Optimisation needs at least two symbols (got ${symbols.join(', ') || 'none'}): name them with --symbols A,B,…`, 'too_few_symbols');
  }
  if (dates.length < MIN_COMMON_CLOSES) {
    const span = dates.length > 0 ? ` (${dates[0]} to ${dates.at(-1)})` : '';
    throw usageError(
      `Only ${dates.length} days${span} have a close of every symbol; optimisation needs at least ${MIN_COMMON_CLOSES}: widen the window with --period or --from.`,
      'too_few_closes',
    );
  }
  let result: OptimizationResult;
  try {
    result = optimizePortfolio({
      closes: matrix.closes,
      objective: options.objective,
      covariance: options.covariance,
      bounds: { lower: options.lower, upper: options.upper },
      riskFreeRate: options.riskFreeRate,
      target: options.target,
      frontierPoints: options.frontierPoints,
    });
  } catch (error) {
    translate(error, matrix);
  }
  const problem = { mu: result.mu, cov: result.cov, bounds: { lower: options.lower, upper: options.upper }, riskFreeRate: options.riskFreeRate };
  const point = ({ expectedReturn, volatility, sharpe }: PointFigures): PointFigures => ({ expectedReturn, volatility, sharpe });
  return {
    objective: options.objective,
    from: dates[0]!,
    to: dates.at(-1)!,
    symbols,
    closes: dates.length,
    weights: bySymbol(symbols, result.weights),
    ...point(result),
    current: current && point(figures(problem, symbols.map((s) => current[s] ?? 0))),
    frontier: result.frontier && result.frontier.map((f) => ({ ...point(f), weights: bySymbol(symbols, f.weights) })),
  };
}

/** Weights as the target percentages `planRebalance` takes (a fraction 0.123456789 → '12.345679'). */
export function weightsAsTargets(weights: Weights): Record<string, string> {
  return Object.fromEntries(Object.entries(weights).map(([s, w]) => [s, (w * 100).toFixed(6)]));
}

/**
 * Each symbol's share of what the portfolio holds in the universe at market value (cash and
 * symbols outside the universe left out, so the weights compare with the optimised ones); null
 * when it holds none of them.
 */
export function currentWeights(lines: readonly AllocationLine[], symbols: readonly string[]): Weights | null {
  const values = new Map(lines.filter((l) => symbols.includes(l.symbol)).map((l) => [l.symbol, dec(l.value)]));
  const total = [...values.values()].reduce((s, v) => s.plus(v), ZERO);
  if (!total.gt(ZERO)) return null;
  return Object.fromEntries(symbols.map((s) => [s, ratio(values.get(s) ?? ZERO, total) ?? 0]));
}
