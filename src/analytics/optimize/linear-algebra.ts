/** The few dense-matrix operations the optimisers need (n is the number of assets: tens, not thousands). */

export type Vector = number[];
export type Matrix = number[][];

export const sum = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0);

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export const multiply = (m: Matrix, v: readonly number[]): Vector => m.map((row) => dot(row, v));

/** v'Mv. */
export const quadraticForm = (m: Matrix, v: readonly number[]): number => dot(v, multiply(m, v));

/**
 * The lower Cholesky factor L of a symmetric matrix (M = LL'), or null when M is not positive
 * definite: a pivot at or below 1e-12 × the largest diagonal entry counts as zero, so a
 * covariance with a constant or an exactly replicated asset is refused rather than half-solved.
 */
export function cholesky(m: Matrix): Matrix | null {
  const n = m.length;
  const scale = Math.max(...m.map((row, i) => Math.abs(row[i]!)));
  const l: Matrix = m.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let pivot = m[j]![j]!;
    for (let k = 0; k < j; k++) pivot -= l[j]![k]! ** 2;
    if (!(pivot > 1e-12 * scale)) return null;
    const root = Math.sqrt(pivot);
    l[j]![j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = m[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / root;
    }
  }
  return l;
}

/** Solves LL'x = b with the factor from `cholesky`. */
export function solveCholesky(l: Matrix, b: readonly number[]): Vector {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}
