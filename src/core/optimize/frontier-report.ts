import { gatherAllocationInput } from '../allocation/inputs.js';
import { usageError } from '../errors.js';
import type { Position } from '../ledger/types.js';
import type { MarketData } from '../ports.js';
import { currentWeights, optimizeMatrix, type Optimization, type PointFigures } from './optimize.js';
import { gatherPriceMatrix } from './price-matrix.js';

/** The efficient frontier of what a portfolio holds, for the report's chart. */
export interface FrontierReport {
  symbols: string[];
  /** The first and last common close the estimates use. */
  from: string;
  to: string;
  closes: number;
  riskFreeRate: number;
  points: PointFigures[];
  current: PointFigures | null;
  /** The tangency portfolio; null when nothing beats the risk-free rate. */
  maxSharpe: PointFigures | null;
}

export const REPORT_FRONTIER_POINTS = 30;

/**
 * The frontier of the positions open at `to` (long-only, sample covariance) over the closes from
 * `from` (null: all common closes) to `to`, with the current portfolio and the maximum-Sharpe point.
 */
export async function frontierReport(
  market: MarketData,
  positions: Position[],
  baseCurrency: string,
  window: { from: string | null; to: string },
  riskFreeRate: number,
): Promise<FrontierReport> {
  const open = positions.filter((p) => p.quantity !== '0');
  const symbols = open.map((p) => p.symbol).sort();
  if (symbols.length < 2) throw usageError(`--frontier needs at least two holdings on ${window.to} (there ${symbols.length === 1 ? 'is one' : 'are none'}).`, 'too_few_symbols');
  const input = await gatherAllocationInput(market, { positions: open, cash: [], baseCurrency, asOf: window.to, targets: {}, quotes: false });
  const current = currentWeights(input.lines, symbols);
  const matrix = await gatherPriceMatrix(market, symbols, baseCurrency, window.from, window.to);
  const options = { covariance: 'sample' as const, lower: 0, upper: 1, riskFreeRate };
  const frontier = optimizeMatrix(matrix, { ...options, objective: 'min-volatility', frontierPoints: REPORT_FRONTIER_POINTS }, current);
  let maxSharpe: Optimization | null = null;
  try {
    maxSharpe = optimizeMatrix(matrix, { ...options, objective: 'max-sharpe' }, null);
  } catch {
    maxSharpe = null; // nothing beats the risk-free rate: no tangency point to mark
  }
  const point = (f: PointFigures): PointFigures => ({ expectedReturn: f.expectedReturn, volatility: f.volatility, sharpe: f.sharpe });
  return {
    symbols,
    from: frontier.from,
    to: frontier.to,
    closes: frontier.closes,
    riskFreeRate,
    points: frontier.frontier!.map(point),
    current: frontier.current,
    maxSharpe: maxSharpe && point(maxSharpe),
  };
}
