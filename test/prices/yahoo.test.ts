import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRequest } from '../../src/core/market/feed.js';
import { createHttpClient } from '../../src/prices/http.js';
import { yahooFeed } from '../../src/prices/providers/yahoo.js';
import { rejected } from '../helpers/errors.js';
import { chartBody, chartSymbol, recording, startProviderServer, UNKNOWN_SYMBOL, type ProviderServer, type Reply } from '../helpers/provider-server.js';

// Hand-written: AAPL around its 4:1 split of 2020-08-31, as Yahoo shows it today (every close
// before the split divided by 4, with float noise). Published closes: 2020-08-27 500.04,
// 2020-08-28 499.23 (124.8075 × 4), 2020-08-31 129.04, 2020-09-01 134.18.
const SPLIT_RANGE = chartBody({
  symbol: 'AAPL',
  timestamps: [1598535000, 1598621400, 1598880600, 1598967000], // 13:30 UTC = 09:30 in New York
  closes: [125.01000213623047, 124.80750274658203, 129.0399932861328, 134.17999267578125],
  splits: [{ date: 1598880600, numerator: 4, denominator: 1 }],
});

// Hand-written: the ASX opens at 10:00 in Sydney (AEDT, UTC+11), which is 23:00 UTC the day before.
const ASX = chartBody({ symbol: 'CBA.AX', currency: 'AUD', timezone: 'Australia/Sydney', gmtoffset: 39600, timestamps: [1577919600], closes: [93.51000213623047] });

const NULL_CLOSE = chartBody({ symbol: 'NUL', timestamps: [1577975400, 1578061800], closes: [75.0875015258789, null] });

// A quote as `range=1d` answers it: AAPL at 244.87 on 2025-02-19 21:00:01 UTC after a close of 244.47.
const QUOTE = chartBody({ symbol: 'AAPL', timestamps: [1739975400], closes: [244.8699951171875], regularMarketPrice: 244.87, regularMarketTime: 1739998801, previousClose: 244.47 });

const REPLIES: Record<string, Reply> = {
  AAPL: { body: recording('AAPL-2020-08-31-to-2020-11-07') },
  'AAPL.JAN': { body: recording('AAPL-2020-01-01-to-2020-01-03') },
  'AAPL.SPLIT': { body: SPLIT_RANGE },
  'AAPL.QUOTE': { body: QUOTE },
  'OCDO.L': { body: recording('OCDO.L-2020-01-01-to-2020-01-03') },
  'BTC-USD': { body: recording('BTC-USD-2020-01-01-to-2020-01-03') },
  'EURUSD=X': { body: recording('EURUSD=X-2020-01-01-to-2020-01-03') },
  '0P000071W8.TO': { body: recording('0P000071W8.TO-2020-01-01-to-2020-01-03') },
  'CBA.AX': { body: ASX },
  'FAKE.LENGTH': { body: recording('notimestamp-quotes-length.fake') },
  'FAKE.WEIRD': { body: recording('notimestamp-weird-quote.fake') },
  NUL: { body: NULL_CLOSE },
  NOPE: UNKNOWN_SYMBOL,
};

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer((url) => REPLIES[chartSymbol(url) ?? ''] ?? UNKNOWN_SYMBOL);
});
afterAll(() => server.close());

const feed = () => yahooFeed(createHttpClient({ name: 'Yahoo Finance', retries: 0 }), server.url, () => new Date('2025-02-20T12:00:00Z'));
const history = (symbol: string, from: string, to: string, knownSplits: HistoryRequest['knownSplits'] = []) => feed().history({ symbol, from, to, knownSplits });

describe('Yahoo chart API, replayed from recordings', () => {
  it('reads closes on the exchange date, rounded to priceHint, with events and metadata', async () => {
    const series = await history('AAPL', '2020-08-31', '2020-11-07');
    expect(series.instrument).toEqual({ symbol: 'AAPL', name: 'Apple Inc.', currency: 'USD', exchange: 'NasdaqGS', type: 'EQUITY', class: 'stock' });
    expect(series.closes).toHaveLength(49);
    // 129.0399932861328 at priceHint 2 is 129.04; 1598880600 is 2020-08-31 09:30 in New York.
    expect(series.closes[0]).toEqual({ symbol: 'AAPL', date: '2020-08-31', close: '129.04', currency: 'USD' });
    expect(series.closes.at(-1)!.date).toBe('2020-11-06');
    expect(series.events).toEqual([
      { symbol: 'AAPL', date: '2020-08-31', kind: 'split', value: '4', currency: null },
      { symbol: 'AAPL', date: '2020-11-06', kind: 'dividend', value: '0.205', currency: 'USD' },
    ]);
    const request = server.requests.at(-1)!;
    expect(request.url).toMatch(/^\/v8\/finance\/chart\/AAPL\?period1=\d+&period2=\d+&interval=1d&events=div%7Csplit$/);
    expect(request.userAgent).toMatch(/^folio\/\d+\.\d+\.\d+ /);
  });

  it('undoes the split adjustment inside a range: the closes actually traded', async () => {
    const series = await history('AAPL.SPLIT', '2020-08-27', '2020-09-01');
    // 125.01 × 4 = 500.04 and 124.8075 × 4 = 499.23 before the split; unchanged from its day on.
    expect(series.closes.map((c) => [c.date, c.close])).toEqual([
      ['2020-08-27', '500.04'],
      ['2020-08-28', '499.23'],
      ['2020-08-31', '129.04'],
      ['2020-09-01', '134.18'],
    ]);
  });

  it('undoes a later split known from an earlier fetch', async () => {
    const split = { symbol: 'AAPL.JAN', date: '2020-08-31', kind: 'split' as const, value: '4', currency: null };
    const series = await history('AAPL.JAN', '2020-01-01', '2020-01-03', [split]);
    // 75.0875015258789 × 4 = 300.35, AAPL's published close of 2020-01-02.
    expect(series.closes).toEqual([{ symbol: 'AAPL.JAN', date: '2020-01-02', close: '300.35', currency: 'USD' }]);
  });

  it.each([
    // GBp: 1259.5 pence is 12.595 GBP
    ['OCDO.L', [['2020-01-02', '12.595']], 'GBP'],
    // crypto trades at midnight UTC; 7344.88427734375 at priceHint 2 is 7344.88
    ['BTC-USD', [['2020-01-01', '7200.17'], ['2020-01-02', '6985.47'], ['2020-01-03', '7344.88']], 'USD'],
    // priceHint 4: 1.1220825910568237 is 1.1221
    ['EURUSD=X', [['2020-01-01', '1.1221'], ['2020-01-02', '1.1221'], ['2020-01-03', '1.1171']], 'USD'],
    ['0P000071W8.TO', [['2020-01-02', '73.72']], 'CAD'],
    // 1577919600 is 2020-01-01 23:00 UTC but 2020-01-02 10:00 in Sydney: the trading date is the 2nd
    ['CBA.AX', [['2020-01-02', '93.51']], 'AUD'],
  ])('%s: major units, the exchange date and priceHint', async (symbol, expected, currency) => {
    const series = await history(symbol, '2020-01-01', '2020-01-03');
    expect(series.closes.map((c) => [c.date, c.close])).toEqual(expected);
    expect(new Set(series.closes.map((c) => c.currency))).toEqual(new Set([currency]));
  });

  it.each([
    ['FAKE.LENGTH', /malformed chart for FAKE\.LENGTH: 0 timestamps for 1 closes/],
    ['FAKE.WEIRD', /malformed chart for FAKE\.WEIRD: 0 timestamps for 1 closes/],
  ])('refuses %s with a clear error instead of storing a 0', async (symbol, message) => {
    const error = await rejected(history(symbol, '2020-01-01', '2020-01-03'));
    expect(error.kind).toBe('unavailable');
    expect(error.code).toBe('bad_payload');
    expect(error.message).toMatch(message);
  });

  it('leaves out a day Yahoo sends without a close (null), keeping the others', async () => {
    const series = await history('NUL', '2020-01-01', '2020-01-03');
    // 1577975400 is 2020-01-02 14:30 UTC (New York open): 75.0875015258789 at priceHint 2 is 75.09; 2020-01-03 is null
    expect(series.closes.map((c) => [c.date, c.close])).toEqual([['2020-01-02', '75.09']]);
  });

  it('names a symbol Yahoo does not know (exit 4)', async () => {
    const error = await rejected(history('NOPE', '2020-01-01', '2020-01-03'));
    expect(error.kind).toBe('notFound');
    expect(error.message).toBe('Yahoo Finance does not know NOPE (No data found, symbol may be delisted).');
  });

  it('quotes the latest price with its time and the change since the previous close', async () => {
    const quote = await feed().quote('AAPL.QUOTE');
    // 244.87 − 244.47 = 0.40; 0.40 / 244.47 = 0.0016361926…
    expect(quote).toMatchObject({ price: '244.87', currency: 'USD', time: '2025-02-19T21:00:01.000Z', previousClose: '244.47', change: '0.4', source: 'yahoo' });
    expect(quote.changeRatio).toBeCloseTo(0.0016361926, 9);
  });
});
