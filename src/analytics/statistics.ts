/**
 * Small statistics on plain numbers. Every function returns `null` instead of NaN or Infinity:
 * when there is too little data for the statistic to exist, or when the arithmetic overflows.
 */

/** The value itself when it is a finite number, else null (so no NaN/Infinity ever leaves this module). */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Arithmetic mean; null for an empty list (the mean of nothing is undefined). */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return finiteOrNull(sum(values) / values.length);
}

function sumOfSquaredDeviations(values: readonly number[], centre: number): number {
  let total = 0;
  for (const value of values) total += (value - centre) ** 2;
  return total;
}

/** Sample variance (divides by n − 1); null with fewer than 2 values. */
export function sampleVariance(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  return finiteOrNull(sumOfSquaredDeviations(values, m) / (values.length - 1));
}

export function sampleStdev(values: readonly number[]): number | null {
  const variance = sampleVariance(values);
  return variance === null ? null : Math.sqrt(variance);
}

/** Population variance (divides by n); null for an empty list. */
export function populationVariance(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  return finiteOrNull(sumOfSquaredDeviations(values, m) / values.length);
}

export function populationStdev(values: readonly number[]): number | null {
  const variance = populationVariance(values);
  return variance === null ? null : Math.sqrt(variance);
}

/** Sample covariance (divides by n − 1) of two equally long lists; null with fewer than 2 pairs. */
export function sampleCovariance(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new RangeError(`covariance needs equally long lists (${xs.length} ≠ ${ys.length})`);
  const mx = mean(xs);
  const my = mean(ys);
  if (mx === null || my === null || xs.length < 2) return null;
  let total = 0;
  xs.forEach((x, i) => {
    total += (x - mx) * (ys[i]! - my);
  });
  return finiteOrNull(total / (xs.length - 1));
}
