import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, ensureMigrated, type Database } from '../../src/db/connect.js';
import { dec } from '../../src/core/decimal.js';
import { extendSeries, nextValue, stepOf, weekdaysBetween } from '../../src/prices/fixture-extension.js';
import { fixtureFeed } from '../../src/prices/fixture-feed.js';
import { BACKENDS, createPostgresDatabase } from '../helpers/backends.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const clockAt = (iso: string) => ({ now: () => new Date(iso) });

describe('the mock walk past the fixtures', () => {
  it.each([
    // 100 × (1 + 1000 / 100,000) = 101.00
    ['100', 1000, 2, '101'],
    // 262 × (1 − 1500 / 100,000) = 262 × 0.985 = 258.07
    ['262', -1500, 2, '258.07'],
    // 1.33 × 1.00123 = 1.3316359, at 6 places 1.331636 (half-even: …635|9 rounds up)
    ['1.33', 123, 6, '1.331636'],
    // 0.05 × 0.99999 = 0.0499995 at 6 places: exactly half; half-even rounds 0.049999|5 up to 0.05
    ['0.05', -1, 6, '0.05'],
  ])('%s moved by %i thousandths of a percent at %i places is %s', (value, step, places, expected) => {
    expect(nextValue(value, step, places)).toBe(expected);
  });

  it('walks weekdays only', () => {
    // 2026-10-30 is a Friday: the next weekdays are 11-02 … 11-06 and 11-09.
    expect(weekdaysBetween('2026-10-30', '2026-11-09')).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-09']);
    expect(weekdaysBetween('2026-10-30', '2026-10-30')).toEqual([]);
  });

  it('moves at most the largest step a day, and a later today only adds days (the same close for the same date)', () => {
    for (const symbol of ['AAPL', 'BTC-USD', 'SAP.DE']) {
      const short = extendSeries(symbol, { date: '2026-10-30', value: '262' }, '2026-11-26', 2000, 2);
      const long = extendSeries(symbol, { date: '2026-10-30', value: '262' }, '2027-06-30', 2000, 2);
      expect(long.slice(0, short.length)).toEqual(short);
      let previous = dec('262');
      for (const point of long) {
        const ratio = Number(dec(point.value).div(previous).toFixed(10));
        expect(Math.abs(ratio - 1)).toBeLessThanOrEqual(0.02 + 0.005 / Number(previous.toFixed())); // 2% and a rounding cent
        previous = dec(point.value);
      }
      const steps = weekdaysBetween('2026-10-30', '2027-06-30').map((d) => stepOf(symbol, d, 2000));
      expect(new Set(steps).size).toBeGreaterThan(50); // not a constant drift
    }
  });
});

describe.each(BACKENDS)('the mock feed extended to today on $name', (backend) => {
  const dirs: string[] = [];
  const drops: Array<() => Promise<void>> = [];
  const open = async (): Promise<Database> => {
    if (backend.name === 'postgres') {
      const pg = await createPostgresDatabase();
      drops.push(pg.drop);
      return openDatabase({ dialect: 'postgres', url: pg.url });
    }
    const dir = mkdtempSync(join(tmpdir(), 'folio-extend-'));
    dirs.push(dir);
    return openDatabase({ dialect: 'sqlite', path: join(dir, 'folio.db') });
  };
  afterAll(async () => {
    for (const drop of drops) await drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!backend.available)('gives the same closes for the same dates in two databases extended on different days', { timeout: 60_000 }, async () => {
    const [early, late] = await Promise.all([open(), open()]);
    try {
      await Promise.all([ensureMigrated(early), ensureMigrated(late)]);
      const a = await fixtureFeed(early, { dir: FIXTURES, clock: clockAt('2026-11-10T12:00:00Z') });
      const b = await fixtureFeed(late, { dir: FIXTURES, clock: clockAt('2026-11-26T12:00:00Z') });
      const first = await a.closes('AAPL', '2026-10-30', '2026-11-30');
      const second = await b.closes('AAPL', '2026-10-30', '2026-11-30');
      // 2026-10-30 is the fixtures' last close (262); then 7 weekdays to 11-10 (11-02…06, 09, 10) and 19 to 11-26.
      expect(first[0]).toEqual({ symbol: 'AAPL', date: '2026-10-30', close: '262', currency: 'USD' });
      expect(first).toHaveLength(8);
      expect(second).toHaveLength(20);
      expect(second.slice(0, 8)).toEqual(first);
      // FX goes on too, and a later day extends the earlier database without changing what it had.
      expect(await b.fxRate('EUR', 'USD', '2026-11-26')).not.toBeNull();
      const c = await fixtureFeed(early, { dir: FIXTURES, clock: clockAt('2026-11-26T12:00:00Z') });
      expect(await c.closes('AAPL', '2026-10-30', '2026-11-30')).toEqual(second);
      expect(await c.fxRates('EUR', 'USD', '2026-11-02', '2026-11-26')).toEqual(await b.fxRates('EUR', 'USD', '2026-11-02', '2026-11-26'));
    } finally {
      await early.close();
      await late.close();
    }
  });
});
