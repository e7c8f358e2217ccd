import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSeries } from '../../src/core/market/prices.js';
import type { MarketData, PricePoint } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { upsertImportedPrices } from '../../src/db/repositories/market.js';
import { upsertAccountPrices } from '../../src/db/repositories/market-sources.js';
import { openMarketData, type MarketAccount } from '../../src/prices/market-data.js';
import { BACKENDS } from '../helpers/backends.js';
import { insertUsers, openMigratedDatabase } from '../helpers/ledger-db.js';

/**
 * The batch read of valuation series (`closeSeries`) against the per-symbol reads it replaces, over
 * three sources: the account's own closes, shared imports and the fixture feed (test/prices/fixtures:
 * AAPL 02–05 and 08 Jan 2024, BTC-USD 05–08, SAP 02, 05, 08 in EUR, VOD 05 and 08 in GBP, VTI 02, 05, 08).
 */
const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const clock = { now: () => new Date('2024-01-08T18:00:00Z') };
const account = (id: string): MarketAccount => ({ id, priceProvider: 'fixtures', fxProvider: 'fixtures' });
const SYMBOLS = ['AAPL', 'BTC-USD', 'NONE', 'OWN', 'SAP', 'VOD', 'VTI'];

const point = (symbol: string, date: string, close: string, currency = 'USD'): PricePoint => ({ symbol, date, close, currency });
const asObject = (series: Map<string, PricePoint[]>) => Object.fromEntries([...series].sort(([a], [b]) => (a < b ? -1 : 1)));

describe.each(BACKENDS)('closes of every symbol at once on $name', (backend) => {
  let database: Database;
  let ann: MarketData;
  let ben: MarketData;
  let drop = async () => {};

  beforeAll(async () => {
    if (!backend.available) return;
    ({ database, drop } = await openMigratedDatabase(backend));
    const at = '2024-01-08T00:00:00.000Z';
    await insertUsers(database, ['u-ann', 'u-ben'], at);
    // Shared imports: VTI fills the feed's gap on the 3rd; SAP's 5th overrides the feed's.
    await upsertImportedPrices(database, [point('VTI', '2024-01-03', '236.9'), point('SAP', '2024-01-05', '150', 'EUR')]);
    await upsertAccountPrices(
      database,
      'u-ann',
      [
        // AAPL: the 4th ties with the feed's (the account's wins), the 5th overrides it, Saturday the 6th is new.
        point('AAPL', '2024-01-04', '199'),
        point('AAPL', '2024-01-05', '200'),
        point('AAPL', '2024-01-06', '190'),
        // VOD: a carry-in before the feed's first close.
        point('VOD', '2024-01-01', '0.65', 'GBP'),
        // OWN: only the account has it, its carry-in a week before the range.
        point('OWN', '2023-12-29', '10', 'CHF'),
        point('OWN', '2024-01-08', '12', 'CHF'),
      ],
      at,
    );
    ann = await openMarketData(database, { fixturesDir: FIXTURES, clock, account: account('u-ann') });
    ben = await openMarketData(database, { fixturesDir: FIXTURES, clock, account: account('u-ben') });
  });
  afterAll(async () => {
    await database?.close();
    await drop();
  });

  it.skipIf(!backend.available)('give each symbol its carry-in and later closes, the account’s over the shared ones day by day', async () => {
    expect(asObject(await closeSeries(ann, SYMBOLS, '2024-01-04', '2024-01-08'))).toEqual({
      AAPL: [point('AAPL', '2024-01-04', '199'), point('AAPL', '2024-01-05', '200'), point('AAPL', '2024-01-06', '190'), point('AAPL', '2024-01-08', '185.56')],
      // no close on or before the 4th: no carry-in
      'BTC-USD': [point('BTC-USD', '2024-01-05', '44000'), point('BTC-USD', '2024-01-06', '44100.5'), point('BTC-USD', '2024-01-07', '43900'), point('BTC-USD', '2024-01-08', '46950')],
      OWN: [point('OWN', '2023-12-29', '10', 'CHF'), point('OWN', '2024-01-08', '12', 'CHF')],
      SAP: [point('SAP', '2024-01-02', '139.5', 'EUR'), point('SAP', '2024-01-05', '150', 'EUR'), point('SAP', '2024-01-08', '142', 'EUR')],
      VOD: [point('VOD', '2024-01-01', '0.65', 'GBP'), point('VOD', '2024-01-05', '0.6912', 'GBP'), point('VOD', '2024-01-08', '0.7004', 'GBP')],
      // the shared import of the 3rd is newer than the feed's 2nd
      VTI: [point('VTI', '2024-01-03', '236.9'), point('VTI', '2024-01-05', '236.2'), point('VTI', '2024-01-08', '239.1')],
    });
    // Another account sees none of ann's closes.
    expect((await closeSeries(ben, ['AAPL', 'OWN'], '2024-01-04', '2024-01-08')).get('AAPL')).toEqual([
      point('AAPL', '2024-01-04', '181.91'),
      point('AAPL', '2024-01-05', '181.18'),
      point('AAPL', '2024-01-08', '185.56'),
    ]);
    expect((await closeSeries(ben, ['OWN'], '2024-01-04', '2024-01-08')).size).toBe(0);
  });

  it.skipIf(!backend.available)('return what latestClose and closes return symbol by symbol, for any start and end', async () => {
    const days = ['2023-12-28', '2023-12-31', '2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08', '2024-01-09'];
    for (const market of [ann, ben]) {
      const perSymbol: MarketData = { ...market, closeSeries: undefined };
      for (const start of days) {
        for (const end of days) {
          const batch = await closeSeries(market, SYMBOLS, start, end);
          expect(asObject(batch), `${start}..${end}`).toEqual(asObject(await closeSeries(perSymbol, SYMBOLS, start, end)));
        }
      }
    }
  });
});
