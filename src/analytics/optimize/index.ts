import { OptimizationError } from './errors.js';
import { expectedReturns, ledoitWolf, sampleCovariance, simpleReturns } from './estimators.js';
import { hierarchicalRiskParity } from './hierarchical-risk-parity.js';
import { cholesky, type Matrix, type Vector } from './linear-algebra.js';
import {
  checkBounds,
  efficientFrontier,
  efficientReturn,
  efficientRisk,
  figures,
  maxSharpe,
  minVolatility,
  type Bounds,
  type MeanVarianceProblem,
  type PortfolioFigures,
} from './mean-variance.js';
import { riskParity } from './risk-parity.js';

export { OptimizationError, type OptimizationFailure } from './errors.js';
export { expectedReturns, ledoitWolf, sampleCovariance, simpleReturns, TRADING_DAYS } from './estimators.js';
export { hierarchicalRiskParity, quasiDiagonalOrder, singleLinkage } from './hierarchical-risk-parity.js';
export * from './mean-variance.js';
export { riskContributions, riskParity } from './risk-parity.js';

export { BOUNDED_OBJECTIVES, COVARIANCES, OBJECTIVES, type CovarianceEstimator, type Objective } from './choices.js';
import type { CovarianceEstimator, Objective } from './choices.js';

export interface OptimizationInput {
  /** Daily closes aligned on common dates, in one currency: closes[t][i] is asset i on day t. */
  closes: number[][];
  objective: Objective;
  covariance: CovarianceEstimator;
  bounds: Bounds;
  riskFreeRate: number;
  /** The target return or volatility (target-return, target-volatility). */
  target?: number;
  /** Points of the efficient frontier to add (none when absent). */
  frontierPoints?: number;
}

export interface OptimizationResult extends PortfolioFigures {
  mu: Vector;
  cov: Matrix;
  /** Ledoit-Wolf's shrinkage intensity δ (0 for the sample covariance). */
  shrinkage: number;
  frontier: PortfolioFigures[] | null;
}

export function estimate(closes: number[][], covariance: CovarianceEstimator): { mu: Vector; cov: Matrix; shrinkage: number } {
  const returns = simpleReturns(closes);
  const mu = expectedReturns(returns);
  if (covariance === 'sample') return { mu, cov: sampleCovariance(returns), shrinkage: 0 };
  const { covariance: cov, shrinkage } = ledoitWolf(returns);
  return { mu, cov, shrinkage };
}

function solve(problem: MeanVarianceProblem, objective: Objective, target: number | undefined): Vector {
  switch (objective) {
    case 'min-volatility':
      return minVolatility(problem);
    case 'max-sharpe':
      return maxSharpe(problem);
    case 'target-return':
      return efficientReturn(problem, target!);
    case 'target-volatility':
      return efficientRisk(problem, target!);
    case 'risk-parity':
      return riskParity(problem.cov);
    case 'hrp':
      return hierarchicalRiskParity(problem.cov);
  }
}

/** Estimates returns and covariance from the closes, then finds the weights the objective asks for. */
export function optimizePortfolio(input: OptimizationInput): OptimizationResult {
  const { mu, cov, shrinkage } = estimate(input.closes, input.covariance);
  if (!cholesky(cov)) {
    throw new OptimizationError('singular_covariance', 'The covariance matrix is singular');
  }
  const problem: MeanVarianceProblem = { mu, cov, bounds: input.bounds, riskFreeRate: input.riskFreeRate };
  if (input.frontierPoints !== undefined) checkBounds(mu.length, input.bounds);
  const weights = solve(problem, input.objective, input.target);
  const frontier = input.frontierPoints === undefined ? null : efficientFrontier(problem, input.frontierPoints).map((w) => figures(problem, w));
  return { ...figures(problem, weights), mu, cov, shrinkage, frontier };
}
