import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/prices/http.js';
import { frankfurterFeed } from '../../src/prices/providers/frankfurter.js';
import { tiingoFeed } from '../../src/prices/providers/tiingo.js';
import { rejected } from '../helpers/errors.js';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';

// Hand-written Tiingo end-of-day rows: `close` is the raw close as traded; the split shows as a splitFactor.
const TIINGO_AAPL = [
  { date: '2020-08-28T00:00:00.000Z', close: 499.23, adjClose: 122.78, splitFactor: 1.0, divCash: 0.0 },
  { date: '2020-08-31T00:00:00.000Z', close: 129.04, adjClose: 126.94, splitFactor: 4.0, divCash: 0.0 },
  { date: '2020-11-06T00:00:00.000Z', close: 118.69, adjClose: 117.0, splitFactor: 1.0, divCash: 0.205 },
];

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer((url) => {
    if (url.pathname === '/tiingo/daily/aapl/prices') return { body: TIINGO_AAPL };
    if (url.pathname.startsWith('/tiingo/daily/')) return { status: 404, body: { detail: "Error: Ticker 'NOPE' not found" } };
    if (url.pathname === '/v2/rates' && url.searchParams.get('quotes') === 'XXX') return { status: 404, body: { message: 'not found' } };
    if (url.pathname === '/v2/rates' && url.searchParams.get('quotes') === 'BAD') return { body: [{ date: '2020-11-06', base: 'EUR', quote: 'USD', rate: 'a lot' }] };
    if (url.pathname === '/v2/rates') return { body: [{ date: '2020-11-06', base: 'EUR', quote: 'USD', rate: 1.187 }] };
    return { status: 404 };
  });
});
afterAll(() => server.close());

const http = () => createHttpClient({ name: 'test', retries: 0 });
const now = () => new Date('2020-11-09T12:00:00Z');

describe('Tiingo, a keyed provider behind the same port', () => {
  it('stores raw closes as traded, with the split and the dividend, sending the key as a header', async () => {
    const series = await tiingoFeed(http(), server.url, 'secret-key', now).history({ symbol: 'AAPL', from: '2020-08-28', to: '2020-11-06', knownSplits: [] });
    expect(series.closes.map((c) => [c.date, c.close, c.currency])).toEqual([
      ['2020-08-28', '499.23', 'USD'],
      ['2020-08-31', '129.04', 'USD'],
      ['2020-11-06', '118.69', 'USD'],
    ]);
    expect(series.events).toEqual([
      { symbol: 'AAPL', date: '2020-08-31', kind: 'split', value: '4', currency: null },
      { symbol: 'AAPL', date: '2020-11-06', kind: 'dividend', value: '0.205', currency: 'USD' },
    ]);
    const request = server.requests.at(-1)!;
    expect(request.url).toBe('/tiingo/daily/aapl/prices?startDate=2020-08-28&endDate=2020-11-06&format=json');
    expect(request.authorization).toBe('Token secret-key');
    expect(request.url).not.toContain('secret-key');
  });

  it('quotes the last close and its change from the one before', async () => {
    const quote = await tiingoFeed(http(), server.url, 'k', now).quote('AAPL');
    // 118.69 − 129.04 = −10.35
    expect(quote).toMatchObject({ price: '118.69', previousClose: '129.04', change: '-10.35', source: 'tiingo' });
  });

  it('asks for the key when there is none (exit 2), and names an unknown symbol (exit 4)', async () => {
    const missing = await rejected(tiingoFeed(http(), server.url, undefined, now).quote('AAPL'));
    expect([missing.kind, missing.message]).toEqual(['usage', 'prices.provider tiingo needs an API key: set TIINGO_API_KEY (a free key comes with a Tiingo account).']);
    const unknown = await rejected(tiingoFeed(http(), server.url, 'k', now).history({ symbol: 'NOPE', from: '2020-01-01', to: '2020-01-03', knownSplits: [] }));
    expect([unknown.kind, unknown.message]).toEqual(['notFound', "Tiingo does not know NOPE (Error: Ticker 'NOPE' not found)."]);
  });
});

describe('Frankfurter (ECB), v2 rates', () => {
  it('asks for EUR-based rates of the ECB and reads the flat array', async () => {
    const rows = await frankfurterFeed(http(), server.url).rates('EUR', ['USD'], '2020-11-02', '2020-11-06');
    expect(rows).toEqual([{ base: 'EUR', quote: 'USD', date: '2020-11-06', rate: '1.187' }]);
    expect(server.requests.at(-1)!.url).toBe('/v2/rates?from=2020-11-02&to=2020-11-06&base=EUR&quotes=USD&providers=ecb');
  });

  it('refuses a malformed answer (exit 6) and names currencies it lacks (exit 4)', async () => {
    const bad = await rejected(frankfurterFeed(http(), server.url).rates('EUR', ['BAD'], '2020-11-02', '2020-11-06'));
    expect([bad.kind, bad.code]).toEqual(['unavailable', 'bad_payload']);
    expect(bad.message).toMatch(/^Frankfurter \(ECB\) sent malformed rates \(0\.rate: /);
    const unknown = await rejected(frankfurterFeed(http(), server.url).rates('EUR', ['XXX'], '2020-11-02', '2020-11-06'));
    expect([unknown.kind, unknown.message]).toEqual(['notFound', 'Frankfurter (ECB) has no rates for EUR to XXX.']);
  });
});
