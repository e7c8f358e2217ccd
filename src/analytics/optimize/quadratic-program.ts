import quadprog from 'quadprog';
import { OptimizationError } from './errors.js';
import type { Matrix, Vector } from './linear-algebra.js';

/** One linear constraint a'x ≥ b (or = b among the equalities). */
export interface LinearConstraint {
  a: readonly number[];
  b: number;
}

export interface QuadraticProgram {
  /** Minimise ½ x'Qx − c'x (Q positive definite) … */
  q: Matrix;
  c?: readonly number[];
  /** … subject to a'x = b for each equality … */
  equalities: LinearConstraint[];
  /** … and a'x ≥ b for each inequality. */
  inequalities: LinearConstraint[];
}

/**
 * Solves a strictly convex QP with the `quadprog` package (Goldfarb–Idnani's dual active-set
 * method, exact to rounding: no tolerance to tune). Its arrays start at 1, as in the Fortran it
 * was ported from. Null when the constraints have no common point.
 */
export function solveQuadraticProgram(program: QuadraticProgram): Vector | null {
  const n = program.q.length;
  const constraints = [...program.equalities, ...program.inequalities];
  const oneBased = (v: readonly number[]) => [0, ...v];
  const dmat = [[], ...program.q.map((row) => oneBased(row))]; // a copy: solveQP factorises it in place
  const dvec = oneBased(program.c ?? new Array<number>(n).fill(0));
  const amat: number[][] = [[]];
  for (let i = 0; i < n; i++) amat.push(oneBased(constraints.map((k) => k.a[i]!)));
  const bvec = oneBased(constraints.map((k) => k.b));
  const result = quadprog.solveQP(dmat, dvec, amat, bvec, program.equalities.length);
  if (result.message.includes('positive definite')) {
    throw new OptimizationError('singular_covariance', 'The covariance matrix is singular.');
  }
  if (result.message !== '') return null;
  return result.solution.slice(1);
}
