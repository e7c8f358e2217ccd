import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, withDatabase, type World } from '../helpers/backends.js';
import { chartBody, chartSymbol, recording, startProviderServer, UNKNOWN_SYMBOL, type ProviderServer, type Reply } from '../helpers/provider-server.js';

// Real responses (AAPL around its 2020 split, with a split and a dividend event; Ocado in pence)
// and hand-written ones (a quote; a server error; a malformed chart).
const REPLIES: Record<string, Reply> = {
  AAPL: { body: recording('AAPL-2020-08-31-to-2020-11-07') },
  'OCDO.L': { body: recording('OCDO.L-2020-01-01-to-2020-01-03') },
  BROKEN: { status: 500 },
  FAKE: { body: recording('notimestamp-quotes-length.fake') },
  NOPE: UNKNOWN_SYMBOL,
};
// Hand-written ECB rates in Frankfurter v2's shape (1 EUR = rate quote).
const ECB = [
  { date: '2020-11-05', base: 'EUR', quote: 'GBP', rate: 0.9013 },
  { date: '2020-11-05', base: 'EUR', quote: 'USD', rate: 1.1795 },
  { date: '2020-11-06', base: 'EUR', quote: 'GBP', rate: 0.9016 },
  { date: '2020-11-06', base: 'EUR', quote: 'USD', rate: 1.187 },
];
const QUOTE = chartBody({ symbol: 'AAPL', timestamps: [1739975400], closes: [244.87], regularMarketPrice: 244.87, regularMarketTime: 1739998801, previousClose: 244.47 });

describe.each(BACKENDS)('real market data on $name', (backend) => {
  let world: World;
  let server: ProviderServer;
  const chartRequests = () => server.requests.filter((r) => r.url.startsWith('/v8/')).length;

  beforeAll(async () => {
    if (!backend.available) return;
    server = await startProviderServer((url) => {
      if (url.pathname === '/v2/rates') return { body: ECB };
      const symbol = chartSymbol(url) ?? '';
      if (url.searchParams.get('range') === '1d' && symbol === 'AAPL') return { body: QUOTE };
      return REPLIES[symbol] ?? UNKNOWN_SYMBOL;
    });
    world = await createWorld(backend, { inProcess: true });
    Object.assign(world.env, { FOLIO_YAHOO_URL: server.url, FOLIO_FRANKFURTER_URL: server.url, FOLIO_HTTP_RETRIES: '1', FOLIO_HTTP_BACKOFF_MS: '1', FOLIO_NOW: '2020-11-09T12:00:00Z' });
    await registerUser(world, 'trader@example.com');
    expect((await world.folio(['settings', 'set', 'prices.provider', 'yahoo'])).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await world?.cleanup();
  });

  it.skipIf(!backend.available)('fetches a range once, stores the closes as traded with events, and finds nothing new the second time', async () => {
    const first = await world.folio(['prices', 'update', 'AAPL', '--from', '2020-08-31', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as { fetched: Array<{ symbol: string; closes: number; changed: number }>; unchanged: string[]; failed: unknown[] };
    expect(summary.fetched).toEqual([expect.objectContaining({ symbol: 'AAPL', closes: 49, changed: 49 })]);
    expect(chartRequests()).toBe(1);

    const shown = JSON.parse((await world.folio(['prices', 'show', 'AAPL', '--from', '2020-08-31', '--to', '2020-09-01', '--json'])).stdout);
    expect(shown).toEqual({ symbol: 'AAPL', currency: 'USD', prices: [{ date: '2020-08-31', close: '129.04' }, { date: '2020-09-01', close: '134.18' }] });
    const events = JSON.parse((await world.folio(['events', 'AAPL', '--json'])).stdout);
    expect(events.events).toEqual([
      { date: '2020-08-31', kind: 'split', value: '4', currency: null, source: 'yahoo' },
      { date: '2020-11-06', kind: 'dividend', value: '0.205', currency: 'USD', source: 'yahoo' },
    ]);
    const fetchedAt = await withDatabase(world, (db) => db.selectFrom('prices').select(['source', 'fetched_at']).where('symbol', '=', 'AAPL').where('date', '=', '2020-08-31').where('source', '=', 'yahoo').executeTakeFirst());
    expect(fetchedAt).toEqual({ source: 'yahoo', fetched_at: '2020-11-09T12:00:00.000Z' });

    // Incremental: from 5 days before the last stored close (2020-11-06), one request, nothing changed.
    const again = await world.folio(['prices', 'update', 'AAPL', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ fetched: [], unchanged: ['AAPL'], failed: [] });
    expect(chartRequests()).toBe(2);
    expect(server.requests.at(-1)!.url).toContain(`period1=${Date.parse('2020-11-01T00:00:00Z') / 1000 - 2 * 86400}&`);
  });

  it.skipIf(!backend.available)('stores the instrument from meta, in major units', async () => {
    const result = await world.folio(['prices', 'update', 'OCDO.L', '--from', '2020-01-01', '--to', '2020-01-03']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Updated from yahoo: 1 fetched, 0 unchanged, 0 failed\./);
    expect(result.stderr).not.toMatch(/^ {2}OCDO\.L/m); // no progress lines when stderr is not a terminal
    const shown = JSON.parse((await world.folio(['instruments', 'show', 'OCDO.L', '--json'])).stdout);
    expect(shown).toMatchObject({ symbol: 'OCDO.L', name: 'Ocado Group plc', currency: 'GBP', class: 'stock', source: 'yahoo', latestClose: { date: '2020-01-02', close: '12.595', currency: 'GBP' } });
  });

  it.skipIf(!backend.available)('keeps the symbols that worked when others fail: exit 6 naming each failure', async () => {
    const result = await world.folio(['prices', 'update', 'OCDO.L', 'BROKEN', 'FAKE', '--from', '2020-01-01']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/BROKEN: Yahoo Finance failed \(HTTP 500\)/);
    expect(result.stderr).toMatch(/FAKE: Yahoo Finance sent a malformed chart for FAKE: 0 timestamps for 1 closes; nothing was stored\./);
    const stored = await withDatabase(world, (db) => db.selectFrom('prices').select('symbol').where('symbol', 'in', ['BROKEN', 'FAKE']).execute());
    expect(stored).toEqual([]);
    expect(JSON.parse((await world.folio(['prices', 'latest', 'OCDO.L', '--json'])).stdout)).toEqual([{ symbol: 'OCDO.L', date: '2020-01-02', close: '12.595', currency: 'GBP' }]);
  });

  it.skipIf(!backend.available)('names a symbol the provider does not know (exit 4)', async () => {
    const result = await world.folio(['prices', 'update', 'NOPE']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/NOPE: Yahoo Finance does not know NOPE/);
  });

  it.skipIf(!backend.available)('offline never touches the network', async () => {
    const before = server.requests.length;
    for (const args of [['--offline', 'prices', 'update', 'AAPL'], ['prices', 'update', 'AAPL']]) {
      const result = await world.folio(args, { env: { FOLIO_OFFLINE: args[0] === '--offline' ? undefined : '1' } });
      expect(result.code).toBe(6);
      expect(result.stderr).toMatch(/Offline \(--offline or FOLIO_OFFLINE=1\)/);
    }
    const quote = await world.folio(['quote', 'AAPL', '--json'], { env: { FOLIO_OFFLINE: '1' } });
    expect(quote.code, quote.stderr).toBe(0);
    expect(JSON.parse(quote.stdout)).toEqual([expect.objectContaining({ symbol: 'AAPL', price: '118.69', source: 'stored' })]);
    expect(server.requests.length).toBe(before);
  });

  it.skipIf(!backend.available)('quotes the latest price and its change on the day', async () => {
    const result = await world.folio(['quote', 'AAPL', '--json']);
    expect(result.code, result.stderr).toBe(0);
    // 244.87 − 244.47 = 0.4
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ symbol: 'AAPL', price: '244.87', currency: 'USD', change: '0.4', previousClose: '244.47', time: '2025-02-19T21:00:01.000Z', source: 'yahoo' }),
    ]);
    const watch = await world.folio(['watch', 'Main']);
    expect(watch.code).toBe(2);
    expect(watch.stderr).toMatch(/watch needs a terminal/);
  });

  it.skipIf(!backend.available)('warns when a held symbol split after a buy and the ledger has no split, with the command that records it', async () => {
    for (const args of [
      ['portfolio', 'add', 'Main', '--currency', 'USD'],
      ['tx', 'add', 'Main', '--type', 'buy', '--symbol', 'AAPL', '--quantity', '10', '--price', '499.23', '--date', '2020-08-28'],
    ]) expect((await world.folio(args)).code).toBe(0);
    const warned = await world.folio(['holdings', 'Main', '--as-of', '2020-11-06']);
    expect(warned.code, warned.stderr).toBe(0);
    const command = 'folio tx add Main --type split --symbol AAPL --quantity 4 --date 2020-08-31';
    expect(warned.stderr).toContain(`warning: AAPL split 4:1 on 2020-08-31, after your buy on 2020-08-28, but the ledger has no split; record it with: ${command}`);
    const recorded = await world.folio(command.split(' ').slice(1));
    expect(recorded.code, recorded.stderr).toBe(0);
    const clean = await world.folio(['holdings', 'Main', '--as-of', '2020-11-06', '--json']);
    expect(clean.stderr).not.toMatch(/warning/);
    // 40 shares at the close of 2020-11-06 (118.69): 4,747.6
    expect(JSON.parse(clean.stdout).totals.marketValue).toBe('4747.6');
  });

  it.skipIf(!backend.available)('updates everything held with --all, ECB rates included, and values in EUR and GBP through EUR', async () => {
    for (const args of [
      ['settings', 'set', 'fx.provider', 'ecb'],
      ['portfolio', 'add', 'Euro', '--currency', 'EUR'],
      ['portfolio', 'add', 'Pound', '--currency', 'GBP'],
      ['tx', 'add', 'Euro', '--type', 'buy', '--symbol', 'AAPL', '--quantity', '40', '--price', '134.18', '--date', '2020-09-01'],
      ['tx', 'add', 'Pound', '--type', 'buy', '--symbol', 'AAPL', '--quantity', '40', '--price', '134.18', '--date', '2020-09-01'],
    ]) {
      const result = await world.folio(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const before = server.requests.length;
    const update = await world.folio(['prices', 'update', '--all', '--json']);
    expect(update.code, update.stderr).toBe(0);
    const summary = JSON.parse(update.stdout) as { unchanged: string[]; fx: { base: string; quotes: string[]; changed: number } };
    expect(summary.unchanged).toEqual(['AAPL']);
    expect(summary.fx).toMatchObject({ base: 'EUR', quotes: ['GBP', 'USD'], changed: 4, status: 'fetched' });
    const made = server.requests.slice(before).map((r) => r.url);
    expect(made).toHaveLength(2); // one chart request for AAPL, one for every rate
    expect(made.find((u) => u.startsWith('/v2/rates'))).toBe('/v2/rates?from=2020-08-28&to=2020-11-09&base=EUR&quotes=GBP,USD&providers=ecb');

    const value = async (portfolio: string) => JSON.parse((await world.folio(['holdings', portfolio, '--as-of', '2020-11-06', '--json'])).stdout).totals.marketValue;
    // 40 × 118.69 = 4,747.6 USD. USD→EUR = 1 / 1.187 = 0.8424599832 (10 places): 4,747.6 × 0.8424599832 = 3,999.66301624032.
    expect(await value('Euro')).toBe('3999.66301624032');
    // USD→GBP through EUR = 0.9016 / 1.187 = 0.7595619208: 4,747.6 × 0.7595619208 = 3,606.09617519008.
    expect(await value('Pound')).toBe('3606.09617519008');
  });

  it.skipIf(!backend.available)('prices.autoUpdate fetches stale symbols before a valued command, never offline, and falls back with a warning', async () => {
    expect((await world.folio(['settings', 'set', 'prices.autoUpdate', 'on'])).code).toBe(0);
    const later = { FOLIO_NOW: '2020-11-20T12:00:00Z' }; // AAPL's last close (2020-11-06) is stale by then
    let before = server.requests.length;
    const offline = await world.folio(['holdings', 'Euro', '--as-of', '2020-11-06'], { env: { ...later, FOLIO_OFFLINE: '1' } });
    expect(offline.code, offline.stderr).toBe(0);
    expect(server.requests.length).toBe(before);

    const down = await world.folio(['holdings', 'Euro', '--as-of', '2020-11-06'], { env: { ...later, FOLIO_YAHOO_URL: `${server.url}/down` } });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/warning: could not update AAPL \(.*\); using the stored closes\./);

    before = server.requests.length;
    const fresh = await world.folio(['holdings', 'Euro', '--as-of', '2020-11-06'], { env: later });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(server.requests.slice(before).map((r) => r.url.split('?')[0])).toEqual(['/v8/finance/chart/AAPL']);
    expect((await world.folio(['settings', 'set', 'prices.autoUpdate', 'off'])).code).toBe(0);
  });
});
