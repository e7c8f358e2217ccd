import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { upsertAccountFxRates, upsertAccountPrices } from '../../src/db/repositories/market-sources.js';
import { openMarketData, type MarketAccount } from '../../src/prices/market-data.js';
import { BACKENDS } from '../helpers/backends.js';
import { insertUsers, openMigratedDatabase } from '../helpers/ledger-db.js';

/** The small hand-made fixtures: AAPL 2024-01-02…08, EURUSD 1.0941 on 2024-01-05 (see test/prices/fixtures). */
const FIXTURES = resolve(import.meta.dirname, '../prices/fixtures');
const clock = { now: () => new Date('2024-01-08T18:00:00Z') };
const account = (id: string): MarketAccount => ({ id, priceProvider: 'fixtures', fxProvider: 'fixtures' });

describe.each(BACKENDS)('an account’s own closes and FX rates on $name', (backend) => {
  let database: Database;
  let drop = async () => {};

  beforeAll(async () => {
    if (!backend.available) return;
    ({ database, drop } = await openMigratedDatabase(backend));
    const at = '2024-01-08T00:00:00.000Z';
    await insertUsers(database, ['u-ann', 'u-ben'], at);
    await upsertAccountPrices(database, 'u-ann', [{ symbol: 'AAPL', date: '2024-01-05', close: '200', currency: 'USD' }], at);
    await upsertAccountFxRates(database, 'u-ann', [{ base: 'EUR', quote: 'USD', date: '2024-01-05', rate: '1.5' }], at);
  });
  afterAll(async () => {
    await database?.close();
    await drop();
  });

  it.skipIf(!backend.available)('override the shared feed for that account only', async () => {
    const ann = await openMarketData(database, { fixturesDir: FIXTURES, clock, account: account('u-ann') });
    const ben = await openMarketData(database, { fixturesDir: FIXTURES, clock, account: account('u-ben') });
    const nobody = await openMarketData(database, { fixturesDir: FIXTURES, clock });
    expect(await ann.latestClose('AAPL', '2024-01-05')).toMatchObject({ close: '200' });
    const feed = await nobody.latestClose('AAPL', '2024-01-05');
    expect(feed!.close).not.toBe('200');
    expect(await ben.latestClose('AAPL', '2024-01-05')).toEqual(feed);

    expect(await ann.fxRate('EUR', 'USD', '2024-01-05')).toBe('1.5');
    // USD→EUR is the inverse: 1 / 1.5 = 0.6666666667 (10 places)
    expect(await ann.fxRate('USD', 'EUR', '2024-01-05')).toBe('0.6666666667');
    expect(await ann.fxRates('EUR', 'USD', '2024-01-05', '2024-01-05')).toEqual([{ date: '2024-01-05', rate: '1.5' }]);
    expect(await ben.fxRate('EUR', 'USD', '2024-01-05')).toBe(await nobody.fxRate('EUR', 'USD', '2024-01-05'));
    expect(await ben.fxRate('EUR', 'USD', '2024-01-05')).not.toBe('1.5');
  });
});
