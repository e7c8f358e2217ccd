import { describe, expect, it } from 'vitest';
import type { LedgerEntry, TransactionType } from '../../src/core/ledger/types.js';
import { resolveFxRate, resolveFxRates } from '../../src/core/market/fx.js';
import type { FxPoint, PricePoint, PriceProvider } from '../../src/core/ports.js';
import { analyzePerformance, computePerformance, type AnalysisRequest } from '../../src/core/performance/analyze.js';
import { historyRows } from '../../src/core/performance/history.js';
import { periodStart } from '../../src/core/performance/period.js';

// ---- an in-memory market and ledger built from literal arrays (adapters of the ports, not mocks) ----

type CloseRow = [symbol: string, date: string, close: string, currency?: string];
type FxRow = [base: string, quote: string, date: string, rate: string];

function memoryMarket(closeRows: CloseRow[], fxRows: FxRow[] = []): PriceProvider {
  const closes: PricePoint[] = closeRows
    .map(([symbol, date, close, currency = 'USD']) => ({ symbol, date, close, currency }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const of = (symbol: string) => closes.filter((p) => p.symbol === symbol);
  const direct = (base: string, quote: string, date: string) =>
    fxRows.filter(([b, q, d]) => b === base && q === quote && d <= date).sort((a, b) => (a[2] < b[2] ? -1 : 1)).at(-1)?.[3] ?? null;
  const directSeries = async (base: string, quote: string, from: string, to: string): Promise<FxPoint[]> => {
    const rows = fxRows.filter(([b, q]) => b === base && q === quote).sort((a, b) => (a[2] < b[2] ? -1 : 1));
    const carried = rows.filter(([, , d]) => d <= from).at(-1);
    const later = rows.filter(([, , d]) => d > from && d <= to);
    return [...(carried ? [carried] : []), ...later].map(([, , date, rate]) => ({ date, rate }));
  };
  return {
    closes: async (symbol, from, to) => of(symbol).filter((p) => p.date >= from && p.date <= to),
    latestClose: async (symbol, onOrBefore) => of(symbol).filter((p) => p.date <= onOrBefore).at(-1) ?? null,
    firstDate: async (symbol) => of(symbol)[0]?.date ?? null,
    fxRate: (base, quote, date) => resolveFxRate(async (b, q, d) => direct(b, q, d), base, quote, date),
    fxRates: (base, quote, from, to) => resolveFxRates(directSeries, base, quote, from, to),
  };
}

/** `date type symbol quantity price amount fee currency` rows, as the CSV has them. */
type Row = [date: string, type: TransactionType, symbol?: string | null, quantity?: string | null, price?: string | null, amount?: string | null, fee?: string | null, currency?: string];

function ledger(rows: Row[]): AsyncIterable<LedgerEntry> {
  const entries = rows.map(([date, type, symbol = null, quantity = null, price = null, amount = null, fee = null, currency = 'USD']) => ({
    date,
    type,
    symbol,
    quantity,
    price,
    amount,
    fee,
    currency,
  }));
  return (async function* () {
    yield* entries;
  })();
}

function request(rows: Row[], market: PriceProvider, overrides: Partial<AnalysisRequest> = {}): AnalysisRequest {
  return {
    entries: ledger(rows),
    market,
    baseCurrency: 'USD',
    method: 'fifo',
    scope: 'holdings',
    from: null,
    end: '2024-12-31',
    riskFreeRate: 0,
    benchmark: null,
    ...overrides,
  };
}

const analyze = async (rows: Row[], market: PriceProvider, overrides: Partial<AnalysisRequest> = {}) =>
  (await analyzePerformance(request(rows, market, overrides))).analysis;

const SQRT_252 = Math.sqrt(252);

// ---- TWR with a flow in the middle of the period ----

describe('TWR with a mid-period flow (holdings scope)', () => {
  // AAA closes: 01-02 100, 01-03 110, 01-04 120, 01-05 90.
  const market = memoryMarket([
    ['AAA', '2024-01-02', '100'],
    ['AAA', '2024-01-03', '110'],
    ['AAA', '2024-01-04', '120'],
    ['AAA', '2024-01-05', '90'],
  ]);
  const rows: Row[] = [
    ['2024-01-02', 'buy', 'AAA', '10', '100'], // cost 1000, money in
    ['2024-01-04', 'buy', 'AAA', '5', '120'], //  cost 600, money in
  ];

  it('chains daily returns with the inflow at the start of its day', async () => {
    const a = await analyze(rows, market, { end: '2024-01-05' });
    // Start: zero on the first flow's day (01-02). Days:
    //   01-02 V = 1000, In = 1000            r = 1000 / (0 + 1000) − 1 = 0
    //   01-03 V = 10 × 110 = 1100            r = 1100 / 1000 − 1 = 0.1
    //   01-04 V = 15 × 120 = 1800, In = 600  r = 1800 / (1100 + 600) − 1 = 1/17
    //   01-05 V = 15 × 90 = 1350             r = 1350 / 1800 − 1 = −0.25
    // TWR = 1.1 × 18/17 × 0.75 − 1 = 14.85/17 − 1 = −2.15/17
    expect(a.from).toBe('2024-01-02');
    expect(a.to).toBe('2024-01-05');
    expect(a.startDate).toBe('2024-01-02');
    expect(a.startValue).toBe('0');
    expect(a.twr).toBeCloseTo(-2.15 / 17, 12);
    // Annualised over the 3 calendar days 01-02 → 01-05: (14.85/17)^(365/3) − 1
    expect(a.twrAnnualized).toBeCloseTo((14.85 / 17) ** (365 / 3) - 1, 12);
    // Money: value 1350, flows 1000 + 600, gain 1350 − 0 − 1600 = −250; cost basis 1600.
    expect(a).toMatchObject({
      marketValue: '1350',
      value: '1350',
      costBasis: '1600',
      unrealizedGain: '-250',
      netFlows: '1600',
      totalGain: '-250',
      realizedGain: '0',
      cash: '-1600',
    });
    // Index 1, 1, 1.1, 1.1 × 18/17, × 0.75: the deepest fall is 0.75 − 1 = −0.25, from 01-04 to 01-05.
    expect(a.maxDrawdown).toBeCloseTo(-0.25, 12);
    expect(a.maxDrawdownFrom).toBe('2024-01-04');
    expect(a.maxDrawdownTo).toBe('2024-01-05');
    // Volatility: sample stdev of [0, 0.1, 1/17, −0.25] × √252.
    const r = [0, 0.1, 1 / 17, -0.25];
    const mean = r.reduce((x, y) => x + y) / 4;
    const sd = Math.sqrt(r.reduce((sum, x) => sum + (x - mean) ** 2, 0) / 3);
    expect(a.volatility).toBeCloseTo(sd * SQRT_252, 12);
    // Sharpe and Sortino from the hand-worked figures above, not from the code's own outputs (risk-free 0):
    // annualised TWR (14.85/17)^(365/3) − 1 = −0.999999928314207, volatility sd × √252 = 2.49120077771321,
    // downside deviation √((−0.25)² / 4) × √252 = 1.98431348329844 (Python, the same digits).
    // Sharpe −0.999999928314207 / 2.49120077771321 = −0.401412819576973;
    // Sortino −0.999999928314207 / 1.98431348329844 = −0.503952594552726.
    expect(a.sharpe).toBeCloseTo(-0.401412819576973, 9);
    expect(a.sortino).toBeCloseTo(-0.503952594552726, 9);
  });

  it('starts a FROM..TO period from the value at the last valuation day before FROM', async () => {
    const a = await analyze(rows, market, { from: '2024-01-04', end: '2024-01-05' });
    // Start point 01-03 with V = 1100; then r(01-04) = 1800 / (1100 + 600) − 1 = 1/17, r(01-05) = −0.25.
    // TWR = 18/17 × 0.75 − 1 = 13.5/17 − 1 = −3.5/17. Flows 600; gain 1350 − 1100 − 600 = −350.
    expect(a.startDate).toBe('2024-01-03');
    expect(a.startValue).toBe('1100');
    expect(a.from).toBe('2024-01-04');
    expect(a.twr).toBeCloseTo(-3.5 / 17, 12);
    expect(a).toMatchObject({ netFlows: '600', totalGain: '-350', value: '1350' });
    // Annualised over 01-03 → 01-05 (2 days).
    expect(a.twrAnnualized).toBeCloseTo((13.5 / 17) ** (365 / 2) - 1, 9);
  });
});

// ---- MWR ----

describe('MWR', () => {
  it('is the XIRR of the flows and the end value, actual/365', async () => {
    // 2022-01-03 buy 20 @ 100 (−2000); 2023-01-03 (365 days later) sell 10 @ 110 (+1100);
    // 2024-01-03 (365 days later) 10 held at 121 (+1210).
    // At r = 10%: −2000 + 1100 / 1.1 + 1210 / 1.21 = −2000 + 1000 + 1000 = 0, so MWR = 0.1.
    const market = memoryMarket([
      ['AAA', '2022-01-03', '100'],
      ['AAA', '2023-01-03', '110'],
      ['AAA', '2024-01-03', '121'],
    ]);
    const a = await analyze(
      [
        ['2022-01-03', 'buy', 'AAA', '20', '100'],
        ['2023-01-03', 'sell', 'AAA', '10', '110'],
      ],
      market,
      { end: '2024-01-03' },
    );
    expect(a.mwr).toBeCloseTo(0.1, 9);
    // Over the 730 days of the period: 1.1^2 − 1 = 0.21.
    expect(a.mwrPeriod).toBeCloseTo(0.21, 9);
    // TWR: r(2022-01-03) = 2000 / (0 + 2000) − 1 = 0, r(2023-01-03) = (1100 + 1100) / 2000 − 1 = 0.1,
    // r(2024-01-03) = 1210 / 1100 − 1 = 0.1 (the weekdays between carry the last close: r = 0) → 0.21,
    // annualised over 730 days: 1.21^(365/730) − 1 = 0.1.
    expect(a.twr).toBeCloseTo(0.21, 12);
    expect(a.twrAnnualized).toBeCloseTo(0.1, 12);
    // Realised: 10 sold at 110 that cost 100 each → 100.
    expect(a.realizedGain).toBe('100');
    expect(a.netFlows).toBe('900'); // 2000 in, 1100 out
    expect(a.totalGain).toBe('310'); // 1210 − 0 − 900
  });
});

// ---- both scopes ----

describe('scopes', () => {
  // AAA closes 01-02 100, 01-03 110, 01-04 121.
  const market = memoryMarket([
    ['AAA', '2024-01-02', '100'],
    ['AAA', '2024-01-03', '110'],
    ['AAA', '2024-01-04', '121'],
  ]);
  const rows: Row[] = [
    ['2024-01-02', 'deposit', null, null, null, '2000'],
    ['2024-01-02', 'buy', 'AAA', '10', '100'],
    ['2024-01-03', 'dividend', 'AAA', null, null, '50'],
    ['2024-01-04', 'withdrawal', null, null, null, '500'],
  ];

  it('holdings: buys in, dividends out, value = positions', async () => {
    const a = await analyze(rows, market);
    // 01-02 V 1000, F +1000 · 01-03 V 1100, F −50: r = (1100 + 50) / 1000 − 1 = 0.15
    // 01-04 V 1210: r = 0.1 → TWR = 1.15 × 1.1 − 1 = 0.265. Flows 950, gain 1210 − 950 = 260.
    expect(a.twr).toBeCloseTo(0.265, 12);
    expect(a).toMatchObject({ scope: 'holdings', value: '1210', netFlows: '950', totalGain: '260', dividends: '50', cash: '550' });
  });

  it('account: deposits in, withdrawals out, value = positions + cash', async () => {
    const a = await analyze(rows, market, { scope: 'account' });
    // 01-02 V 1000 + 1000 cash = 2000, F +2000 · 01-03 V 1100 + 1050 = 2150: r = 0.075
    // 01-04 V 1210 + 550 = 1760, F −500: r = 2260 / 2150 − 1 → TWR = 1.075 × 2260/2150 − 1 = 2260/2000 − 1 = 0.13.
    // Flows 1500, gain 1760 − 1500 = 260 (the same money gain as the holdings scope).
    expect(a.twr).toBeCloseTo(0.13, 12);
    expect(a).toMatchObject({ scope: 'account', value: '1760', marketValue: '1210', cash: '550', netFlows: '1500', totalGain: '260' });
  });
});

// ---- FIFO vs average cost ----

describe('realised and unrealised gains by cost basis method', () => {
  const market = memoryMarket([
    ['AAA', '2024-01-02', '100'],
    ['AAA', '2024-01-03', '120'],
    ['AAA', '2024-01-04', '130'],
  ]);
  const rows: Row[] = [
    ['2024-01-02', 'buy', 'AAA', '10', '100'],
    ['2024-01-03', 'buy', 'AAA', '10', '120'],
    ['2024-01-04', 'sell', 'AAA', '10', '130'],
  ];
  it.each([
    // FIFO: sold the 100s: 1300 − 1000 = 300 realised; left 10 @ 120 = 1200 cost, worth 1300 → 100.
    ['fifo', '300', '1200', '100'],
    // Average: cost 110 each: 1300 − 1100 = 200 realised; left cost 1100, worth 1300 → 200.
    ['average', '200', '1100', '200'],
  ] as const)('%s', async (method, realized, costBasis, unrealized) => {
    const a = await analyze(rows, market, { method });
    expect(a).toMatchObject({ method, realizedGain: realized, costBasis, unrealizedGain: unrealized, marketValue: '1300' });
    // Realised + unrealised = 400 either way, and so is the money gain: 1300 − (1000 + 1200 − 1300).
    expect(a.totalGain).toBe('400');
  });
});

// ---- a foreign-currency holding ----

describe('a foreign-currency holding', () => {
  it('values and flows in the base currency at each day’s rate', async () => {
    // Base EUR; AAA quoted in USD. EURUSD 1.25 then 1.6, so USD→EUR is 1/1.25 = 0.8, then 1/1.6 = 0.625.
    const market = memoryMarket(
      [
        ['AAA', '2024-01-02', '100'],
        ['AAA', '2024-01-03', '110'],
        ['AAA', '2024-01-04', '120'],
      ],
      [
        ['EUR', 'USD', '2024-01-02', '1.25'],
        ['EUR', 'USD', '2024-01-04', '1.6'],
      ],
    );
    const a = await analyze([['2024-01-02', 'buy', 'AAA', '10', '100', null, null, 'USD']], market, { baseCurrency: 'EUR' });
    // 01-02 V = 1000 USD × 0.8 = 800 EUR, F = 800 · 01-03 V = 1100 × 0.8 = 880: r = 0.1
    // 01-04 V = 1200 × 0.625 = 750: r = 750 / 880 − 1 → TWR = 750 / 800 − 1 = −0.0625.
    expect(a.currency).toBe('EUR');
    expect(a.twr).toBeCloseTo(-0.0625, 12);
    // Cost basis 1000 USD at TO's rate 0.625 = 625 EUR; unrealised 750 − 625 = 125; flows 800; gain −50.
    expect(a).toMatchObject({ marketValue: '750', costBasis: '625', unrealizedGain: '125', netFlows: '800', totalGain: '-50' });
  });
});

// ---- a split inside the period ----

describe('a split inside the period', () => {
  it('is not a return: quantity × price stays continuous', async () => {
    // Closes are not split-adjusted: 100, then 55 after a 2-for-1 split, then 60.5.
    const market = memoryMarket([
      ['AAA', '2024-01-02', '100'],
      ['AAA', '2024-01-03', '55'],
      ['AAA', '2024-01-04', '60.5'],
    ]);
    const a = await analyze(
      [
        ['2024-01-02', 'buy', 'AAA', '10', '100'],
        ['2024-01-03', 'split', 'AAA', '2'],
      ],
      market,
    );
    // 01-02 V 1000 · 01-03 20 × 55 = 1100: r = 0.1 · 01-04 20 × 60.5 = 1210: r = 0.1 → TWR 0.21.
    expect(a.twr).toBeCloseTo(0.21, 12);
    expect(a.maxDrawdown).toBe(0);
    expect(a.marketValue).toBe('1210');
  });
});

// ---- edge cases with defined answers ----

describe('edge cases', () => {
  const market = memoryMarket([
    ['AAA', '2024-01-02', '100'],
    ['AAA', '2024-01-03', '110'],
    ['AAA', '2024-01-04', '100'],
    ['AAA', '2024-01-05', '100'],
    ['AAA', '2024-01-08', '120'],
  ]);

  it('a period in which nothing is held: nulls with reasons, zero money', async () => {
    const a = await analyze(
      [
        ['2024-01-02', 'buy', 'AAA', '10', '100'],
        ['2024-01-03', 'sell', 'AAA', '10', '110'],
      ],
      market,
      { from: '2024-01-05' },
    );
    // Start point 01-04 (value 0: all sold on 01-03); days 01-05 and 01-08 hold nothing.
    expect(a).toMatchObject({ startDate: '2024-01-04', startValue: '0', value: '0', netFlows: '0', totalGain: '0', realizedGain: '0' });
    for (const key of ['twr', 'twrAnnualized', 'mwr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown'] as const) {
      expect(a[key], key).toBeNull();
      expect(a.reasons[key], key).toBeTruthy();
    }
    expect(a.reasons.twr).toBe('nothing was held in the period');
  });

  it('a portfolio with one transaction on its last day: no return yet, the gain still counts', async () => {
    const a = await analyze([['2024-01-08', 'buy', 'AAA', '10', '100']], market, { end: '2024-01-08' });
    // One valuation day, 01-08: V = 10 × 120 = 1200, In = 1000: r = 1200 / (0 + 1000) − 1 = 0.2.
    expect(a).toMatchObject({ from: '2024-01-08', to: '2024-01-08', value: '1200', netFlows: '1000', totalGain: '200' });
    expect(a.twr).toBeCloseTo(0.2, 12);
    expect(a.mwr).toBeNull();
    expect(a.reasons.mwr).toBe('all cash flows fall on one day');
  });

  it('sell everything, then buy again: the days with nothing held add no return', async () => {
    const a = await analyze(
      [
        ['2024-01-02', 'buy', 'AAA', '10', '100'],
        ['2024-01-03', 'sell', 'AAA', '10', '110'],
        ['2024-01-05', 'buy', 'AAA', '10', '100'],
      ],
      market,
    );
    // 01-02 r = 1000 / 1000 − 1 = 0 · 01-03 V 0, Out 1100: r = (0 + 1100) / 1000 − 1 = 0.1
    // 01-04 follows a zero value: none · 01-05 V 1000, In 1000: r = 0 · 01-08 V 1200: r = 0.2
    // TWR = 1.1 × 1.2 − 1 = 0.32.
    expect(a.twr).toBeCloseTo(0.32, 12);
    expect(a.realizedGain).toBe('100');
  });

  it('a symbol with gaps is carried at its last close on every weekday', async () => {
    // GAP closes only on 01-02 and 01-05; DLY closes every weekday and is bought on 01-05.
    const gaps = memoryMarket([
      ['GAP', '2024-01-02', '10'],
      ['GAP', '2024-01-05', '11'],
      ['DLY', '2024-01-02', '50'],
      ['DLY', '2024-01-03', '50'],
      ['DLY', '2024-01-04', '50'],
      ['DLY', '2024-01-05', '50'],
    ]);
    const performance = await computePerformance({
      ...request(
        [
          ['2024-01-02', 'buy', 'GAP', '100', '10'],
          ['2024-01-05', 'buy', 'DLY', '2', '50'],
        ],
        gaps,
      ),
      end: '2024-01-05',
      exactDays: true,
    });
    const rows = historyRows(performance, 'day');
    // 01-03 and 01-04 are weekdays; GAP is worth its 01-02 close, 100 × 10.
    // 01-05: 100 × 11 + 2 × 50 = 1200, In 100: r = 1200 / (1000 + 100) − 1 = 1/11.
    expect(rows.map((r) => [r.date, r.value, r.netFlows])).toEqual([
      ['2024-01-02', '1000', '1000'],
      ['2024-01-03', '1000', '0'],
      ['2024-01-04', '1000', '0'],
      ['2024-01-05', '1200', '100'],
    ]);
    expect(rows.map((r) => r.twrIndex)).toEqual([1, 1, 1, expect.closeTo(12 / 11, 12)]);
  });

  it('a period before the first price: holdings at their trade price, with a warning', async () => {
    const a = await analyze(
      [['2023-12-01', 'buy', 'AAA', '10', '90']],
      market,
      { end: '2024-01-02' },
    );
    // 2023-12-01: no close yet → 10 × 90 = 900 (trade price), In = 900: r = 0; every weekday to 01-01
    // the same; 01-02: 10 × 100 = 1000: r = 1000/900 − 1.
    expect(a.twr).toBeCloseTo(1 / 9, 12);
    expect(a.warnings.join('\n')).toMatch(/AAA has no close before 2024-01-02: valued at its trade price from 2023-12-01 to 2024-01-01/);
  });

  it('a period entirely before any transaction or price: no valuation day, nulls, never a crash', async () => {
    const a = await analyze([['2024-01-02', 'buy', 'AAA', '10', '100']], market, { from: '2020-01-01', end: '2020-12-31' });
    expect(a).toMatchObject({ value: '0', netFlows: '0', to: '2020-12-31', twr: null, mwr: null, maxDrawdown: null });
    expect(a.reasons.twr).toBe('nothing was held in the period');
  });

  it('an empty portfolio', async () => {
    const a = await analyze([], market);
    expect(a).toMatchObject({ value: '0', netFlows: '0', totalGain: '0', twr: null, mwr: null });
  });
});

// ---- a benchmark ----

describe('benchmark', () => {
  it('is held over the same valuation days', async () => {
    // The portfolio holds AAA; BMK closes 200, 210, 189 → returns 0.05 and −0.1, TWR 1.05 × 0.9 − 1 = −0.055.
    const market = memoryMarket([
      ['AAA', '2024-01-02', '100'],
      ['AAA', '2024-01-03', '110'],
      ['AAA', '2024-01-04', '99'],
      ['BMK', '2024-01-02', '200'],
      ['BMK', '2024-01-03', '210'],
      ['BMK', '2024-01-04', '189'],
    ]);
    const a = await analyze([['2024-01-02', 'buy', 'AAA', '10', '100']], market, { benchmark: 'BMK', end: '2024-01-04' });
    // Portfolio: 0 (bought at the close), 0.1 and −0.1 → 1.1 × 0.9 − 1 = −0.01. Excess: −0.01 − (−0.055) = 0.045.
    expect(a.twr).toBeCloseTo(-0.01, 12);
    expect(a.benchmark!.twr).toBeCloseTo(-0.055, 12);
    expect(a.benchmark!.excessReturn).toBeCloseTo(0.045, 12);
    // Two paired days (the benchmark has no return on the start day) moving together: correlation 1;
    // beta = cov / var = (0.2 × 0.15 / 2) / (0.15² / 2) = 0.2 / 0.15.
    expect(a.benchmark!.correlation).toBeCloseTo(1, 12);
    expect(a.benchmark!.beta).toBeCloseTo(0.2 / 0.15, 9);
    // The benchmark falls 189 / 210 − 1 = −0.1 from its 01-03 peak.
    expect(a.benchmark!.maxDrawdown).toBeCloseTo(-0.1, 12);
  });
});

// ---- history resampling and periods ----

describe('history', () => {
  it('keeps the last valuation day of each week or month, with the flows in between summed', async () => {
    const market = memoryMarket([
      ['AAA', '2024-01-30', '100'],
      ['AAA', '2024-01-31', '100'],
      ['AAA', '2024-02-01', '110'],
      ['AAA', '2024-02-02', '110'],
      ['AAA', '2024-02-05', '121'],
    ]);
    const performance = await computePerformance({
      ...request(
        [
          ['2024-01-30', 'buy', 'AAA', '1', '100'],
          ['2024-01-31', 'buy', 'AAA', '1', '100'],
          ['2024-02-02', 'buy', 'AAA', '1', '110'],
        ],
        market,
      ),
      end: '2024-02-05',
      exactDays: true,
    });
    // Month rows: 01-31 (flows 100 + 100, value 200), 02-05 (flow 110, value 3 × 121 = 363).
    expect(historyRows(performance, 'month').map((r) => [r.date, r.value, r.netFlows])).toEqual([
      ['2024-01-31', '200', '200'],
      ['2024-02-05', '363', '110'],
    ]);
    // Weeks start on Monday: 01-29..02-04 ends on 02-02; then 02-05.
    expect(historyRows(performance, 'week').map((r) => [r.date, r.netFlows])).toEqual([
      ['2024-02-02', '310'],
      ['2024-02-05', '0'],
    ]);
  });

  it.each([
    ['1m', '2024-03-31', '2024-03-01'], // start point 02-29
    ['3m', '2024-05-31', '2024-03-01'], // 02-29 clamped from 02-31
    ['1y', '2024-06-30', '2023-07-01'],
    ['ytd', '2024-06-30', '2024-01-01'],
    ['5y', '2024-06-30', '2019-07-01'],
  ] as const)('period %s ending %s starts on %s', (period, end, from) => {
    expect(periodStart(period, end)).toBe(from);
  });
});

// ---- FX rate series: the same rates as the single-date lookup, day by day ----

describe('fxRates', () => {
  it('agrees with fxRate on every day for direct, inverse and cross rates', async () => {
    // Awkward rates so inverses and cross rates need the 10-place rounding.
    const market = memoryMarket(
      [],
      [
        ['EUR', 'USD', '2024-01-02', '1.0945'],
        ['EUR', 'USD', '2024-01-05', '1.0941'],
        ['EUR', 'USD', '2024-01-09', '1.0953'],
        ['GBP', 'USD', '2024-01-03', '1.2621'],
        ['GBP', 'USD', '2024-01-08', '1.2741'],
        ['USD', 'JPY', '2024-01-02', '141.37'],
        ['USD', 'JPY', '2024-01-04', '143.9'],
      ],
    );
    const days = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-08', '2024-01-09', '2024-01-10'];
    for (const [base, quote] of [['EUR', 'USD'], ['USD', 'EUR'], ['GBP', 'EUR'], ['EUR', 'GBP'], ['JPY', 'GBP'], ['USD', 'USD']] as const) {
      const series = await market.fxRates(base, quote, '2024-01-02', '2024-01-10');
      for (const day of days.slice(1)) {
        const step = series.filter((p) => p.date <= day).at(-1) ?? series[0];
        const single = await market.fxRate(base, quote, day);
        expect(single === null ? null : step?.rate, `${base}→${quote} on ${day}`).toBe(single);
      }
    }
  });
});
