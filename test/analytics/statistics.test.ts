import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  mean,
  populationStdev,
  populationVariance,
  sampleCovariance,
  sampleStdev,
  sampleVariance,
} from '../../src/analytics/index.js';

describe('statistics', () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: sum 40, mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32
  const values = [2, 4, 4, 4, 5, 5, 7, 9];

  it('computes the mean and both variances by hand', () => {
    expect(mean(values)).toBe(5);
    expect(populationVariance(values)).toBe(4); // 32 / 8
    expect(populationStdev(values)).toBe(2);
    expect(sampleVariance(values)).toBeCloseTo(32 / 7, 12); // ≈ 4.571429
    expect(sampleStdev(values)).toBeCloseTo(Math.sqrt(32 / 7), 12); // ≈ 2.138090
  });

  it('computes the sample covariance by hand', () => {
    // x = 1, 2, 3 (mean 2), y = 2, 4, 9 (mean 5): (−1)(−3) + 0(−1) + 1(4) = 7 → 7 / 2 = 3.5
    expect(sampleCovariance([1, 2, 3], [2, 4, 9])).toBe(3.5);
    expect(() => sampleCovariance([1, 2], [1])).toThrow(RangeError);
  });

  it('is null where the statistic needs more data', () => {
    expect(mean([])).toBeNull();
    expect(populationVariance([])).toBeNull();
    expect(populationStdev([])).toBeNull();
    expect(populationStdev([7])).toBe(0);
    expect(sampleVariance([7])).toBeNull();
    expect(sampleStdev([])).toBeNull();
    expect(sampleCovariance([1], [2])).toBeNull();
  });

  it('is null rather than Infinity on overflow', () => {
    expect(mean([1e308, 1e308])).toBeNull(); // the sum 2e308 overflows
    expect(sampleVariance([-1e200, 1e200])).toBeNull(); // (1e200)² overflows
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-01-01', '2024-01-01', 0],
    ['2024-01-01', '2025-01-01', 366], // 2024 is a leap year
    ['2023-01-01', '2024-01-01', 365],
    ['2024-03-31', '2024-03-30', -1],
    ['2024-03-30', '2024-04-01', 2], // no daylight-saving hour sneaks in: dates are UTC
  ])('%s → %s is %d days', (start, end, days) => {
    expect(daysBetween(start, end)).toBe(days);
  });

  it('rejects a malformed date', () => {
    expect(() => daysBetween('2024-1-1', '2024-01-02')).toThrow(RangeError);
  });
});
