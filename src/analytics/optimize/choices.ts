/** The choices of the optimiser, on their own so the CLI can declare its flags without loading the maths. */
export const OBJECTIVES = ['min-volatility', 'max-sharpe', 'target-return', 'target-volatility', 'risk-parity', 'hrp'] as const;
export type Objective = (typeof OBJECTIVES)[number];
export const COVARIANCES = ['sample', 'ledoit-wolf'] as const;
export type CovarianceEstimator = (typeof COVARIANCES)[number];

/** The objectives that take --min-weight/--max-weight (risk parity and HRP have no bounds to meet). */
export const BOUNDED_OBJECTIVES: readonly Objective[] = ['min-volatility', 'max-sharpe', 'target-return', 'target-volatility'];
