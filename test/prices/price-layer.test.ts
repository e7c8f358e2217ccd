import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolioError } from '../../src/core/errors.js';
import { requireClose, requireFxRate } from '../../src/core/market/prices.js';
import type { MarketData } from '../../src/core/ports.js';
import { ensureMigrated, openDatabase, type Database } from '../../src/db/connect.js';
import { FIXTURE_LOADED_AT_KEY, readMarketState, upsertImportedPrices } from '../../src/db/repositories/market.js';
import { ensureFixturesLoaded, fixtureFeed } from '../../src/prices/fixture-feed.js';
import { openMarketData } from '../../src/prices/market-data.js';
import { BACKENDS, createPostgresDatabase } from '../helpers/backends.js';

/** Small hand-made fixtures: AAPL, VTI, SAP (EUR), VOD (GBP), BTC-USD around the weekend of 6–7 January 2024. */
const FIXTURES = resolve(import.meta.dirname, 'fixtures');

const clockAt = (iso: string) => ({ now: () => new Date(iso) });

describe.each(BACKENDS)('price layer on $name', (backend) => {
  let database: Database;
  let market: MarketData;
  let cleanup: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    if (!backend.available) return;
    dir = mkdtempSync(join(tmpdir(), 'folio-prices-'));
    if (backend.name === 'postgres') {
      const pg = await createPostgresDatabase();
      database = await openDatabase({ dialect: 'postgres', url: pg.url });
      cleanup = pg.drop;
    } else {
      database = await openDatabase({ dialect: 'sqlite', path: join(dir, 'folio.db') });
      cleanup = async () => {};
    }
    await ensureMigrated(database);
    market = await openMarketData(database, { fixturesDir: FIXTURES, clock: clockAt('2024-01-08T18:00:00Z') });
  });
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(!backend.available)('gaps', () => {
    it('uses the last close on or before a date: a weekend gives the Friday', async () => {
      // 2024-01-06 and 07 are a Saturday and a Sunday: VTI's last close is Friday 2024-01-05.
      expect(await market.latestClose('VTI', '2024-01-07')).toEqual({ symbol: 'VTI', date: '2024-01-05', close: '236.2', currency: 'USD' });
      // No VTI close on 03 and 04 January (a gap like a holiday): the 2nd's is used.
      expect(await market.latestClose('VTI', '2024-01-04')).toMatchObject({ date: '2024-01-02', close: '237.5' });
      // Crypto trades every day: Saturday has its own close.
      expect(await market.latestClose('BTC-USD', '2024-01-06')).toMatchObject({ date: '2024-01-06', close: '44100.5' });
    });

    it('returns closes over a range, oldest first, and nothing before the first close', async () => {
      const closes = await market.closes('SAP', '2024-01-03', '2024-01-31');
      expect(closes.map((p) => [p.date, p.close])).toEqual([
        ['2024-01-05', '140.12'],
        ['2024-01-08', '142'],
      ]);
      expect(await market.latestClose('SAP', '2024-01-01')).toBeNull();
      expect(await market.firstDate('SAP')).toBe('2024-01-02');
    });

    it('names the symbol and how to import prices when there are none, never a zero', async () => {
      const missing = await requireClose(market, 'ZZZ', '2024-01-05').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(FolioError);
      expect((missing as FolioError).kind).toBe('notFound');
      expect((missing as FolioError).message).toContain('No prices for ZZZ');
      expect((missing as FolioError).message).toContain('folio prices import FILE');
      expect((missing as FolioError).message).toContain('symbol,date,close,currency');
      const early = await requireClose(market, 'AAPL', '2023-12-29').catch((e: unknown) => e as FolioError);
      expect(early).toMatchObject({ kind: 'notFound' });
      expect((early as FolioError).message).toContain('AAPL on or before 2023-12-29: its closes start on 2024-01-02');
    });
  });

  describe.skipIf(!backend.available)('FX', () => {
    it.each([
      // the stored pair, the last rate on or before the date (Saturday → Friday's 1.0941)
      ['EUR', 'USD', '2024-01-06', '1.0941'],
      ['EUR', 'USD', '2024-01-08', '1.0953'],
      // identity
      ['EUR', 'EUR', '2024-01-06', '1'],
      ['JPY', 'JPY', '2000-01-01', '1'],
      // inverse: 1 / 1.0941 = 0.91399323645005… → 10 places, half-even: 0.9139932365
      ['USD', 'EUR', '2024-01-06', '0.9139932365'],
      // inverse: 1 / 1.0953 = 0.91299187437231… → 0.9129918744
      ['USD', 'EUR', '2024-01-08', '0.9129918744'],
      // cross through USD: GBPUSD / EURUSD = 1.2723 / 1.0941 = 1.16287359473539… → 1.1628735947
      ['GBP', 'EUR', '2024-01-05', '1.1628735947'],
      // and back: EURUSD / GBPUSD = 1.0941 / 1.2723 = 0.85993869370431… → 0.8599386937
      ['EUR', 'GBP', '2024-01-05', '0.8599386937'],
    ])('%s→%s on %s is %s', async (base, quote, date, rate) => {
      expect(await market.fxRate(base, quote, date)).toBe(rate);
    });

    it('knows no rate before the first one, nor for a currency the feed lacks', async () => {
      expect(await market.fxRate('EUR', 'USD', '2024-01-01')).toBeNull();
      expect(await market.fxRate('JPY', 'USD', '2024-01-05')).toBeNull();
      await expect(requireFxRate(market, 'JPY', 'EUR', '2024-01-05')).rejects.toMatchObject({ kind: 'notFound', code: 'no_fx_rate' });
    });
  });

  describe.skipIf(!backend.available)('the chain: imported closes first, then the fixture feed', () => {
    it('lets an imported close override the fixture one for its day only', async () => {
      await upsertImportedPrices(database, [
        { symbol: 'AAPL', date: '2024-01-05', close: '200', currency: 'USD' },
        { symbol: 'MYCO', date: '2024-01-03', close: '12.5', currency: 'EUR' },
      ]);
      expect(await market.latestClose('AAPL', '2024-01-07')).toEqual({ symbol: 'AAPL', date: '2024-01-05', close: '200', currency: 'USD' });
      // The days nobody imported still come from the feed.
      const closes = await market.closes('AAPL', '2024-01-04', '2024-01-08');
      expect(closes.map((p) => [p.date, p.close])).toEqual([
        ['2024-01-04', '181.91'],
        ['2024-01-05', '200'],
        ['2024-01-08', '185.56'],
      ]);
      // The newest close wins across sources: the feed's Monday close is newer than the imported Friday.
      expect(await market.latestClose('AAPL', '2024-01-08')).toMatchObject({ date: '2024-01-08', close: '185.56' });
      // The fixture feed alone still has its own value.
      const feed = await fixtureFeed(database, { dir: FIXTURES, clock: clockAt('2024-01-08T18:00:00Z') });
      expect(await feed.latestClose('AAPL', '2024-01-07')).toMatchObject({ close: '181.18' });
      // A symbol only imported is an instrument too (named after itself, no class).
      expect(await market.instrument('MYCO')).toEqual({ symbol: 'MYCO', name: 'MYCO', class: null, sector: null, currency: 'EUR', source: 'import' });
    });

    it('replaces a day imported again (upsert)', async () => {
      await upsertImportedPrices(database, [{ symbol: 'MYCO', date: '2024-01-03', close: '13', currency: 'EUR' }]);
      expect(await market.closes('MYCO', '2024-01-01', '2024-01-31')).toEqual([{ symbol: 'MYCO', date: '2024-01-03', close: '13', currency: 'EUR' }]);
    });
  });

  describe.skipIf(!backend.available)('the fixture cache', () => {
    it('loads the files once, and again only when they change', async () => {
      const clock = clockAt('2030-01-01T00:00:00Z');
      const loadedAt = await readMarketState(database.db, FIXTURE_LOADED_AT_KEY);
      expect(loadedAt).toBe('2024-01-08T18:00:00.000Z');
      expect(await ensureFixturesLoaded(database, { dir: FIXTURES, clock })).toBe(false);
      expect(await readMarketState(database.db, FIXTURE_LOADED_AT_KEY)).toBe(loadedAt);

      // A new version of the files (VTI's Friday close changed) is loaded; imported closes stay.
      const changed = join(dir, 'fixtures-v2');
      cpSync(FIXTURES, changed, { recursive: true });
      const prices = readFileSync(join(changed, 'prices.csv'), 'utf8').replace('VTI,2024-01-05,236.2,USD', 'VTI,2024-01-05,236.4,USD');
      writeFileSync(join(changed, 'prices.csv'), prices);
      expect(await ensureFixturesLoaded(database, { dir: changed, clock })).toBe(true);
      expect(await readMarketState(database.db, FIXTURE_LOADED_AT_KEY)).toBe('2030-01-01T00:00:00.000Z');
      expect(await market.latestClose('VTI', '2024-01-07')).toMatchObject({ close: '236.4' });
      expect(await market.closes('VTI', '2024-01-01', '2024-01-31')).toHaveLength(3);
      expect(await market.latestClose('MYCO', '2024-01-31')).toMatchObject({ close: '13' });
      expect(await ensureFixturesLoaded(database, { dir: changed, clock })).toBe(false);
    });
  });
});
