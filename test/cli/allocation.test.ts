import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';
import type { CliResult } from '../helpers/cli.js';

interface Group {
  key: string;
  value: string;
  weight: number | null;
  target: number | null;
  drift: number | null;
  difference: string | null;
  quantity?: string | null;
}

interface AllocationJson {
  portfolio: string;
  currency: string;
  asOf: string;
  by: string;
  total: string;
  groups: Group[];
  rebalance?: {
    cashAvailable: string;
    trades: Array<{ symbol: string; side: string; quantity: string; price: string; currency: string; value: string; baseValue: string }>;
    cash: string;
    total: string;
    groups: Group[];
  };
}

/**
 * Market data of the worked examples: instruments and FX from a fixtures directory of our own
 * (no mock feed prices at all), closes through `folio prices import`.
 *   AAA stock, Tech, USD:      2024-01-02 50 · 2024-01-03 55 · 2024-02-01 60
 *   BBB etf, no sector, USD:   2024-01-02 100 · 2024-02-01 90
 *   EEE stock, Industry, EUR:  2024-01-02 40 · 2024-02-01 44
 *   EUR→USD: 1.25 from 2024-01-01, 1.5 from 2024-02-01
 */
const INSTRUMENTS = ['symbol,name,class,sector,currency', 'AAA,A Corp,stock,Tech,USD', 'BBB,B Fund,etf,,USD', 'EEE,E AG,stock,Industry,EUR'];
const FX = ['base,quote,date,rate', 'EUR,USD,2024-01-01,1.25', 'EUR,USD,2024-02-01,1.5'];
const PRICES = [
  'symbol,date,close,currency',
  'AAA,2024-01-02,50,USD',
  'AAA,2024-01-03,55,USD',
  'AAA,2024-02-01,60,USD',
  'BBB,2024-01-02,100,USD',
  'BBB,2024-02-01,90,USD',
  'EEE,2024-01-02,40,EUR',
  'EEE,2024-02-01,44,EUR',
];
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

/**
 * Main (USD, targets AAA 50, BBB 30, EEE 20): deposit 2000 USD and 200 EUR; buy 20 AAA @ 50 (1000 USD)
 * and 5 EEE @ 40 EUR (200 EUR). Cash left: 1000 USD, 0 EUR.
 */
const MAIN = [
  HEADER,
  '2024-01-02,deposit,,,,2000,,USD,',
  '2024-01-02,deposit,,,,200,,EUR,',
  '2024-01-02,buy,AAA,20,50,,,USD,',
  '2024-01-02,buy,EEE,5,40,,,EUR,',
];

/** Tilt (USD, targets BBB 60, EEE 40): deposit 1000; buy 10 AAA @ 50 and 5 BBB @ 100. Cash 0; AAA has no target. */
const TILT = [HEADER, '2024-01-02,deposit,,,,1000,,USD,', '2024-01-02,buy,AAA,10,50,,,USD,', '2024-01-02,buy,BBB,5,100,,,USD,'];

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe.each(BACKENDS)('allocation on $name', (backend) => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const ok = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(0);
    return result;
  };
  const allocation = async (...args: string[]) => JSON.parse(ok(await folio('allocation', ...args, '--json')).stdout) as AllocationJson;
  const expectFailure = (result: CliResult, code: number, message: RegExp) => {
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_LINE);
  };
  const write = (name: string, lines: string[]) => {
    const path = join(world.home, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    const fixtures = join(world.home, 'market');
    mkdirSync(fixtures);
    writeFileSync(join(fixtures, 'instruments.csv'), INSTRUMENTS.join('\n') + '\n');
    writeFileSync(join(fixtures, 'fx.csv'), FX.join('\n') + '\n');
    world.env.FOLIO_FIXTURES_DIR = fixtures;
    await registerUser(world, 'ann@example.com', 'Ann');
    ok(await folio('prices', 'import', write('prices.csv', PRICES)));
    ok(await folio('portfolio', 'add', 'Main', '--currency', 'USD', '--target', 'AAA=50,BBB=30,EEE=20'));
    ok(await folio('tx', 'import', write('main.csv', MAIN), '--portfolio', 'Main'));
    ok(await folio('portfolio', 'add', 'Tilt', '--currency', 'USD', '--target', 'BBB=60,EEE=40'));
    ok(await folio('tx', 'import', write('tilt.csv', TILT), '--portfolio', 'Tilt'));
    ok(await folio('portfolio', 'add', 'Plain', '--currency', 'USD'));
    ok(await folio('tx', 'import', write('plain.csv', [HEADER, '2024-01-02,deposit,,,,500,,USD,', '2024-01-02,buy,AAA,4,50,,,USD,']), '--portfolio', 'Plain'));
    ok(await folio('portfolio', 'add', 'Empty', '--currency', 'USD'));
  }, 120_000);
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('weights and drift', () => {
    it('weighs positions and cash by symbol, with drift from the targets and a foreign holding through FX', async () => {
      const report = await allocation('Main', '--as-of', '2024-01-03');
      // AAA 20 × 55 = 1100; EEE 5 × 40 EUR × 1.25 = 250 USD; BBB not held; cash 1000 USD (+ 0 EUR).
      // Total 1100 + 250 + 1000 = 2350.
      expect(report).toMatchObject({ portfolio: 'Main', currency: 'USD', asOf: '2024-01-03', by: 'symbol', total: '2350' });
      expect(report.groups.map((g) => [g.key, g.value, g.target, g.difference])).toEqual([
        ['AAA', '1100', 0.5, '-75'], // 1100 − 0.5 × 2350 = 1100 − 1175
        ['EEE', '250', 0.2, '-220'], // 250 − 0.2 × 2350 = 250 − 470
        ['BBB', '0', 0.3, '-705'], // 0 − 0.3 × 2350
        ['cash', '1000', 0, '1000'], // the targets add up to 100%: cash aims at 0
      ]);
      const [aaa, eee, bbb, cash] = report.groups;
      expect(aaa!.weight).toBeCloseTo(1100 / 2350, 12);
      expect(aaa!.drift).toBeCloseTo(1100 / 2350 - 0.5, 12); // ≈ −0.0319
      expect(eee!.weight).toBeCloseTo(250 / 2350, 12);
      expect(eee!.drift).toBeCloseTo(250 / 2350 - 0.2, 12);
      expect(bbb).toMatchObject({ weight: 0, drift: -0.3 });
      expect(cash!.weight).toBeCloseTo(1000 / 2350, 12);
    });

    it('values at the closes and FX rates of the as-of date', async () => {
      const report = await allocation('Main', '--as-of', '2024-02-01');
      // AAA 20 × 60 = 1200; EEE 5 × 44 × 1.5 = 330; cash 1000. Total 2530.
      expect(report.total).toBe('2530');
      expect(report.groups.map((g) => [g.key, g.value])).toEqual([
        ['AAA', '1200'],
        ['EEE', '330'],
        ['BBB', '0'],
        ['cash', '1000'],
      ]);
    });

    it('adds up to the same value as holdings', async () => {
      const holdings = JSON.parse(ok(await folio('holdings', 'Main', '--as-of', '2024-01-03', '--json')).stdout) as { totals: { value: string } };
      expect(holdings.totals.value).toBe('2350');
    });

    it('groups by class, sector and currency, summing the targets of each group', async () => {
      const byClass = await allocation('Main', '--as-of', '2024-01-03', '--by', 'class');
      // stock: AAA 1100 + EEE 250 = 1350, target 0.5 + 0.2 = 0.7, difference 1350 − 0.7 × 2350 = 1350 − 1645 = −295;
      // etf: BBB 0, target 0.3, difference −705.
      expect(byClass.by).toBe('class');
      expect(byClass.groups.map((g) => [g.key, g.value, g.target, g.difference])).toEqual([
        ['stock', '1350', 0.7, '-295'],
        ['etf', '0', 0.3, '-705'],
        ['cash', '1000', 0, '1000'],
      ]);
      expect(byClass.groups[0]!.weight).toBeCloseTo(1350 / 2350, 12);
      const bySector = await allocation('Main', '--as-of', '2024-01-03', '--by', 'sector');
      expect(bySector.groups.map((g) => [g.key, g.value])).toEqual([
        ['Tech', '1100'],
        ['Industry', '250'],
        ['unknown', '0'], // BBB has no sector
        ['cash', '1000'],
      ]);
      const byCurrency = await allocation('Main', '--as-of', '2024-01-03', '--by', 'currency');
      // USD: AAA 1100 + BBB 0, target 0.5 + 0.3 = 0.8; EUR: EEE 250, target 0.2.
      expect(byCurrency.groups.map((g) => [g.key, g.value, g.target])).toEqual([
        ['USD', '1100', 0.8],
        ['EUR', '250', 0.2],
        ['cash', '1000', 0],
      ]);
    });

    it('has null targets and drift for a portfolio without targets', async () => {
      const report = await allocation('Plain', '--as-of', '2024-01-03');
      // 4 × 55 = 220, cash 500 − 200 = 300: total 520.
      expect(report.total).toBe('520');
      expect(report.groups.map((g) => [g.key, g.value, g.target, g.drift, g.difference])).toEqual([
        ['AAA', '220', null, null, null],
        ['cash', '300', null, null, null],
      ]);
      expect(report.groups[0]!.weight).toBeCloseTo(220 / 520, 12);
      expect(report.groups[1]!.weight).toBeCloseTo(300 / 520, 12);
    });

    it('gives an empty list, not an error, for a portfolio with nothing in it', async () => {
      const report = await allocation('Empty', '--as-of', '2024-01-03');
      expect(report).toMatchObject({ total: '0', groups: [] });
      const table = ok(await folio('allocation', 'Empty', '--as-of', '2024-01-03'));
      expect(table.stdout).toBe('');
      expect(table.stderr).toMatch(/Nothing held and no cash/);
    });

    it('prints CSV and a table', async () => {
      const csv = ok(await folio('allocation', 'Main', '--as-of', '2024-01-03', '--csv')).stdout.trim().split('\n');
      expect(csv[0]).toBe('key,value,weight,target,drift,difference');
      expect(csv.slice(1).map((row) => row.split(',').slice(0, 2).join(','))).toEqual(['AAA,1100', 'EEE,250', 'BBB,0', 'cash,1000']);
      const table = ok(await folio('allocation', 'Main', '--as-of', '2024-01-03'));
      // Piped: tab-separated, exact values and plain fractions, as in JSON:
      // weight 1100 / 2350 ≈ 0.468085, target 0.5, drift 0.468085 − 0.5 ≈ −0.031915, difference 1100 − 0.5 × 2350 = −75
      const lines = table.stdout.split('\n');
      expect(lines[0]).toBe('SYMBOL\tVALUE\tWEIGHT\tTARGET\tDRIFT\tDIFFERENCE');
      const [symbol, value, weight, target, drift, difference] = lines.find((l) => l.startsWith('AAA\t'))!.split('\t');
      expect([symbol, value, target, difference]).toEqual(['AAA', '1100', '0.5', '-75']);
      expect(Number(weight)).toBeCloseTo(0.468085, 6);
      expect(Number(drift)).toBeCloseTo(-0.031915, 6);
    });
  });

  describe.skipIf(!backend.available)('--rebalance', () => {
    it('buys the underweight symbols in whole shares within the cash, a foreign one at its FX price', async () => {
      const { rebalance } = await allocation('Main', '--as-of', '2024-01-03', '--rebalance');
      // Total 2350; nothing over target (AAA 1100 < 1175), so no sells; cash available 1000.
      // AAA short 75 at 55 → 1 share (55); BBB short 705 at 100 → 7 (700); EEE short 220 at 40 × 1.25 = 50 → 4 (200).
      // 55 + 700 + 200 = 955 ≤ 1000: all of them; 45 left.
      expect(rebalance!.cashAvailable).toBe('1000');
      expect(rebalance!.trades).toEqual([
        { symbol: 'AAA', side: 'buy', quantity: '1', price: '55', currency: 'USD', value: '55', baseValue: '55' },
        { symbol: 'BBB', side: 'buy', quantity: '7', price: '100', currency: 'USD', value: '700', baseValue: '700' },
        { symbol: 'EEE', side: 'buy', quantity: '4', price: '40', currency: 'EUR', value: '160', baseValue: '200' },
      ]);
      expect(rebalance!.cash).toBe('45');
      expect(rebalance!.total).toBe('2350');
      // After: AAA 21 × 55 = 1155, BBB 700, EEE 250 + 200 = 450, cash 45.
      expect(rebalance!.groups.map((g) => [g.key, g.quantity, g.value, g.target])).toEqual([
        ['AAA', '21', '1155', 0.5],
        ['BBB', '7', '700', 0.3],
        ['EEE', '9', '450', 0.2],
        ['cash', null, '45', 0],
      ]);
      expect(rebalance!.groups[0]!.weight).toBeCloseTo(1155 / 2350, 12);
    });

    it('sells a holding without a target first and spends the proceeds', async () => {
      const report = await allocation('Tilt', '--as-of', '2024-02-01', '--rebalance');
      // AAA 10 × 60 = 600 (no target: sold out); BBB 5 × 90 = 450; cash 0. Total 1050.
      // Targets BBB 60% → 630, EEE 40% → 420. Cash available 0 + 600 = 600.
      // BBB short 180 at 90 → 2 (180); EEE short 420 at 44 × 1.5 = 66 → floor(6.36) = 6 (396). 576 ≤ 600; 24 left.
      expect(report.total).toBe('1050');
      expect(report.rebalance!.trades).toEqual([
        { symbol: 'AAA', side: 'sell', quantity: '10', price: '60', currency: 'USD', value: '600', baseValue: '600' },
        { symbol: 'BBB', side: 'buy', quantity: '2', price: '90', currency: 'USD', value: '180', baseValue: '180' },
        { symbol: 'EEE', side: 'buy', quantity: '6', price: '44', currency: 'EUR', value: '264', baseValue: '396' },
      ]);
      expect(report.rebalance!.cashAvailable).toBe('600');
      expect(report.rebalance!.cash).toBe('24');
      // After: BBB 7 × 90 = 630 (exactly 0.6), EEE 396 (0.3771…), AAA 0, cash 24.
      expect(report.rebalance!.groups.map((g) => [g.key, g.quantity, g.value, g.weight])).toEqual([
        ['BBB', '7', '630', 0.6],
        ['EEE', '6', '396', expect.closeTo(396 / 1050, 12)],
        ['AAA', '0', '0', 0],
        ['cash', null, '24', expect.closeTo(24 / 1050, 12)],
      ]);
    });

    it('prints the trades as CSV and in the table view', async () => {
      const csv = ok(await folio('allocation', 'Tilt', '--as-of', '2024-02-01', '--rebalance', '--csv')).stdout;
      expect(csv).toBe(
        'symbol,side,quantity,price,currency,value,baseValue\nAAA,sell,10,60,USD,600,600\nBBB,buy,2,90,USD,180,180\nEEE,buy,6,44,EUR,264,396\n',
      );
      const table = ok(await folio('allocation', 'Tilt', '--as-of', '2024-02-01', '--rebalance'));
      expect(table.stdout).toContain('sell\tAAA\t10\t60\tUSD\t600\t600');
      expect(table.stdout).toContain('left after the trades 24 USD');
    });
  });

  describe.skipIf(!backend.available)('errors', () => {
    it.each([
      [['allocation', 'Main', '--by', 'industry'], /--by/],
      [['allocation', 'Main', '--as-of', '2024-02-30'], /--as-of/],
      [['allocation', 'Main', '--by', 'class', '--rebalance'], /--rebalance/],
      [['allocation', 'Plain', '--rebalance'], /no targets/],
    ])('%j is a usage error (exit 2)', async (args, message) => {
      expectFailure(await world.folio(args), 2, message);
    });

    it('is not found (exit 4) for an unknown portfolio or a holding without prices', async () => {
      expectFailure(await folio('allocation', 'Nope'), 4, /Nope/);
      ok(await folio('portfolio', 'add', 'Unpriced', '--currency', 'USD'));
      ok(await folio('tx', 'add', 'Unpriced', '--type', 'buy', '--symbol', 'ZZZ', '--quantity', '1', '--price', '10', '--date', '2024-01-02'));
      expectFailure(await folio('allocation', 'Unpriced', '--as-of', '2024-01-03'), 4, /No prices for ZZZ/);
    });

    it('needs a sign-in (exit 3)', async () => {
      expectFailure(await world.another().folio(['allocation', 'Main']), 3, /Not signed in/);
    });
  });
});
