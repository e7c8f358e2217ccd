/** The npm package `quadprog` (a port of R's quadprog: Goldfarb–Idnani). Its arrays are 1-based, as in the Fortran. */
declare module 'quadprog' {
  export interface QpResult {
    solution: number[];
    Lagrangian: number[];
    value: number[];
    iact: number[];
    /** Empty on success; otherwise why the problem has no solution. */
    message: string;
  }
  /** min −d'b + ½ b'Db subject to A'b ≥ b0, the first `meq` constraints as equalities. Overwrites Dmat. */
  export function solveQP(Dmat: number[][], dvec: number[], Amat: number[][], bvec: number[], meq?: number): QpResult;
  const quadprog: { solveQP: typeof solveQP };
  export default quadprog;
}
