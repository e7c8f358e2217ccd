import { describe, expect, it } from 'vitest';
import { bollinger, ema, macd, rsi, sma, type Close } from '../../src/analytics/index.js';

const closesOf = (values: number[]): Close[] =>
  values.map((close, i) => ({ date: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10), close }));

function expectSeries(actual: (number | null)[], expected: (number | null)[], digits = 10): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => {
    if (value === null) expect(actual[i], `index ${i}`).toBeNull();
    else expect(actual[i], `index ${i}`).toBeCloseTo(value, digits);
  });
}

describe('sma and ema', () => {
  it('averages each window of n closes, null until n closes exist', () => {
    // n = 3 on 2, 4, 6, 8, 4: (2+4+6)/3 = 4, (4+6+8)/3 = 6, (6+8+4)/3 = 6
    const points = sma(closesOf([2, 4, 6, 8, 4]), 3);
    expect(points.map((p) => p.date)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    expectSeries(points.map((p) => p.value), [null, null, 4, 6, 6]);
  });

  it('seeds the EMA with the SMA of the first n closes', () => {
    // n = 3, α = 2/(3+1) = 0.5: seed (2+4+6)/3 = 4; 0.5×8 + 0.5×4 = 6; 0.5×4 + 0.5×6 = 5
    expectSeries(ema(closesOf([2, 4, 6, 8, 4]), 3).map((p) => p.value), [null, null, 4, 6, 5]);
    // n = 4, α = 2/5 = 0.4: seed (10+11+12+13)/4 = 11.5; 0.4×14 + 0.6×11.5 = 5.6 + 6.9 = 12.5;
    // 0.4×20 + 0.6×12.5 = 8 + 7.5 = 15.5
    expectSeries(ema(closesOf([10, 11, 12, 13, 14, 20]), 4).map((p) => p.value), [null, null, null, 11.5, 12.5, 15.5]);
  });

  it('is all null when there are fewer closes than the period, and empty for no closes', () => {
    expectSeries(sma(closesOf([1, 2]), 3).map((p) => p.value), [null, null]);
    expectSeries(ema(closesOf([1, 2]), 3).map((p) => p.value), [null, null]);
    expect(sma([], 5)).toEqual([]);
    expect(ema([], 5)).toEqual([]);
  });

  it('is the close itself with a period of 1', () => {
    expectSeries(sma(closesOf([3, 1, 4]), 1).map((p) => p.value), [3, 1, 4]);
    expectSeries(ema(closesOf([3, 1, 4]), 1).map((p) => p.value), [3, 1, 4]); // α = 2/2 = 1
  });

  it.each([0, -3, 2.5, Number.NaN])('rejects a period of %s', (n) => {
    expect(() => sma(closesOf([1, 2, 3]), n)).toThrow(RangeError);
    expect(() => ema(closesOf([1, 2, 3]), n)).toThrow(RangeError);
    expect(() => rsi(closesOf([1, 2, 3]), n)).toThrow(RangeError);
    expect(() => bollinger(closesOf([1, 2, 3]), n)).toThrow(RangeError);
    expect(() => macd(closesOf([1, 2, 3]), n)).toThrow(RangeError);
  });
});

describe('rsi (Wilder)', () => {
  it('works a small case by hand', () => {
    // n = 3 on 10, 11, 10.5, 11.5, 11, 12; changes +1, −0.5, +1, −0.5, +1
    //   index 3: avg gain (1+0+1)/3 = 2/3, avg loss 0.5/3 = 1/6, RS = 4,   RSI = 100 − 100/5 = 80
    //   index 4: gain (2/3×2 + 0)/3 = 4/9, loss (1/6×2 + 0.5)/3 = 5/18, RS = 8/5, RSI = 100 − 100/2.6 ≈ 61.538462
    //   index 5: gain (4/9×2 + 1)/3 = 17/27, loss (5/18×2 + 0)/3 = 5/27, RS = 17/5, RSI = 100 − 100/4.4 ≈ 77.272727
    const values = rsi(closesOf([10, 11, 10.5, 11.5, 11, 12]), 3).map((p) => p.value);
    expectSeries(values, [null, null, null, 80, 100 - 100 / 2.6, 100 - 100 / 4.4]);
  });

  // StockCharts ChartSchool, "Relative Strength Index (RSI)", and its spreadsheet cs-rsi.xls: QQQQ
  // closes with the 14-day RSI column (shown on the page to 2 decimals, e.g. 70.53, 66.32, 66.55;
  // the 4-decimal column below is the spreadsheet's). Rechecked outside this code:
  //   first 14 changes: gains sum 3.3374, losses sum 1.3943
  //   avg gain 3.3374/14 = 0.2383857, avg loss 1.3943/14 = 0.0995929, RS = 2.393603
  //   RSI = 100 − 100/3.393603 = 70.5328
  //   next close 46.0028 (change −0.2792): gain 0.2383857×13/14 = 0.2213582,
  //   loss (0.0995929×13 + 0.2792)/14 = 0.1124220, RS = 1.968995, RSI = 100 − 100/2.968995 = 66.3186
  // (The page's two-decimal closes 44.34, 44.09, … give 70.46 instead: 3.34/14 over 1.40/14.)
  const closes = [
    44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328,
    45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515,
    45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
  ];
  const published = [
    70.5328, 66.3186, 66.5498, 69.4063, 66.3552, 57.9749, 62.9296, 63.2571, 56.0593, 62.3771, 54.7076, 50.4228,
    39.9898, 41.4605, 41.8689, 45.4632, 37.304, 33.0795, 37.773,
  ];

  it("reproduces StockCharts' published RSI(14) table", () => {
    const values = rsi(closesOf(closes)).map((p) => p.value);
    expectSeries(values, [...Array<null>(14).fill(null), ...published], 3);
  });

  it('is 100 without losses (flat included), 0 without gains', () => {
    const rising = Array.from({ length: 20 }, (_, i) => 100 + i);
    expect(rsi(closesOf(rising)).at(-1)!.value).toBe(100);
    expect(rsi(closesOf(Array<number>(20).fill(7))).at(-1)!.value).toBe(100);
    // avg gain 0: RS = 0 → 100 − 100/1 = 0
    expect(rsi(closesOf(rising.toReversed())).at(-1)!.value).toBe(0);
  });

  it('needs n + 1 closes for the first value', () => {
    expect(rsi(closesOf(closes.slice(0, 14))).every((p) => p.value === null)).toBe(true);
    expect(rsi(closesOf(closes.slice(0, 15))).at(-1)!.value).toBeCloseTo(70.5328, 3);
  });
});

describe('macd', () => {
  it('works a small case by hand: fast 2, slow 3, signal 2', () => {
    // closes 1, 3, 2, 6, 4, 8
    //   EMA2 (α = 2/3): seed (1+3)/2 = 2 at index 1; 2/3×2 + 1/3×2 = 2; 2/3×6 + 1/3×2 = 14/3;
    //                   2/3×4 + 1/3×14/3 = 38/9; 2/3×8 + 1/3×38/9 = 182/27
    //   EMA3 (α = 1/2): seed (1+3+2)/3 = 2 at index 2; (6+2)/2 = 4; (4+4)/2 = 4; (8+4)/2 = 6
    //   MACD from index 2: 2 − 2 = 0; 14/3 − 4 = 2/3; 38/9 − 4 = 2/9; 182/27 − 6 = 20/27
    //   signal (EMA2 of MACD): seed (0 + 2/3)/2 = 1/3 at index 3; 2/3×2/9 + 1/3×1/3 = 7/27;
    //                          2/3×20/27 + 1/3×7/27 = 47/81
    //   histogram: 2/3 − 1/3 = 1/3; 2/9 − 7/27 = −1/27; 20/27 − 47/81 = 13/81
    const points = macd(closesOf([1, 3, 2, 6, 4, 8]), 2, 3, 2);
    expectSeries(points.map((p) => p.macd), [null, null, 0, 2 / 3, 2 / 9, 20 / 27]);
    expectSeries(points.map((p) => p.signal), [null, null, null, 1 / 3, 7 / 27, 47 / 81]);
    expectSeries(points.map((p) => p.histogram), [null, null, null, 1 / 3, -1 / 27, 13 / 81]);
  });

  it('starts MACD at index 25 and the signal at 33 with (12, 26, 9)', () => {
    // Closes rising by 1 a day. An SMA-seeded EMA(n) of such a line sits exactly (n−1)/2 below the
    // close: the seed (mean of n consecutive closes) is c − (n−1)/2, and if e = c_prev − L then
    // α c + (1−α)(c − 1 − L) = c − (1−α)(1+L) = c − L when L = (n−1)/2, since (1−α)(1+L)
    // = ((n−1)/(n+1)) × ((n+1)/2). So MACD = (c − 5.5) − (c − 12.5) = 7, its signal 7, histogram 0.
    const points = macd(closesOf(Array.from({ length: 40 }, (_, i) => 100 + i)));
    expect(points.findIndex((p) => p.macd !== null)).toBe(25);
    expect(points.findIndex((p) => p.signal !== null)).toBe(33);
    expect(points.findIndex((p) => p.histogram !== null)).toBe(33);
    for (const p of points.slice(25)) expect(p.macd).toBeCloseTo(7, 9);
    for (const p of points.slice(33)) {
      expect(p.signal).toBeCloseTo(7, 9);
      expect(p.histogram).toBeCloseTo(0, 9);
    }
  });

  it('is all null before enough closes exist', () => {
    const points = macd(closesOf(Array.from({ length: 30 }, (_, i) => i)));
    expect(points.every((p) => p.signal === null && p.histogram === null)).toBe(true);
    expect(macd([])).toEqual([]);
  });
});

describe('bollinger', () => {
  it('uses the population standard deviation, by hand', () => {
    // n = 8, k = 2 on 2, 4, 4, 4, 5, 5, 7, 9: mean 40/8 = 5;
    // squared deviations 9+1+1+1+0+0+4+16 = 32; population variance 32/8 = 4, sd 2 → bands 5 ± 4
    // (the sample deviation √(32/7) ≈ 2.138 would give 5 ± 4.276)
    const last = bollinger(closesOf([2, 4, 4, 4, 5, 5, 7, 9]), 8, 2).at(-1)!;
    expect(last.middle).toBeCloseTo(5, 12);
    expect(last.upper).toBeCloseTo(9, 12);
    expect(last.lower).toBeCloseTo(1, 12);
  });

  it('rolls the window', () => {
    // n = 3, k = 1 on 1, 2, 3, 5
    //   index 2: mean 2, variance (1+0+1)/3 = 2/3 → 2 ± √(2/3) ≈ 2 ± 0.816497
    //   index 3: mean 10/3, deviations −4/3, −1/3, 5/3 → variance (16+1+25)/9/3 = 14/9 → 10/3 ± √14/3
    const points = bollinger(closesOf([1, 2, 3, 5]), 3, 1);
    expectSeries(points.map((p) => p.middle), [null, null, 2, 10 / 3]);
    expectSeries(points.map((p) => p.upper), [null, null, 2 + Math.sqrt(2 / 3), 10 / 3 + Math.sqrt(14) / 3]);
    expectSeries(points.map((p) => p.lower), [null, null, 2 - Math.sqrt(2 / 3), 10 / 3 - Math.sqrt(14) / 3]);
  });

  it("reproduces StockCharts' published Bollinger Bands (20, 2)", () => {
    // StockCharts ChartSchool, "Bollinger Bands", spreadsheet cs-bbands.xls (SPY closes); the first
    // three rows that have bands, cross-checked outside this code (mean and population sd of 20 closes):
    //   mean 88.70794,  sd 1.291961 → 91.291862 / 86.124018
    //   mean 89.04516,  sd 1.452054 → 91.949268 / 86.141052
    //   mean 89.239745, sd 1.686425 → 92.612595 / 85.866895
    const closes = [
      86.1557, 89.0867, 88.7829, 90.3228, 89.0671, 91.1453, 89.4397, 89.175, 86.9302, 87.6752, 86.9596, 89.4299,
      89.3221, 88.7241, 87.4497, 87.2634, 89.4985, 87.9006, 89.126, 90.7043, 92.9001, 92.9784,
    ];
    const points = bollinger(closesOf(closes));
    const none = Array<null>(19).fill(null);
    expectSeries(points.map((p) => p.middle), [...none, 88.70794, 89.04516, 89.239745], 5);
    expectSeries(points.map((p) => p.upper), [...none, 91.291862, 91.949268, 92.612595], 5);
    expectSeries(points.map((p) => p.lower), [...none, 86.124018, 86.141052, 85.866895], 5);
  });

  it('collapses to the middle when all closes are equal', () => {
    const last = bollinger(closesOf(Array<number>(20).fill(3))).at(-1)!;
    expect(last).toMatchObject({ middle: 3, upper: 3, lower: 3 });
  });
});
