import { describe, expect, it } from 'vitest';
import {
  efficientFrontier,
  efficientReturn,
  efficientRisk,
  expectedReturns,
  hierarchicalRiskParity,
  ledoitWolf,
  maxSharpe,
  minVolatility,
  OptimizationError,
  optimizePortfolio,
  riskContributions,
  riskParity,
  sampleCovariance,
  simpleReturns,
  type MeanVarianceProblem,
} from '../../../src/analytics/optimize/index.js';

// Two assets: σ₁ = 0.2, σ₂ = 0.3, σ₁₂ = 0.006 (ρ = 0.1); μ = 5% and 15%.
const cov = [
  [0.04, 0.006],
  [0.006, 0.09],
];
const problem = (overrides: Partial<MeanVarianceProblem> = {}): MeanVarianceProblem => ({
  mu: [0.05, 0.15],
  cov,
  bounds: { lower: 0, upper: 1 },
  riskFreeRate: 0,
  ...overrides,
});

describe('two assets, by hand', () => {
  it('minimum variance: w₁ = (σ₂² − σ₁₂) / (σ₁² + σ₂² − 2σ₁₂)', () => {
    // (0.09 − 0.006) / (0.04 + 0.09 − 0.012) = 0.084 / 0.118 = 0.711864…
    const [w1, w2] = minVolatility(problem());
    expect(w1).toBeCloseTo(0.084 / 0.118, 12);
    expect(w2).toBeCloseTo(0.034 / 0.118, 12);
  });

  it('minimum variance with --max-weight 0.6: the bound holds and the rest goes to the other asset', () => {
    expect(minVolatility(problem({ bounds: { lower: 0, upper: 0.6 } }))).toEqual([0.6, expect.closeTo(0.4, 12)]);
  });

  it('target return 12%: the return constraint alone fixes w₁ = (0.15 − 0.12) / (0.15 − 0.05) = 0.3', () => {
    // Above the minimum-variance return 0.711864 × 0.05 + 0.288136 × 0.15 = 0.078814, so the constraint binds.
    expect(efficientReturn(problem(), 0.12)[0]).toBeCloseTo(0.3, 12);
  });

  it('target volatility 20%: the larger-return root of w\'Σw = 0.04', () => {
    // 0.04w² + 0.09(1 − w)² + 0.012w(1 − w) = 0.118w² − 0.168w + 0.09 = 0.04
    //   → w = (0.168 ± √(0.168² − 4 × 0.118 × 0.05)) / 0.236 = (0.168 ± 0.068) / 0.236 = 1 or 0.423729 (= 25/59);
    //   the second holds more of the 15% asset.
    expect(efficientRisk(problem(), 0.2)[0]).toBeCloseTo(25 / 59, 9);
  });

  it('maximum Sharpe, uncorrelated: w ∝ Σ⁻¹(μ − rf)', () => {
    // Σ = diag(0.04, 0.09), μ − rf = (0.1, 0.1) → (2.5, 1.1111) → w = (9/13, 4/13)
    const weights = maxSharpe(problem({ cov: [[0.04, 0], [0, 0.09]], mu: [0.12, 0.12], riskFreeRate: 0.02 }));
    expect(weights[0]).toBeCloseTo(9 / 13, 10);
    expect(weights[1]).toBeCloseTo(4 / 13, 10);
  });

  it('risk parity of two assets is inverse volatility, whatever the correlation', () => {
    // w ∝ (1/0.2, 1/0.3) = (5, 3.333) → (0.6, 0.4)
    const weights = riskParity(cov);
    expect(weights[0]).toBeCloseTo(0.6, 12);
    expect(weights[1]).toBeCloseTo(0.4, 12);
    riskContributions(cov, weights).forEach((c) => expect(c).toBeCloseTo(0.5, 12));
  });

  it('HRP of two assets is inverse variance: α = σ₂² / (σ₁² + σ₂²) = 0.09 / 0.13', () => {
    const [w1, w2] = hierarchicalRiskParity(cov);
    expect(w1).toBeCloseTo(9 / 13, 14);
    expect(w2).toBeCloseTo(4 / 13, 14);
  });

  it('the frontier runs from the minimum-variance portfolio to all in the 15% asset', () => {
    const frontier = efficientFrontier(problem(), 3);
    expect(frontier[0]![0]).toBeCloseTo(0.084 / 0.118, 10);
    // Middle point: return halfway, (0.078814 + 0.15) / 2 = 0.114407 → w₁ = (0.15 − 0.114407) / 0.1 = 0.355932
    expect(frontier[1]![0]).toBeCloseTo((0.15 - (0.05 * (0.084 / 0.118) + 0.15 * (0.034 / 0.118) + 0.15) / 2) / 0.1, 10);
    expect(frontier[2]).toEqual([0, expect.closeTo(1, 12)]);
  });
});

describe('HRP on three assets, by hand', () => {
  // σ = (0.1, 0.2, 0.3); ρ_AB = 0.8, C uncorrelated. Distances √((1 − ρ)/2): AB 0.316, AC = BC 0.707.
  // Single linkage: {A,B} first (cluster 3), then C joins: scipy puts the smaller id first → [C, {A,B}],
  // so the quasi-diagonal order is C, A, B and the first bisection is [C] | [A, B].
  //   V_C = 0.09; inverse-variance weights in {A,B}: (100, 25)/125 = (0.8, 0.2)
  //   V_AB = 0.64 × 0.01 + 0.04 × 0.04 + 2 × 0.8 × 0.2 × 0.016 = 0.01312
  //   w_C = 1 − 0.09 / 0.10312 = 0.127230…; A and B share 0.872770… as 1 − 0.01/0.05 = 0.8 and 0.2.
  const cov3 = [
    [0.01, 0.016, 0],
    [0.016, 0.04, 0],
    [0, 0, 0.09],
  ];
  it('orders, bisects and weights as López de Prado / PyPortfolioOpt', () => {
    const wC = 1 - 0.09 / 0.10312;
    const [a, b, c] = hierarchicalRiskParity(cov3);
    expect(c).toBeCloseTo(wC, 14);
    expect(a).toBeCloseTo(0.8 * (1 - wC), 14);
    expect(b).toBeCloseTo(0.2 * (1 - wC), 14);
  });
});

describe('estimators, by hand', () => {
  it('simple returns, compounded mean and sample covariance × 252', () => {
    // Closes 100 → 110 → 99 and 50 → 45 → 49.5: returns (0.1, −0.1) and (−0.1, 0.1).
    const returns = simpleReturns([
      [100, 50],
      [110, 45],
      [99, 49.5],
    ]);
    returns.flat().forEach((r, i) => expect(r).toBeCloseTo([0.1, -0.1, -0.1, 0.1][i]!, 14));
    // (1.1 × 0.9)^(252/2) − 1 = 0.99^126 − 1 = −0.718…
    expectedReturns(returns).forEach((m) => expect(m).toBeCloseTo(0.99 ** 126 - 1, 12));
    // Means 0; variance (0.01 + 0.01) / (2 − 1) × 252 = 5.04; covariance −5.04.
    const s = sampleCovariance(returns);
    expect(s[0]![0]).toBeCloseTo(5.04, 12);
    expect(s[0]![1]).toBeCloseTo(-5.04, 12);
  });

  it('Ledoit-Wolf: δ and the shrunk matrix', () => {
    // Centred X rows (2,0), (−2,0), (0,1), (0,−1): n = 4, p = 2; S = X'X/4 = diag(2, 0.5), μ = 1.25.
    //   β_ = Σ_t (Σ_i x²)² = 16 + 16 + 1 + 1 = 34; δ_ = ‖X'X‖²/n² = (64 + 4)/16 = 4.25
    //   β = (34/4 − 4.25)/(2 × 4) = 0.53125; d = (4.25 − 2 × 1.25 × 2.5 + 2 × 1.5625)/2 = 0.5625
    //   δ = 0.53125 / 0.5625 = 17/18; Σ = (1/18) diag(2, 0.5) + (17/18) × 1.25 I = diag(23.25, 21.75)/18
    const { covariance, shrinkage } = ledoitWolf(
      [
        [2, 0],
        [-2, 0],
        [0, 1],
        [0, -1],
      ],
      1,
    );
    expect(shrinkage).toBeCloseTo(17 / 18, 14);
    expect(covariance[0]![0]).toBeCloseTo(23.25 / 18, 14);
    expect(covariance[1]![1]).toBeCloseTo(21.75 / 18, 14);
    expect(covariance[0]![1]).toBeCloseTo(0, 14);
  });
});

describe('what has no answer', () => {
  const reason = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      if (error instanceof OptimizationError) return [error.reason, error.message];
      throw error;
    }
    return null;
  };
  // The lowest volatility: √((σ₁²σ₂² − σ₁₂²) / (σ₁² + σ₂² − 2σ₁₂)) = √(0.003564 / 0.118) = √0.0302034 = 0.173791
  it.each([
    ['min weight above 1/n', () => minVolatility(problem({ bounds: { lower: 0.6, upper: 1 } })), 'infeasible_bounds', /at most 0\.5/],
    ['max weight below 1/n', () => minVolatility(problem({ bounds: { lower: 0, upper: 0.4 } })), 'infeasible_bounds', /at least 0\.5/],
    ['min above max', () => maxSharpe(problem({ bounds: { lower: 0.5, upper: 0.4 } })), 'infeasible_bounds', /above --max-weight/],
    ['a target return above the best', () => efficientReturn(problem(), 0.2), 'infeasible_target', /highest attainable expected return, 0\.15/],
    ['a volatility below the least', () => efficientRisk(problem(), 0.1), 'infeasible_target', /lowest attainable volatility, 0\.173791\./],
    ['no asset beats the risk-free rate', () => maxSharpe(problem({ riskFreeRate: 0.2 })), 'no_excess_return', /highest expected return is 0\.15/],
  ])('%s', (_name, work, code, message) => {
    const [got, text] = reason(work)!;
    expect(got).toBe(code);
    expect(text).toMatch(message);
  });

  it('a constant price makes the covariance singular', () => {
    const closes = [100, 101, 99, 102, 103].map((p) => [p, 50]);
    expect(reason(() => optimizePortfolio({ closes, objective: 'hrp', covariance: 'sample', bounds: { lower: 0, upper: 1 }, riskFreeRate: 0 }))?.[0]).toBe(
      'singular_covariance',
    );
  });
});
