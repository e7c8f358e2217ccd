import { describe, expect, it } from 'vitest';
import type { AllocationLine } from '../../src/core/allocation/allocation.js';
import { FolioError } from '../../src/core/errors.js';
import { currentWeights, optimizeMatrix, weightsAsTargets, type OptimizeOptions } from '../../src/core/optimize/optimize.js';
import type { PriceMatrix } from '../../src/core/optimize/price-matrix.js';

const OPTIONS: OptimizeOptions = { objective: 'min-volatility', covariance: 'sample', lower: 0, upper: 1, riskFreeRate: 0 };
const day = (t: number) => new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10);
/** `days` closes of symbols whose prices wobble differently (A: ±1%, B: ±2% out of step), or stay flat. */
function matrix(days: number, flatB = false): PriceMatrix {
  const closes = Array.from({ length: days }, (_, t) => [100 * (1 + 0.01 * Math.sin(t)), flatB ? 50 : 50 * (1 + 0.02 * Math.cos(t * 1.7))]);
  return { symbols: ['A', 'B'], dates: Array.from({ length: days }, (_, t) => day(t)), closes };
}
function failure(work: () => unknown): FolioError {
  try {
    work();
  } catch (error) {
    if (error instanceof FolioError) return error;
    throw error;
  }
  throw new Error('expected a FolioError');
}

describe('optimizeMatrix refuses what cannot be optimised, saying why', () => {
  it('one symbol', () => {
    const one: PriceMatrix = { symbols: ['A'], dates: [day(0)], closes: [[1]] };
    expect(failure(() => optimizeMatrix(one, OPTIONS, null))).toMatchObject({ kind: 'usage', code: 'too_few_symbols' });
  });

  it('fewer than 60 common closes, naming the span', () => {
    const error = failure(() => optimizeMatrix(matrix(59), OPTIONS, null));
    expect(error).toMatchObject({ kind: 'usage', code: 'too_few_closes' });
    expect(error.message).toBe(
      'Only 59 days (2024-01-01 to 2024-02-28) have a close of every symbol; optimisation needs at least 60: widen the window with --period or --from.',
    );
  });

  it('a singular covariance, naming the symbol that never moved', () => {
    const error = failure(() => optimizeMatrix(matrix(80, true), OPTIONS, null));
    expect(error).toMatchObject({ kind: 'usage', code: 'singular_covariance' });
    expect(error.message).toMatch(/^The covariance matrix of A, B is singular \(B did not move over the window\): .*--cov ledoit-wolf\.$/);
  });

  it('infeasible bounds, with what is feasible', () => {
    const error = failure(() => optimizeMatrix(matrix(80), { ...OPTIONS, upper: 0.4 }, null));
    expect(error).toMatchObject({ kind: 'usage', code: 'infeasible_bounds' });
    expect(error.message).toMatch(/with 2 symbols it must be at least 0\.5\./);
  });

  it('gives the window actually used and the figures of the current weights', () => {
    const result = optimizeMatrix(matrix(80), OPTIONS, { A: 1, B: 0 });
    expect([result.from, result.to, result.closes]).toEqual(['2024-01-01', day(79), 80]);
    // All in A: the current portfolio's volatility is A's own, √(sample variance of its daily returns × 252).
    const prices = matrix(80).closes.map((row) => row[0]!);
    const returns = prices.slice(1).map((p, t) => p / prices[t]! - 1);
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
    expect(result.current!.volatility).toBeCloseTo(Math.sqrt(variance * 252), 12);
  });
});

describe('current weights and targets', () => {
  const line = (symbol: string, value: string): AllocationLine => ({
    symbol,
    value,
    quantity: '1',
    close: null,
    rate: null,
    class: null,
    sector: null,
    currency: 'USD',
  });

  it('are shares of what is held in the universe (cash and other symbols left out)', () => {
    // AAA 300 and BBB 100 of a universe AAA, BBB, DDD: 300/400 = 0.75, 100/400 = 0.25, DDD 0; CCC (600) is outside.
    expect(currentWeights([line('AAA', '300'), line('BBB', '100'), line('CCC', '600')], ['AAA', 'BBB', 'DDD'])).toEqual({ AAA: 0.75, BBB: 0.25, DDD: 0 });
    expect(currentWeights([line('CCC', '600')], ['AAA', 'BBB'])).toBeNull();
  });

  it('become the percentages the rebalancer takes', () => {
    expect(weightsAsTargets({ A: 0.123456789, B: 0.876543211, C: 0 })).toEqual({ A: '12.345679', B: '87.654321', C: '0.000000' });
  });
});
