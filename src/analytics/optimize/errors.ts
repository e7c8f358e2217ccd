/** Why an optimisation has no answer; the caller turns it into a usage error with the same message. */
export type OptimizationFailure = 'infeasible_bounds' | 'infeasible_target' | 'singular_covariance' | 'no_excess_return';

export class OptimizationError extends Error {
  constructor(
    readonly reason: OptimizationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OptimizationError';
  }
}
