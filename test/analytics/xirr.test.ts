import { describe, expect, it } from 'vitest';
import { xirr, type Cashflow } from '../../src/analytics/index.js';

const flow = (date: string, amount: number): Cashflow => ({ date, amount });

describe('xirr', () => {
  // Microsoft's worked example for Excel's XIRR function (support.microsoft.com, "XIRR function"):
  // −10,000 on 1-Jan-2008, 2,750 on 1-Mar-2008, 4,250 on 30-Oct-2008, 3,250 on 15-Feb-2009 and
  // 2,750 on 1-Apr-2009 give "0.373362535 or 37.34%" (actual/365 from the first date).
  const excelExample = [
    flow('2008-01-01', -10000),
    flow('2008-03-01', 2750),
    flow('2008-10-30', 4250),
    flow('2009-02-15', 3250),
    flow('2009-04-01', 2750),
  ];

  it("reproduces the Excel documentation's example to 8 decimals", () => {
    expect(xirr(excelExample)).toBeCloseTo(0.373362535, 8);
  });

  it('does not depend on the order of the flows', () => {
    expect(xirr([...excelExample].reverse())).toBeCloseTo(0.373362535, 8);
  });

  it.each([
    // −100 now, +200 365 days later (2023 is not a leap year): 200 / (1 + r) = 100 → r = 1
    { name: 'a one-year doubling', flows: [flow('2023-01-01', -100), flow('2024-01-01', 200)], expected: 1 },
    // 730 days = 2 years: 1210 / (1 + r)² = 1000 → (1 + r)² = 1.21 → r = 0.1
    { name: 'two years at 10%', flows: [flow('2021-01-01', -1000), flow('2023-01-01', 1210)], expected: 0.1 },
    // Two deposits a year apart: 1000 × 1.1² + 1000 × 1.1 = 1210 + 1100 = 2310 → r = 0.1
    {
      name: 'two deposits then a withdrawal',
      flows: [flow('2021-01-01', -1000), flow('2022-01-01', -1000), flow('2023-01-01', 2310)],
      expected: 0.1,
    },
    // A loss of 99% in a year: 1 / (1 + r) = 100 → r = −0.99. Newton from 10% overshoots below −1
    // here, so this is the bracketing fallback's answer.
    { name: 'a near-total loss', flows: [flow('2023-01-01', -100), flow('2024-01-01', 1)], expected: -0.99 },
    // Zero amounts carry no information and are ignored: still the one-year doubling.
    {
      name: 'zero amounts ignored',
      flows: [flow('2022-06-01', 0), flow('2023-01-01', -100), flow('2024-01-01', 200)],
      expected: 1,
    },
  ])('solves $name', ({ flows, expected }) => {
    expect(xirr(flows)).toBeCloseTo(expected, 10);
  });

  it('finds a huge but finite rate: a doubling in one day', () => {
    // 200 / (1 + r)^(1/365) = 100 → 1 + r = 2^365 ≈ 7.5 × 10^109.
    const r = xirr([flow('2024-01-01', -100), flow('2024-01-02', 200)]);
    expect(r).not.toBeNull();
    expect(r! / (2 ** 365 - 1)).toBeCloseTo(1, 9);
  });

  it('finds a root when the flows change sign twice', () => {
    // −100, +230, −132 a year apart: −100 + 230/x − 132/x² = 0 with x = 1 + r
    // → 100x² − 230x + 132 = 0 → x = (230 ± √(52900 − 52800)) / 200 = 1.1 or 1.2.
    // Two rates fit; the solver starts from 10% and returns that one.
    const r = xirr([flow('2021-01-01', -100), flow('2022-01-01', 230), flow('2023-01-01', -132)]);
    expect(r).toBeCloseTo(0.1, 10);
  });

  it.each([
    { name: 'no flows', flows: [] },
    { name: 'a single flow', flows: [flow('2024-01-01', -100)] },
    { name: 'only money in', flows: [flow('2024-01-01', -100), flow('2024-06-01', -50)] },
    { name: 'only money out', flows: [flow('2024-01-01', 100), flow('2024-06-01', 50)] },
    { name: 'only zeros', flows: [flow('2024-01-01', 0), flow('2024-06-01', 0)] },
    // Every flow on one day: the present value doesn't depend on the rate at all.
    { name: 'all flows on one day', flows: [flow('2024-01-01', -100), flow('2024-01-01', 120)] },
    // 10× in one day: 1 + r = 10^365, far beyond the largest double (~1.8 × 10^308).
    { name: 'a rate beyond the double range', flows: [flow('2024-01-01', -100), flow('2024-01-02', 1000)] },
  ])('is null for $name', ({ flows }) => {
    expect(xirr(flows)).toBeNull();
  });
});
