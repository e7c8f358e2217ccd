import { describe, expect, it } from 'vitest';
import { annualize, dailyReturns, periodReturn, twr, twrIndex, type ValuationDay } from '../../src/analytics/index.js';

const day = (date: string, value: number, inflow = 0, outflow = 0): ValuationDay => ({ date, value, inflow, outflow });

describe('time-weighted return (inflows at the start of the day, outflows at its end)', () => {
  // A buy of 1000 on day 1, a 10% rise, then 500 more bought on day 3, a day on which the
  // holding ends at 1650, then a 10% fall on day 4.
  //   day 2: r = (1100 + 0) / (1000 + 0) − 1     = 0.1
  //   day 3: r = (1650 + 0) / (1100 + 500) − 1   = 1650 / 1600 − 1 = 0.03125
  //   day 4: r = (1485 + 0) / (1650 + 0) − 1     = −0.1
  //   TWR   = 1.1 × 1.03125 × 0.9 − 1            = 1.0209375 − 1 = 0.0209375
  // The 500 is capital from the start of day 3: it earns (or loses) with the rest that day.
  const withMidPeriodFlow = [
    day('2024-01-01', 1000, 1000),
    day('2024-01-02', 1100),
    day('2024-01-03', 1650, 500),
    day('2024-01-04', 1485),
  ];

  it('links daily returns with a mid-period inflow counted at the start of its day', () => {
    const returns = dailyReturns(withMidPeriodFlow);
    expect(returns.map((r) => r.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    expect(returns[0]!.r).toBeCloseTo(0.1, 12);
    expect(returns[1]!.r).toBeCloseTo(0.03125, 12);
    expect(returns[2]!.r).toBeCloseTo(-0.1, 12);
    expect(twr(returns)).toBeCloseTo(0.0209375, 12);
  });

  it('builds the cumulative index from 1 on the starting day', () => {
    // 1, 1 × 1.1 = 1.1, 1.1 × 1.03125 = 1.134375, 1.134375 × 0.9 = 1.0209375
    const index = twrIndex(withMidPeriodFlow);
    expect(index.map((p) => p.date)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
    [1, 1.1, 1.134375, 1.0209375].forEach((expected, i) => expect(index[i]!.value).toBeCloseTo(expected, 12));
  });

  it('counts the first day of a `max` period: its inflow is the capital (V_{d−1} = 0)', () => {
    // Bought for 1000 (fee included) on day 1, worth 990 at that day's close:
    //   day 1: r = 990 / (0 + 1000) − 1 = −0.01;  day 2: r = 1089 / 990 − 1 = 0.1
    //   TWR = 0.99 × 1.1 − 1 = 0.089
    const fromZero = [day('2023-12-31', 0), day('2024-01-01', 990, 1000), day('2024-01-02', 1089)];
    expect(dailyReturns(fromZero)).toHaveLength(2);
    expect(twr(dailyReturns(fromZero))).toBeCloseTo(0.089, 12);
  });

  it('does not turn a buy far above the close into a loss of the whole portfolio', () => {
    // Held: 1000, up 1% on day 2, when 9000 more is bought at a price 5% above that day's close
    // (the new units are worth 9000 / 1.05 = 8571.428571 at the close). With the flow at the end
    // of the day: (9581.428571 − 9000) / 1000 − 1 = −0.4186 (a 42% "loss"); at its start:
    //   day 2: r = (1010 + 8571.428571) / (1000 + 9000) − 1 = 9581.428571 / 10000 − 1 = −0.0418571
    const series = [day('2024-01-01', 1000), day('2024-01-02', 1010 + 9000 / 1.05, 9000)];
    expect(dailyReturns(series)[0]!.r).toBeCloseTo(-0.0418571, 6);
  });

  it('skips the days after selling everything, then resumes after the rebuy', () => {
    // Buy 100; up 10%; sell everything for 120 on day 3 (outflow at the end of the day);
    // nothing held on day 4; buy 200 on day 5 (worth 200 at its close); down 5% on day 6.
    //   day 2: 110 / 100 − 1                  = 0.1
    //   day 3: (0 + 120) / 110 − 1            = 1/11 ≈ 0.0909091
    //   day 4: V_{d−1} + In_d = 0             → no return
    //   day 5: 200 / (0 + 200) − 1            = 0
    //   day 6: 190 / 200 − 1                  = −0.05
    //   TWR = 1.1 × 120/110 × 1 × 0.95 − 1    = 1.2 × 0.95 − 1 = 0.14
    const series = [
      day('2024-03-01', 100, 100),
      day('2024-03-02', 110),
      day('2024-03-03', 0, 0, 120),
      day('2024-03-04', 0),
      day('2024-03-05', 200, 200),
      day('2024-03-06', 190),
    ];
    const returns = dailyReturns(series);
    expect(returns.map((r) => r.date)).toEqual(['2024-03-02', '2024-03-03', '2024-03-05', '2024-03-06']);
    expect(returns[1]!.r).toBeCloseTo(1 / 11, 12);
    expect(twr(returns)).toBeCloseTo(0.14, 12);
    // Index: 1, 1.1, 1.2, carried through the empty day, 1.2, then 1.2 × 0.95 = 1.14.
    const index = twrIndex(series).map((p) => p.value);
    [1, 1.1, 1.2, 1.2, 1.2, 1.14].forEach((expected, i) => expect(index[i]).toBeCloseTo(expected, 12));
  });

  it('has no returns and a TWR of 0 when nothing was ever held', () => {
    const empty = [day('2024-01-01', 0), day('2024-01-02', 0), day('2024-01-03', 0)];
    expect(dailyReturns(empty)).toEqual([]);
    expect(twr([])).toBe(0);
    expect(twrIndex(empty).map((p) => p.value)).toEqual([1, 1, 1]);
    expect(twrIndex([])).toEqual([]);
  });

  it('fails loudly instead of returning Infinity when growth passes the double range', () => {
    // (1 + 1e200)² ≈ 1e400 > ~1.8e308: no real valuation gets here, so it is an error, not a value.
    const absurd = [
      { date: '2024-01-02', r: 1e200 },
      { date: '2024-01-03', r: 1e200 },
    ];
    expect(() => twr(absurd)).toThrow(RangeError);
    const series = [day('2024-01-01', 1e-200), day('2024-01-02', 1), day('2024-01-03', 1e200)];
    expect(() => twrIndex(series)).toThrow(RangeError);
  });

  it('gives a one-day series no return', () => {
    expect(dailyReturns([day('2024-01-01', 500, 500)])).toEqual([]);
  });
});

describe('annualize', () => {
  it.each([
    // 2021-01-01 → 2023-01-01 is 365 + 365 = 730 days: 1.21^(365/730) − 1 = √1.21 − 1 = 0.1
    { twr: 0.21, from: '2021-01-01', to: '2023-01-01', expected: 0.1 },
    // 2023-01-01 → 2024-01-01 is 365 days: 1.05^1 − 1 = 0.05
    { twr: 0.05, from: '2023-01-01', to: '2024-01-01', expected: 0.05 },
    // 2024 is a leap year: 2024-01-01 → 2025-01-01 is 366 days; 1.0366^(365/366) − 1
    // = exp(365/366 × ln 1.0366) − 1 = exp(0.997268 × 0.0359461) − 1 = exp(0.0358479) − 1 ≈ 0.0364982
    { twr: 0.0366, from: '2024-01-01', to: '2025-01-01', expected: 0.0364982 },
    // Half a year of −19%: 2023-01-01 → 2023-07-02 is 182 days; 0.81^(365/182) − 1
    // = exp(2.005495 × ln 0.81) − 1 = exp(2.005495 × −0.2107210) − 1 = exp(−0.422600) − 1 = 0.655341 − 1 ≈ −0.344659
    { twr: -0.19, from: '2023-01-01', to: '2023-07-02', expected: -0.344659 },
  ])('annualises $twr from $from to $to', ({ twr: total, from, to, expected }) => {
    expect(annualize(total, from, to)).toBeCloseTo(expected, 6);
  });

  it('is null for a period without length and for growth below zero', () => {
    expect(annualize(0.1, '2024-05-05', '2024-05-05')).toBeNull();
    expect(annualize(0.1, '2024-05-06', '2024-05-05')).toBeNull();
    // 1 + TWR = −0.5: a fractional power of a negative number has no real value.
    expect(annualize(-1.5, '2024-01-01', '2024-03-01')).toBeNull();
  });

  it('is null rather than Infinity when a short period compounds past the double range', () => {
    // 1001^365 ≈ 10^1095, beyond ~1.8 × 10^308.
    expect(annualize(1000, '2024-01-01', '2024-01-02')).toBeNull();
  });

  it('is −1 after a total loss', () => {
    expect(annualize(-1, '2024-01-01', '2024-06-01')).toBe(-1);
  });
});

describe('periodReturn (mwrPeriod)', () => {
  it.each([
    // 1.21 a year over 730 days: 1.21^(730/365) − 1 = 1.4641 − 1 = 0.4641
    { rate: 0.21, from: '2021-01-01', to: '2023-01-01', expected: 0.4641 },
    // 10% a year over 73 days (a fifth of a year): 1.1^0.2 − 1 = exp(0.2 × 0.0953102) − 1 ≈ 0.0192448
    { rate: 0.1, from: '2023-01-01', to: '2023-03-15', expected: 0.0192448 },
  ])('$rate a year from $from to $to', ({ rate, from, to, expected }) => {
    expect(periodReturn(rate, from, to)).toBeCloseTo(expected, 6);
  });

  it('is null without a rate or a period', () => {
    expect(periodReturn(null, '2023-01-01', '2024-01-01')).toBeNull();
    expect(periodReturn(0.1, '2023-01-01', '2023-01-01')).toBeNull();
  });
});
