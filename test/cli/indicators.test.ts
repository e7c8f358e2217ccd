import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';
import type { CliResult } from '../helpers/cli.js';
import type { IndicatorRow } from '../../src/core/indicators/indicator-rows.js';

type Row = IndicatorRow;

const KEYS = ['date', 'close', 'sma', 'ema', 'rsi', 'macd', 'macdSignal', 'macdHistogram', 'bollingerUpper', 'bollingerMiddle', 'bollingerLower'];

/** SHORT: 6 closes, 2024-01-01 … 2024-01-06: 10, 12, 14, 16, 12, 15. */
const SHORT = [10, 12, 14, 16, 12, 15];
/** LINE: 40 closes rising by 1 a day from 100, 2024-02-01 … 2024-03-11 (i = 0 … 39: close 100 + i). */
const LINE_LENGTH = 40;
const day = (start: string, i: number) => {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + i);
  return date.toISOString().slice(0, 10);
};
const PRICES = [
  'symbol,date,close,currency',
  ...SHORT.map((close, i) => `SHORT,${day('2024-01-01', i)},${close},USD`),
  ...Array.from({ length: LINE_LENGTH }, (_, i) => `LINE,${day('2024-02-01', i)},${100 + i},USD`),
];

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe.each(BACKENDS)('indicators on $name', (backend) => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const ok = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(0);
    return result;
  };
  const indicators = async (...args: string[]) => JSON.parse(ok(await folio('indicators', ...args, '--json')).stdout) as { symbol: string; rows: Row[] };
  const nullPrefix = (rows: Row[], key: keyof Row) => rows.findIndex((row) => row[key] !== null);

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    const fixtures = join(world.home, 'market'); // no mock feed: only the closes imported below
    mkdirSync(fixtures);
    world.env.FOLIO_FIXTURES_DIR = fixtures;
    await registerUser(world, 'ann@example.com', 'Ann');
    const file = join(world.home, 'prices.csv');
    writeFileSync(file, PRICES.join('\n') + '\n');
    ok(await folio('prices', 'import', file));
  }, 60_000);
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('values', () => {
    it('computes SMA, EMA and RSI by hand on a short series', async () => {
      const { symbol, rows } = await indicators('short', '--sma', '3', '--ema', '3', '--rsi', '3');
      expect(symbol).toBe('SHORT');
      expect(Object.keys(rows[0]!)).toEqual(KEYS);
      expect(rows.map((r) => [r.date, r.close])).toEqual(SHORT.map((close, i) => [day('2024-01-01', i), String(close)]));
      // SMA 3: (10+12+14)/3 = 12; (12+14+16)/3 = 14; (14+16+12)/3 = 14; (16+12+15)/3 = 43/3
      expect(rows.map((r) => r.sma)).toEqual([null, null, 12, 14, 14, expect.closeTo(43 / 3, 12)]);
      // EMA 3, α = 2/4 = 0.5, seeded with the SMA 12: 0.5×16 + 0.5×12 = 14; 0.5×12 + 0.5×14 = 13; 0.5×15 + 0.5×13 = 14
      expect(rows.map((r) => r.ema)).toEqual([null, null, 12, 14, 13, 14]);
      // RSI 3 (Wilder) on changes +2, +2, +2, −4, +3:
      //   index 3: gains 6/3 = 2, losses 0 → 100
      //   index 4: gain (2×2 + 0)/3 = 4/3, loss (0×2 + 4)/3 = 4/3, RS 1 → 100 − 100/2 = 50
      //   index 5: gain (4/3×2 + 3)/3 = 17/9, loss (4/3×2 + 0)/3 = 8/9, RS 17/8 → 100 − 100/3.125 = 68
      expect(rows.map((r) => r.rsi)).toEqual([null, null, null, 100, 50, expect.closeTo(68, 10)]);
      // Six closes are too few for MACD (26) and Bollinger (20): null throughout, keys still there.
      for (const row of rows) expect([row.macd, row.macdSignal, row.macdHistogram, row.bollingerUpper, row.bollingerMiddle, row.bollingerLower]).toEqual([null, null, null, null, null, null]);
    });

    it('computes on the history before --from, so the first row is warmed up', async () => {
      const { rows } = await indicators('SHORT', '--sma', '3', '--ema', '3', '--rsi', '3', '--from', '2024-01-04');
      // Rows from index 3 on, with the values computed over all six closes (above).
      expect(rows.map((r) => [r.date, r.sma, r.ema, r.rsi])).toEqual([
        ['2024-01-04', 14, 14, 100],
        ['2024-01-05', 14, 13, 50],
        ['2024-01-06', expect.closeTo(43 / 3, 12), 14, expect.closeTo(68, 10)],
      ]);
      // --to drops the later closes: the last row is 2024-01-05.
      const upTo = await indicators('SHORT', '--sma', '3', '--to', '2024-01-05');
      expect(upTo.rows.map((r) => [r.date, r.sma])).toEqual([
        ['2024-01-01', null],
        ['2024-01-02', null],
        ['2024-01-03', 12],
        ['2024-01-04', 14],
        ['2024-01-05', 14],
      ]);
      // A range with no closes: an empty list, exit 0.
      expect((await indicators('SHORT', '--from', '2024-01-10', '--to', '2024-01-20')).rows).toEqual([]);
    });

    it('has the default periods with their null prefixes, worked out on a straight line', async () => {
      const { rows } = await indicators('LINE');
      expect(rows).toHaveLength(LINE_LENGTH);
      // Nulls before each indicator exists: SMA 20 / EMA 20 / Bollinger 20 → 19; RSI 14 → 14 (it needs 14 changes);
      // MACD line → 26 − 1 = 25; signal and histogram → 25 + 9 − 1 = 33.
      expect(nullPrefix(rows, 'sma')).toBe(19);
      expect(nullPrefix(rows, 'ema')).toBe(19);
      expect(nullPrefix(rows, 'rsi')).toBe(14);
      expect(nullPrefix(rows, 'macd')).toBe(25);
      expect(nullPrefix(rows, 'macdSignal')).toBe(33);
      expect(nullPrefix(rows, 'macdHistogram')).toBe(33);
      expect(nullPrefix(rows, 'bollingerMiddle')).toBe(19);
      expect(nullPrefix(rows, 'bollingerUpper')).toBe(19);
      // On close = 100 + i: SMA n = the mean of the last n closes = close − (n − 1)/2, so SMA 20 = close − 9.5.
      // The EMA seeded with that SMA stays close − (1 − α)/α = close − (n − 1)/2 too: EMA 20 = close − 9.5,
      // EMA 12 = close − 5.5, EMA 26 = close − 12.5, so MACD = 7 from index 25, its signal (EMA 9 of 7s) 7, histogram 0.
      // Only rises: no losses, RSI 100. Bollinger: the population deviation of 20 consecutive whole numbers is
      // √((20² − 1)/12) = √33.25, so the bands are middle ± 2√33.25.
      const last = rows[LINE_LENGTH - 1]!; // close 139
      expect(last.close).toBe('139');
      expect(last.sma).toBeCloseTo(129.5, 9);
      expect(last.ema).toBeCloseTo(129.5, 9);
      expect(last.rsi).toBe(100);
      expect(last.macd).toBeCloseTo(7, 9);
      expect(last.macdSignal).toBeCloseTo(7, 9);
      expect(last.macdHistogram).toBeCloseTo(0, 9);
      expect(last.bollingerMiddle).toBeCloseTo(129.5, 9);
      expect(last.bollingerUpper).toBeCloseTo(129.5 + 2 * Math.sqrt(33.25), 9);
      expect(last.bollingerLower).toBeCloseTo(129.5 - 2 * Math.sqrt(33.25), 9);
      expect(rows[19]!.sma).toBeCloseTo(119 - 9.5, 9); // first SMA: the mean of 100 … 119 = 109.5
    });

    it('prints CSV with every column, and a table of the last 20 closes', async () => {
      const csv = ok(await folio('indicators', 'SHORT', '--sma', '3', '--csv')).stdout.trim().split('\n');
      expect(csv[0]).toBe(KEYS.join(','));
      expect(csv[3]).toBe('2024-01-03,14,12,,,,,,,,'); // SMA 3 = 12; the rest not yet there (EMA 20, RSI 14 …)
      const table = ok(await folio('indicators', 'LINE'));
      const lines = table.stdout.trim().split('\n');
      expect(lines[0]).toBe('DATE\tCLOSE\tSMA 20\tEMA 20\tRSI 14');
      expect(lines).toHaveLength(21); // header + the last 20 of 40 closes
      expect(lines[1]!.startsWith(`${day('2024-02-01', 20)}\t120\t`)).toBe(true);
      expect(table.stderr).toMatch(/last 20 of 40 closes/);
      const asked = ok(await folio('indicators', 'LINE', '--macd', '--from', '2024-03-10'));
      expect(asked.stdout.trim().split('\n')).toEqual(['DATE\tCLOSE\tMACD\tSIGNAL\tHISTOGRAM', expect.stringMatching(/^2024-03-10\t138\t/), expect.stringMatching(/^2024-03-11\t139\t/)]);
    });
  });

  describe.skipIf(!backend.available)('errors', () => {
    it.each([
      [['indicators', 'LINE', '--sma', '0'], /--sma/],
      [['indicators', 'LINE', '--ema', 'ten'], /--ema/],
      [['indicators', 'LINE', '--rsi', '2.5'], /--rsi/],
      [['indicators', 'LINE', '--from', '2024-13-01'], /--from/],
      [['indicators', 'LINE', '--from', '2024-03-01', '--to', '2024-02-01'], /--from/],
      [['indicators', 'LINE', '--sma'], /--sma/],
      [['indicators', 'bad symbol!'], /symbol/],
      [['indicators'], /symbol/],
    ])('%j is a usage error (exit 2)', async (args, message) => {
      const result = await world.folio(args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(STACK_LINE);
    });

    it('is not found (exit 4) for a symbol without closes, with the way to import them', async () => {
      const result = await folio('indicators', 'NOPE');
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/No prices for NOPE: import its closes with `folio prices import FILE`/);
      expect(result.stdout).toBe('');
    });
  });
});
