import { describe, expect, it } from 'vitest';
import { createLedger } from '../../src/core/ledger/ledger.js';
import { formatRatio, parseRatio } from '../../src/core/ledger/split-ratio.js';
import type { LedgerEntry } from '../../src/core/ledger/types.js';
import { analyzePerformance, type AnalysisRequest } from '../../src/core/performance/analyze.js';
import { periodStart } from '../../src/core/performance/period.js';
import { entriesOf, memoryMarket, type CloseRow, type FxRow, type Row } from '../helpers/memory-market.js';

/**
 * Figures published by other tools (Portfolio Performance, a spreadsheet's XIRR, hledger), and
 * worked examples with the arithmetic in comments: folio must give the same numbers.
 */

function request(rows: Row[], overrides: Partial<AnalysisRequest> & { closes?: CloseRow[]; fx?: FxRow[] } = {}): AnalysisRequest {
  const { closes = [], fx = [], ...rest } = overrides;
  return {
    entries: entriesOf(rows),
    market: memoryMarket(closes, fx),
    baseCurrency: 'USD',
    method: 'fifo',
    scope: 'holdings',
    from: null,
    end: '2024-12-31',
    riskFreeRate: 0,
    benchmark: null,
    ...rest,
  };
}

const analyze = async (rows: Row[], overrides: Parameters<typeof request>[1] = {}) => (await analyzePerformance(request(rows, overrides))).analysis;

describe("Portfolio Performance's TWR spreadsheet case (account scope)", () => {
  // One cash account. Values at each close and the day's flows (in at the start, out at the end):
  //   12-31  V 10000      In 10000   r = 10000 / (0 + 10000) − 1          = 0
  //   01-01  V 10230                 r = 10230 / 10000 − 1                = 0.023
  //   01-02  V 10630      In 200     r = 10630 / (10230 + 200) − 1        = 0.0191754554
  //   01-03  V 9995.59    Out 400    r = (9995.59 + 400) / 10630 − 1      = −0.0220517404
  //   01-04  V 10289.58              r = 10289.58 / 9995.59 − 1           = 0.0294119349
  //   01-05  V 10583.57              r = 10583.57 / 10289.58 − 1          = 0.0285716998
  //   01-06  V 16179.56   In 5400    r = 16179.56 / (10583.57 + 5400) − 1 = 0.0122808284
  //   01-07  V 11600      Out 3697.04 r = (11600 + 3697.04) / 16179.56 − 1 = −0.0545454659
  //   01-08  V 10596.15              r = 10596.15 / 11600 − 1             = −0.0865387931
  //   Π(1 + r) − 1 = −0.056182678 (Portfolio Performance's published value)
  const rows: Row[] = [
    ['2011-12-31', 'deposit', null, null, null, '10000'],
    ['2012-01-01', 'interest', null, null, null, '230'],
    ['2012-01-02', 'deposit', null, null, null, '200'],
    ['2012-01-02', 'interest', null, null, null, '200'],
    ['2012-01-03', 'withdrawal', null, null, null, '400'],
    ['2012-01-03', 'fee', null, null, null, '234.41'],
    ['2012-01-04', 'interest', null, null, null, '293.99'],
    ['2012-01-05', 'interest', null, null, null, '293.99'],
    ['2012-01-06', 'deposit', null, null, null, '5400'],
    ['2012-01-06', 'interest', null, null, null, '195.99'],
    ['2012-01-07', 'withdrawal', null, null, null, '3697.04'],
    ['2012-01-07', 'fee', null, null, null, '882.52'],
    ['2012-01-08', 'fee', null, null, null, '1003.85'],
  ];

  it('gives a cumulative TWR of −0.056182678 from 2011-12-31 to 2012-01-08', async () => {
    const a = await analyze(rows, { scope: 'account', from: '2011-12-31', end: '2012-01-08' });
    expect(a.twr).toBeCloseTo(-0.056182678, 9);
    expect(a.value).toBe('10596.15');
    // 10000 + 200 − 400 + 5400 − 3697.04
    expect(a.netFlows).toBe('11502.96');
    // interest 230 + 200 + 293.99 × 2 + 195.99 = 1213.97; fees 234.41 + 882.52 + 1003.85 = 2120.78
    expect([a.interest, a.fees, a.totalGain]).toEqual(['1213.97', '2120.78', '-906.81']);
  });

  it('gives the same over the whole history (max)', async () => {
    expect((await analyze(rows, { scope: 'account', end: '2012-01-08' })).twr).toBeCloseTo(-0.056182678, 9);
  });
});

describe('the spreadsheet XIRR example, valued at an explicit --to', () => {
  // Deposit 10000 on 2008-01-01; withdrawals of 2750, 4250 and 3250; interest of 3000 (inside
  // the account) leaves 2750 in cash, valued on 2009-04-01 (a Wednesday with no transaction):
  //   −10000 (2008-01-01), 2750 (2008-03-01), 4250 (2008-10-30), 3250 (2009-02-15), 2750 (2009-04-01)
  //   XIRR = 0.373362535 (the spreadsheet's published value)
  const rows: Row[] = [
    ['2008-01-01', 'deposit', null, null, null, '10000'],
    ['2008-03-01', 'withdrawal', null, null, null, '2750'],
    ['2008-10-30', 'withdrawal', null, null, null, '4250'],
    ['2009-01-01', 'interest', null, null, null, '3000'],
    ['2009-02-15', 'withdrawal', null, null, null, '3250'],
  ];

  it('dates the end value TO and discounts it there', async () => {
    const a = await analyze(rows, { scope: 'account', end: '2009-04-01' });
    expect(a.to).toBe('2009-04-01');
    expect(a.value).toBe('2750');
    expect(a.mwr).toBeCloseTo(0.373362535, 8);
    // Over the 456 days from 2008-01-01: 1.373362535^(456/365) − 1 ≈ 0.486207
    expect(a.mwrPeriod).toBeCloseTo(1.373362535 ** (456 / 365) - 1, 8);
  });
});

describe("Portfolio Performance's before-taxes MWR (holdings scope)", () => {
  // Buy 10 at 99 with fee 10 (in 1000); dividend 150 with 50 withheld; sell 10 at 124 with fee 10
  // (out 1230), and a tax of 30 on that sale.
  //   before taxes: −1000 (2015-12-31), +150 (2016-06-01), +1230 (2016-12-31) → 0.412128788 (PP's value)
  //   after taxes:  −1000, +100, +1200 → 0.316409186 (scipy brentq on the same flows)
  const rows: Row[] = [
    ['2015-12-31', 'buy', 'XYZ', '10', '99', null, '10'],
    ['2016-06-01', 'dividend', 'XYZ', null, null, '150', null, 'USD', '50'],
    ['2016-12-31', 'sell', 'XYZ', '10', '124', null, '10'],
    ['2016-12-31', 'tax', 'XYZ', null, null, '30'],
  ];
  const closes: CloseRow[] = [['XYZ', '2015-12-31', '99']];

  it('is 0.412128788 before taxes', async () => {
    const a = await analyze(rows, { closes, end: '2016-12-31', beforeTaxes: true });
    expect(a.mwr).toBeCloseTo(0.412128788, 8);
    expect([a.taxes, a.beforeTaxes]).toEqual(['0', true]);
  });

  it('is 0.316409186 after taxes, with the 80 of taxes reported', async () => {
    const a = await analyze(rows, { closes, end: '2016-12-31' });
    expect(a.mwr).toBeCloseTo(0.316409186, 8);
    // realised 1230 − 1000 = 230; dividends 150; taxes 50 + 30 = 80 → total 300 = 230 + 150 − 80
    expect([a.realizedGain, a.dividends, a.taxes, a.totalGain]).toEqual(['230', '150', '80', '300']);
  });
});

describe("hledger's quarterly calendar case", () => {
  // $100 in on 2017-01-01; worth $110 on 2017-06-30; +$100 on 07-01; −$50 on 10-01; $155 on 12-31.
  // As an account: 100 units of FUND bought at 1, cash for the rest; FUND closes 1 → 1.1 → 1.05.
  const rows: Row[] = [
    ['2017-01-01', 'deposit', null, null, null, '100'],
    ['2017-01-01', 'buy', 'FUND', '100', '1'],
    ['2017-07-01', 'deposit', null, null, null, '100'],
    ['2017-10-01', 'withdrawal', null, null, null, '50'],
  ];
  const closes: CloseRow[] = [
    ['FUND', '2017-01-01', '1'],
    ['FUND', '2017-06-30', '1.1'],
    ['FUND', '2017-12-31', '1.05'],
  ];
  const quarter = (from: string, end: string) => analyze(rows, { closes, scope: 'account', from, end });

  it.each([
    // Q1: from zero; 01-01 r = 100 / (0 + 100) − 1 = 0
    { from: '2017-01-01', end: '2017-03-31', startDate: '2016-12-31', startValue: '0', twr: 0 },
    // Q2: from the value on Friday 2017-03-31 (a weekday, though nothing happened): 110 / 100 − 1
    { from: '2017-04-01', end: '2017-06-30', startDate: '2017-03-31', startValue: '100', twr: 0.1 },
    // Q3: from 06-30 (110); 07-01 r = 210 / (110 + 100) − 1 = 0
    { from: '2017-07-01', end: '2017-09-30', startDate: '2017-06-30', startValue: '110', twr: 0 },
    // Q4: from Friday 09-29 (210); 10-01 r = (160 + 50) / 210 − 1 = 0; 12-31 r = 155 / 160 − 1
    { from: '2017-10-01', end: '2017-12-31', startDate: '2017-09-29', startValue: '210', twr: -0.03125 },
  ])('$from..$end starts from $startDate', async ({ from, end, startDate, startValue, twr }) => {
    const a = await quarter(from, end);
    expect([a.startDate, a.startValue, a.to]).toEqual([startDate, startValue, end]);
    expect(a.twr).toBeCloseTo(twr, 12);
  });
});

describe('splits as people write them', () => {
  it.each([
    ['2:1', '2'],
    ['1:3', '1:3'],
    ['3/2', '1.5'],
    ['0.5', '0.5'],
    ['4:6', '2:3'],
  ])('%s is stored as %s', (text, stored) => {
    expect(formatRatio(parseRatio(text)!)).toBe(stored);
  });

  it.each(['0', '2:0', '-1:2', 'two', '1:3:1'])('%s is not a ratio', (text) => expect(parseRatio(text)).toBeNull());

  it.each(['fifo', 'average'] as const)('a 1:3 split followed by 3:1 gives back exactly the quantity and cost (%s)', (method) => {
    const ledger = createLedger(method);
    const entry = (e: Partial<LedgerEntry>): LedgerEntry => ({ date: '2024-01-02', type: 'buy', symbol: 'ABC', quantity: null, price: null, amount: null, fee: null, currency: 'USD', ...e });
    ledger.apply(entry({ quantity: '10', price: '3.33', fee: '0.01' })); // cost 33.31
    ledger.apply(entry({ date: '2024-02-01', type: 'split', quantity: '1:3' }));
    // 10 / 3 shares: shown rounded, kept exact
    expect(ledger.positions()[0]!.quantity).toBe('3.3333333333');
    ledger.apply(entry({ date: '2024-03-01', type: 'split', quantity: '3:1' }));
    expect(ledger.positions()[0]).toMatchObject({ quantity: '10', costBasis: '33.31', averageCost: '3.331' });
    // Selling the whole exact 10 closes the position: no third of a share is left behind.
    ledger.apply(entry({ date: '2024-04-01', type: 'sell', quantity: '10', price: '4' }));
    expect(ledger.positions()).toEqual([]);
  });

  it('sells a third of a holding split 1:3 exactly', () => {
    const ledger = createLedger('fifo');
    const base = { symbol: 'ABC', amount: null, fee: null, currency: 'USD' };
    ledger.apply({ ...base, date: '2024-01-02', type: 'buy', quantity: '9', price: '10' });
    ledger.apply({ ...base, date: '2024-02-01', type: 'split', quantity: '1:3', price: null }); // 3 shares at 30
    ledger.apply({ ...base, date: '2024-03-01', type: 'sell', quantity: '1', price: '33' }); // cost 90 / 3 = 30
    expect(ledger.positions()[0]).toMatchObject({ quantity: '2', costBasis: '60', realizedGain: '3' });
  });
});

describe('every base-currency figure at the rate of its own date', () => {
  // A EUR portfolio buys 1 AAPL at 122.04 USD with a fee of 1 USD on 2023-01-03.
  // USD→EUR: 0.95 on 2023-01-03, 0.9 on 2023-07-10; AAPL closes 130 on 2023-07-10.
  const rows: Row[] = [['2023-01-03', 'buy', 'AAPL', '1', '122.04', null, '1']];
  const fx: FxRow[] = [
    ['USD', 'EUR', '2023-01-03', '0.95'],
    ['USD', 'EUR', '2023-07-10', '0.9'],
  ];
  const closes: CloseRow[] = [
    ['AAPL', '2023-01-03', '122'],
    ['AAPL', '2023-07-10', '130'],
  ];

  it('converts the fee at the rate of the trade date, not of TO', async () => {
    const a = await analyze(rows, { closes, fx, baseCurrency: 'EUR', end: '2023-07-10' });
    // fee 1 × 0.95 (January), not 1 × 0.9 (July)
    expect(a.tradeFees).toBe('0.95');
    // paid 123.04 × 0.95 = 116.888; worth 130 × 0.9 = 117 → total gain 0.112
    expect(a.totalGain).toBe('0.112');
    // cost at TO's rate 123.04 × 0.9 = 110.736; unrealised 117 − 110.736 = 6.264;
    // currency effect on the cost: 110.736 − 116.888 = −6.152; 6.264 − 6.152 = 0.112
    expect([a.costBasis, a.unrealizedGain, a.currencyGain]).toEqual(['110.736', '6.264', '-6.152']);
  });
});

describe('new periods', () => {
  it.each([
    // 2024-05-15 is a Wednesday in the second quarter
    ['1d', '2024-05-15'],
    ['1w', '2024-05-09'],
    ['wtd', '2024-05-13'],
    ['mtd', '2024-05-01'],
    ['qtd', '2024-04-01'],
    ['ytd', '2024-01-01'],
  ] as const)('%s to 2024-05-15 starts on %s', (period, from) => expect(periodStart(period, '2024-05-15')).toBe(from));
});
