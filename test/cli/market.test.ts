import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_LOADED_AT_KEY, readMarketState } from '../../src/db/repositories/market.js';
import { BACKENDS, createWorld, registerUser, withDatabase, type World } from '../helpers/backends.js';

/**
 * Market data end to end, against small hand-made fixtures (test/prices/fixtures): AAPL, VTI,
 * BTC-USD in USD, SAP in EUR, VOD in GBP, closes from 2024-01-02 to 2024-01-08 (6–7 January is a
 * weekend), EURUSD and GBPUSD rates.
 */
const FIXTURES = resolve(import.meta.dirname, '../prices/fixtures');
const PRICE_HEADER = 'symbol,date,close,currency';

interface HoldingsJson {
  positions: Array<Record<string, string | number | null>>;
  totals: Record<string, string> | null;
}

describe.each(BACKENDS)('market data on $name', (backend) => {
  let world: World;
  // The clock is pinned to the fixtures' last day: past it, the mock walk would extend them to today.
  const env = { FOLIO_FIXTURES_DIR: FIXTURES, FOLIO_NOW: '2024-01-08T18:00:00Z' };
  const folio = (args: string[], input?: string) => world.folio(args, { env, input });
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await folio([...args, '--json']);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  const file = (name: string, lines: string[]) => {
    const path = join(world.home, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  /** When the fixture feed was loaded into the world's database (no command shows it). */
  const loadedAt = () => withDatabase(world, (db) => readMarketState(db, FIXTURE_LOADED_AT_KEY));

  beforeAll(async () => {
    if (backend.available) world = await createWorld(backend, { inProcess: true });
  });
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('without signing in', () => {
    it('loads the fixture feed once: a second command does not reload it', async () => {
      const first = await folio(['prices', 'latest', 'AAPL', '--as-of', '2024-01-05']);
      expect(first.code, first.stderr).toBe(0);
      const stamp = await loadedAt();
      expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect((await folio(['prices', 'show', 'VTI'])).code).toBe(0);
      expect((await folio(['instruments', 'list'])).code).toBe(0);
      expect(await loadedAt()).toBe(stamp);
    });

    it('shows a symbol’s closes as JSON, CSV and a table', async () => {
      expect(await json('prices', 'show', 'sap')).toEqual({
        symbol: 'SAP',
        currency: 'EUR',
        prices: [
          { date: '2024-01-02', close: '139.5' },
          { date: '2024-01-05', close: '140.12' },
          { date: '2024-01-08', close: '142' },
        ],
      });
      const ranged = await json<{ prices: unknown[] }>('prices', 'show', 'AAPL', '--from', '2024-01-03', '--to', '2024-01-05');
      expect(ranged.prices).toEqual([
        { date: '2024-01-03', close: '184.25' },
        { date: '2024-01-04', close: '181.91' },
        { date: '2024-01-05', close: '181.18' },
      ]);
      const csv = await folio(['prices', 'show', 'VTI', '--csv']);
      expect(csv.stdout).toBe(`${PRICE_HEADER}\nVTI,2024-01-02,237.5,USD\nVTI,2024-01-05,236.2,USD\nVTI,2024-01-08,239.1,USD\n`);
      const table = await folio(['prices', 'show', 'VOD']);
      expect(table.stdout.split('\n')[0]).toBe('DATE\tCLOSE');
      expect(table.stdout).toContain('2024-01-05\t0.6912');
    });

    it('gives the latest closes on or before a date (a Sunday gives Friday’s, crypto its own)', async () => {
      const all = await json<unknown[]>('prices', 'latest', '--as-of', '2024-01-07');
      expect(all).toEqual([
        { symbol: 'AAPL', date: '2024-01-05', close: '181.18', currency: 'USD' },
        { symbol: 'BTC-USD', date: '2024-01-07', close: '43900', currency: 'USD' },
        { symbol: 'SAP', date: '2024-01-05', close: '140.12', currency: 'EUR' },
        { symbol: 'VOD', date: '2024-01-05', close: '0.6912', currency: 'GBP' },
        { symbol: 'VTI', date: '2024-01-05', close: '236.2', currency: 'USD' },
      ]);
      expect(await json('prices', 'latest', 'vti', 'BTC-USD', '--as-of', '2024-01-06')).toEqual([
        { symbol: 'VTI', date: '2024-01-05', close: '236.2', currency: 'USD' },
        { symbol: 'BTC-USD', date: '2024-01-06', close: '44100.5', currency: 'USD' },
      ]);
    });

    it('says which symbol has no prices and how to import them (exit 4)', async () => {
      for (const args of [['prices', 'show', 'ZZZ'], ['prices', 'latest', 'AAPL', 'ZZZ']]) {
        const result = await folio(args);
        expect(result.code).toBe(4);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('No prices for ZZZ');
        expect(result.stderr).toContain('folio prices import FILE');
        expect(result.stderr).toContain('symbol,date,close,currency');
      }
      const early = await folio(['prices', 'latest', 'AAPL', '--as-of', '2023-12-31']);
      expect(early.code).toBe(4);
      expect(early.stderr).toContain('its closes start on 2024-01-02');
    });

    it('lists and shows instruments', async () => {
      const list = await json<Array<Record<string, string | null>>>('instruments', 'list');
      expect(list.map((i) => i.symbol)).toEqual(['AAPL', 'BTC-USD', 'SAP', 'VOD', 'VTI']);
      expect(list[1]).toEqual({ symbol: 'BTC-USD', name: 'Bitcoin', class: 'crypto', sector: null, currency: 'USD', source: 'fixture' });
      expect(await json('instruments', 'show', 'aapl')).toEqual({
        symbol: 'AAPL',
        name: 'Apple Inc.',
        class: 'stock',
        sector: 'Technology',
        currency: 'USD',
        source: 'fixture',
        latestClose: { date: '2024-01-08', close: '185.56', currency: 'USD' },
        firstDate: '2024-01-02',
        splits: [{ date: '2020-08-31', ratio: '4' }],
      });
      const shown = await folio(['instruments', 'show', 'VOD']);
      expect(shown.stdout).toContain('0.7004 GBP on 2024-01-08');
      expect((await folio(['instruments', 'show', 'NOPE'])).code).toBe(4);
    });

    it('needs a sign-in to import prices (exit 3)', async () => {
      const path = file('anon.csv', [PRICE_HEADER, 'AAPL,2024-01-05,1,USD']);
      const result = await folio(['prices', 'import', path]);
      expect(result.code).toBe(3);
      expect(await json('prices', 'latest', 'AAPL', '--as-of', '2024-01-05')).toEqual([
        { symbol: 'AAPL', date: '2024-01-05', close: '181.18', currency: 'USD' },
      ]);
    });
  });

  describe.skipIf(!backend.available)('signed in', () => {
    beforeAll(async () => {
      if (backend.available) await registerUser(world, 'ann@example.com', 'Ann');
    });

    it('refuses a file with bad rows, naming line and column, and writes nothing (exit 2)', async () => {
      const path = file('bad.csv', [
        'date,symbol,currency,close', // any column order
        '2024-01-05,NEWCO,USD,10', // fine on its own
        '2024-01-08,NEWCO,USD,1e3', // line 3: exponent
        '2024-02-30,NEWCO,USD,10', // line 4: no such day
        '2999-01-01,NEWCO,USD,10', // line 5: the future
        '2024-01-09,NEWCO,DOLLARS,10', // line 6: currency
        '2024-01-10,NEWCO,USD,0', // line 7: not > 0
      ]);
      const result = await folio(['prices', 'import', path]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Nothing was imported');
      for (const where of ['line 3, column close', 'line 4, column date', 'line 5, column date', 'line 6, column currency', 'line 7, column close']) {
        expect(result.stderr).toContain(where);
      }
      expect(result.stderr).not.toContain('line 2,');
      expect((await folio(['prices', 'show', 'NEWCO'])).code).toBe(4);
      expect((await folio(['instruments', 'show', 'NEWCO'])).code).toBe(4);

      const wrongCurrency = await folio(['prices', 'import', file('ccy.csv', [PRICE_HEADER, 'SAP,2024-01-05,1,USD'])]);
      expect(wrongCurrency.code).toBe(2);
      expect(wrongCurrency.stderr).toContain('line 2, column currency: SAP is quoted in EUR, not USD');
    });

    it('refuses a huge line of commas and Latin-1 bytes before parsing, naming line and column (exit 2)', async () => {
      const commas = join(world.home, 'commas.csv');
      writeFileSync(commas, `${PRICE_HEADER}\nNEWCO,2024-01-05,10,USD\n${','.repeat(2_000_000)}\n`); // line 3: 2,000,001 fields
      const huge = await folio(['prices', 'import', commas]);
      expect(huge.code).toBe(2);
      expect(huge.stderr).toContain('line 3, column field 257: more than 256 fields in one record');
      const latin1 = join(world.home, 'latin1.csv');
      // "CAFÉ" in Latin-1 on line 2: C A F, then the byte 0xC9 as the 4th byte
      writeFileSync(latin1, Buffer.concat([Buffer.from(`${PRICE_HEADER}\nCAF`), Buffer.from([0xc9]), Buffer.from(',2024-01-05,10,EUR\n')]));
      const encoding = await folio(['prices', 'import', latin1]);
      expect(encoding.code).toBe(2);
      expect(encoding.stderr).toContain('line 2, column byte 4: the file is not UTF-8 text');
      expect((await folio(['prices', 'show', 'NEWCO'])).code).toBe(4);
    });

    it('imports closes (from stdin too), and a day imported again replaces the earlier import', async () => {
      const first = await folio(['prices', 'import', file('mine.csv', [PRICE_HEADER, 'NEWCO,2024-01-04,10,USD', 'NEWCO,2024-01-05,11,USD'])]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain('Imported 2 closes of NEWCO');
      const again = await world.folio(['prices', 'import', '-', '--json'], { env, input: `${PRICE_HEADER}\nNEWCO,2024-01-05,11.5,USD\n` });
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ rows: 1, symbols: ['NEWCO'], shared: false });
      expect((await json<{ prices: unknown[] }>('prices', 'show', 'NEWCO')).prices).toEqual([
        { date: '2024-01-04', close: '10' },
        { date: '2024-01-05', close: '11.5' },
      ]);
      expect(await json('instruments', 'show', 'NEWCO')).toMatchObject({ name: 'NEWCO', class: null, currency: 'USD', source: 'import' });
    });

    it('values holdings in the base currency, with imported closes over the fixture ones', async () => {
      expect((await folio(['portfolio', 'add', 'Euro', '--currency', 'EUR'])).code).toBe(0);
      const tx = file('euro.csv', [
        'date,type,symbol,quantity,price,amount,fee,currency,note',
        '2024-01-02,deposit,,,,5000,,EUR,',
        '2024-01-02,buy,AAPL,10,180,,2,USD,', // cost 10 × 180 + 2 = 1802 USD
        '2024-01-03,buy,SAP,4,139,,1,EUR,', // cost 4 × 139 + 1 = 557 EUR
        '2024-01-03,buy,MYCO,100,2.5,,,GBP,', // cost 250 GBP
        '2024-01-04,buy,VTI,1,237,,,USD,',
        '2024-01-04,sell,VTI,1,238,,,USD,', // closed: realised 1 USD, no value
      ]);
      expect((await folio(['tx', 'import', tx, '--portfolio', 'Euro'])).code).toBe(0);
      // The user's own closes: AAPL on Friday (over the fixture's 181.18) and MYCO, which the feed lacks.
      const imported = await folio(['prices', 'import', file('euro-prices.csv', [PRICE_HEADER, 'AAPL,2024-01-05,190,USD', 'MYCO,2024-01-04,2.75,GBP'])]);
      expect(imported.code, imported.stderr).toBe(0);

      // As of Sunday 2024-01-07: closes and FX rates of Friday 2024-01-05 (MYCO: Thursday's, its last).
      // USD→EUR: the inverse of EURUSD 1.0941: 1 / 1.0941 = 0.91399323645005… → 0.9139932365.
      // GBP→EUR: through USD, GBPUSD / EURUSD = 1.2723 / 1.0941 = 1.16287359473539… → 1.1628735947.
      const report = await json<HoldingsJson>('holdings', 'Euro', '--as-of', '2024-01-07');
      const bySymbol = Object.fromEntries(report.positions.map((p) => [p.symbol, p]));
      // AAPL: 10 × 190 = 1900 USD; unrealised 1900 − 1802 = 98.
      expect(bySymbol.AAPL).toMatchObject({ quantity: '10', costBasis: '1802', price: '190', priceDate: '2024-01-05', marketValue: '1900', unrealizedGain: '98' });
      // SAP (fixture): 4 × 140.12 = 560.48 EUR; unrealised 560.48 − 557 = 3.48.
      expect(bySymbol.SAP).toMatchObject({ price: '140.12', priceDate: '2024-01-05', marketValue: '560.48', unrealizedGain: '3.48' });
      // MYCO: 100 × 2.75 = 275 GBP; unrealised 275 − 250 = 25.
      expect(bySymbol.MYCO).toMatchObject({ price: '2.75', priceDate: '2024-01-04', marketValue: '275', unrealizedGain: '25' });
      expect(bySymbol.VTI).toMatchObject({ quantity: '0', realizedGain: '1', price: null, priceDate: null, marketValue: null, unrealizedGain: null, weight: null });
      // In EUR: AAPL 1900 × 0.9139932365 = 1736.58714935 (cost 1802 × 0.9139932365 = 1647.015812173);
      //         SAP 560.48 (cost 557); MYCO 275 × 1.1628735947 = 319.7902385425 (cost 250 × 1.1628735947 = 290.718398675).
      // Positions: 1736.58714935 + 560.48 + 319.7902385425 = 2616.8573878925.
      // Cost: 1647.015812173 + 557 + 290.718398675 = 2494.734210848; unrealised 2616.8573878925 − 2494.734210848 = 122.1231770445.
      // Cash: EUR 5000 − 557 = 4443; USD −1802 − 237 + 238 = −1801 → −1801 × 0.9139932365 = −1646.1018189365;
      //       GBP −250 → −290.718398675. 4443 − 1646.1018189365 = 2796.8981810635; − 290.718398675 = 2506.1797823885.
      // Value: 2616.8573878925 + 2506.1797823885 = 5123.037170281.
      expect(report.totals).toEqual({
        currency: 'EUR',
        marketValue: '2616.8573878925',
        costBasis: '2494.734210848',
        unrealizedGain: '122.1231770445',
        cash: '2506.1797823885',
        value: '5123.037170281',
      });
      // Weights: 1736.58714935 / 2616.8573878925 ≈ 0.66362; 560.48 / … ≈ 0.21418; 319.7902385425 / … ≈ 0.12220.
      expect(bySymbol.AAPL!.weight as number).toBeCloseTo(0.66362, 5);
      expect(bySymbol.SAP!.weight as number).toBeCloseTo(0.21418, 5);
      expect(bySymbol.MYCO!.weight as number).toBeCloseTo(0.1222, 4);

      const table = await folio(['holdings', 'Euro', '--as-of', '2024-01-07']);
      expect(table.code).toBe(0);
      expect(table.stdout.split('\n')[0]).toBe('SYMBOL\tQUANTITY\tAVG COST\tCOST BASIS\tREALISED\tDIVIDENDS\tCCY\tVALUE\tUNREALISED\tWEIGHT');
      expect(table.stdout).toContain('Total EUR');
    });

    it('values a symbol without prices at its trade price, with a warning, and --no-value shows the ledger', async () => {
      expect((await folio(['portfolio', 'add', 'Odd', '--currency', 'USD'])).code).toBe(0);
      expect((await folio(['tx', 'add', 'Odd', '--type', 'buy', '--symbol', 'NOPRICE', '--quantity', '3', '--price', '5', '--date', '2024-01-03'])).code).toBe(0);
      const result = await folio(['holdings', 'Odd', '--as-of', '2024-01-07']);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('warning: NOPRICE has no close on or before 2024-01-07: valued at its last trade price, 5 USD');
      expect(result.stderr).toContain('folio prices import FILE');

      const plain = await json<HoldingsJson>('holdings', 'Odd', '--as-of', '2024-01-07', '--no-value');
      expect(plain.totals).toBeNull();
      expect(plain.positions).toEqual([
        {
          symbol: 'NOPRICE',
          quantity: '3',
          averageCost: '5',
          costBasis: '15',
          realizedGain: '0',
          dividends: '0',
          currency: 'USD',
          price: null,
          priceDate: null,
          marketValue: null,
          unrealizedGain: null,
          weight: null,
          priceSource: null,
        },
      ]);
      const table = await folio(['holdings', 'Odd', '--no-value']);
      expect(table.stdout.split('\n')[0]).toBe('SYMBOL\tQUANTITY\tAVG COST\tCOST BASIS\tREALISED\tDIVIDENDS\tCCY');
    });
  });
});
