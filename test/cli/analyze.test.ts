import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';

const ANALYZE_KEYS = [
  'portfolio',
  'currency',
  'scope',
  'method',
  'from',
  'to',
  'pricesAsOf',
  'beforeTaxes',
  'startDate',
  'startValue',
  'value',
  'marketValue',
  'costBasis',
  'cash',
  'netFlows',
  'totalGain',
  'realizedGain',
  'unrealizedGain',
  'dividends',
  'interest',
  'fees',
  'taxes',
  'tradeFees',
  'currencyGain',
  'twr',
  'twrAnnualized',
  'mwr',
  'mwrPeriod',
  'volatility',
  'sharpe',
  'sortino',
  'maxDrawdown',
  'maxDrawdownFrom',
  'maxDrawdownTo',
  'reasons',
  'warnings',
];
const BENCHMARK_KEYS = ['symbol', 'twr', 'twrAnnualized', 'volatility', 'maxDrawdown', 'beta', 'correlation', 'excessReturn'];

type Analysis = Record<string, unknown> & { twr: number | null; reasons: Record<string, string>; benchmark?: Record<string, number | null> };
interface History {
  rows: Array<{ date: string; marketValue: string; value: string; netFlows: string; twrIndex: number; drawdown: number }>;
}

/**
 * Hand-made closes (imported with `folio prices import`) and round FX rates (the only fixture file):
 *   TSTA (USD): 01-02 100 · 01-03 110 · 01-04 120 · 01-05 90
 *   TSTE (EUR): 01-02 50  · 01-03 50  · 01-04 55  · 01-05 55
 *   EURUSD:     1.2 from 01-02, 1.25 from 01-04
 *   BMK  (USD): 01-02 200 · 01-03 210 · 01-04 189 · 01-05 189
 */
const PRICES = [
  'symbol,date,close,currency',
  'TSTA,2024-01-02,100,USD',
  'TSTA,2024-01-03,110,USD',
  'TSTA,2024-01-04,120,USD',
  'TSTA,2024-01-05,90,USD',
  'TSTE,2024-01-02,50,EUR',
  'TSTE,2024-01-03,50,EUR',
  'TSTE,2024-01-04,55,EUR',
  'TSTE,2024-01-05,55,EUR',
  'BMK,2024-01-02,200,USD',
  'BMK,2024-01-03,210,USD',
  'BMK,2024-01-04,189,USD',
  'BMK,2024-01-05,189,USD',
].join('\n');
// The 01-05 rate repeats 01-04's: the fixture series must reach the pinned today (01-05), or the mock walk extends it.
const FX = ['base,quote,date,rate', 'EUR,USD,2024-01-02,1.2', 'EUR,USD,2024-01-04,1.25', 'EUR,USD,2024-01-05,1.25'].join('\n');

const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
const MAIN = [
  HEADER,
  '2024-01-02,deposit,,,,5000,,USD,',
  '2024-01-02,buy,TSTA,10,100,,,USD,',
  '2024-01-04,buy,TSTA,5,120,,,USD,',
].join('\n');
const FOREIGN = [HEADER, '2024-01-02,buy,TSTE,10,50,,,EUR,'].join('\n');

describe.each(BACKENDS)('analyze and history on $name', (backend) => {
  let world: World;
  const run = (...args: string[]) => world.folio(args);
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await world.folio([...args, '--json']);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    const fixtures = join(world.home, 'fixtures');
    mkdirSync(fixtures);
    writeFileSync(join(fixtures, 'fx.csv'), FX + '\n');
    world.env.FOLIO_FIXTURES_DIR = fixtures;
    world.env.FOLIO_NOW = '2024-01-05T18:00:00Z'; // past it, the mock FX walk would extend to today
    await registerUser(world, 'ann@example.com', 'Ann');
    const files = { 'prices.csv': PRICES, 'main.csv': MAIN, 'foreign.csv': FOREIGN };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(world.home, name), text + '\n');
    for (const args of [
      ['prices', 'import', join(world.home, 'prices.csv')],
      ['portfolio', 'add', 'Main', '--currency', 'USD'],
      ['portfolio', 'add', 'Dollar', '--currency', 'USD'],
      ['portfolio', 'add', 'Empty', '--currency', 'USD'],
      ['tx', 'import', join(world.home, 'main.csv'), '--portfolio', 'Main'],
      ['tx', 'import', join(world.home, 'foreign.csv'), '--portfolio', 'Dollar'],
    ]) {
      const result = await run(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
  }, 60_000);

  afterAll(async () => {
    await world?.cleanup();
  });

  describe.skipIf(!backend.available)('analyze', () => {
    it('holdings scope: TWR with a mid-period buy, exact money, stable keys', async () => {
      const a = await json<Analysis>('analyze', 'Main', '--to', '2024-01-05');
      // 01-02 V 1000 (In 1000): r 0 · 01-03 1100: r 0.1 · 01-04 15 × 120 = 1800, In 600: r = 1800 / 1700 − 1
      // 01-05 1350: r −0.25 → TWR = 1.1 × 18/17 × 0.75 − 1 = −2.15/17. Gain 1350 − 1600 = −250.
      expect(Object.keys(a)).toEqual(ANALYZE_KEYS);
      expect(a).toMatchObject({
        portfolio: 'Main',
        currency: 'USD',
        scope: 'holdings',
        from: '2024-01-02',
        to: '2024-01-05',
        value: '1350',
        marketValue: '1350',
        costBasis: '1600',
        netFlows: '1600',
        totalGain: '-250',
        unrealizedGain: '-250',
        cash: '3400',
        pricesAsOf: '2024-01-05',
      });
      expect(a.twr).toBeCloseTo(-2.15 / 17, 12);
      expect(a.maxDrawdown).toBeCloseTo(-0.25, 12); // 0.9 / 1.2 − 1
    });

    it('--csv: one flat row with the JSON keys but reasons and warnings, benchmark figures flattened', async () => {
      const result = await run('analyze', 'Main', '--to', '2024-01-05', '--benchmark', 'BMK', '--csv');
      expect(result.code, result.stderr).toBe(0);
      const [head, row, rest] = result.stdout.split('\n');
      expect(rest).toBe('');
      const keys = head!.split(',');
      const flat = ANALYZE_KEYS.filter((k) => k !== 'reasons' && k !== 'warnings');
      expect(keys.slice(0, flat.length)).toEqual(flat);
      expect(keys.slice(flat.length)).toEqual(BENCHMARK_KEYS.map((k) => `benchmark${k[0]!.toUpperCase()}${k.slice(1)}`));
      const record = Object.fromEntries(keys.map((k, i) => [k, row!.split(',')[i]]));
      // as in the holdings-scope test: value 1350, gain 1350 − 1600 = −250; BMK 200 → 189: TWR −0.055
      expect(record).toMatchObject({ portfolio: 'Main', value: '1350', totalGain: '-250', benchmarkSymbol: 'BMK' });
      expect(Number(record.twr)).toBeCloseTo(-2.15 / 17, 12);
      expect(Number(record.benchmarkTwr)).toBeCloseTo(189 / 200 - 1, 12);
    });

    it('holdings --csv: the positions with exact figures (15 TSTA cost 10 × 100 + 5 × 120 = 1600, at 90: 1350)', async () => {
      const result = await run('holdings', 'Main', '--as-of', '2024-01-05', '--csv');
      expect(result.code, result.stderr).toBe(0);
      const [head, row, rest] = result.stdout.split('\n');
      expect(head).toBe('symbol,quantity,averageCost,costBasis,realizedGain,dividends,currency,price,priceDate,marketValue,unrealizedGain,weight,priceSource');
      // average 1600 / 15 = 106.666…; unrealised 1350 − 1600 = −250; the only position: weight 1
      expect(row).toMatch(/^TSTA,15,106\.6+7?,1600,0,0,USD,90,2024-01-05,1350,-250,1,close$/);
      expect(rest).toBe('');
    });

    it('account scope: cash in the value, only the deposit is a flow', async () => {
      const a = await json<Analysis>('analyze', 'Main', '--scope', 'account', '--to', '2024-01-05');
      // V: 01-02 1000 + 4000 = 5000 (F 5000) · 01-03 5100 · 01-04 1800 + 3400 = 5200 · 01-05 1350 + 3400 = 4750.
      // No flow after the first day, so TWR = 4750 / 5000 − 1 = −0.05; gain 4750 − 5000 = −250.
      expect(a).toMatchObject({ scope: 'account', value: '4750', netFlows: '5000', totalGain: '-250' });
      expect(a.twr).toBeCloseTo(-0.05, 12);
    });

    it('a FROM..TO period starts at the last valuation day before FROM', async () => {
      const a = await json<Analysis>('analyze', 'Main', '--from', '2024-01-04', '--to', '2024-01-05');
      // Start 01-03 at 1100; TWR = 1800 / (1100 + 600) × 0.75 − 1 = −3.5/17; gain 1350 − 1100 − 600 = −350.
      expect(a).toMatchObject({ startDate: '2024-01-03', startValue: '1100', netFlows: '600', totalGain: '-350' });
      expect(a.twr).toBeCloseTo(-3.5 / 17, 12);
    });

    it('a foreign-currency holding is valued at each day’s rate', async () => {
      const a = await json<Analysis>('analyze', 'Dollar', '--to', '2024-01-05');
      // 10 TSTE: 01-02 500 EUR × 1.2 = 600 USD (In 600) · 01-03 600 · 01-04 550 × 1.25 = 687.5 · 01-05 687.5
      // TWR = 687.5 / 600 − 1 = 0.1458333…; cost basis 500 EUR × 1.25 = 625 USD (TO's rate); unrealised 62.5;
      // the rate's move on the 500 EUR paid: 500 × (1.25 − 1.2) = 25; total 87.5 = 62.5 + 25.
      expect(a).toMatchObject({ marketValue: '687.5', netFlows: '600', costBasis: '625', unrealizedGain: '62.5', currencyGain: '25', totalGain: '87.5' });
      expect(a.twr).toBeCloseTo(687.5 / 600 - 1, 12);
    });

    it('compares with a benchmark over the same days', async () => {
      const a = await json<Analysis>('analyze', 'Main', '--benchmark', 'bmk', '--to', '2024-01-05');
      // BMK: 210/200 − 1 = 0.05, 189/210 − 1 = −0.1, then 0 → TWR 1.05 × 0.9 − 1 = −0.055.
      expect(Object.keys(a.benchmark!)).toEqual(BENCHMARK_KEYS);
      expect(a.benchmark!.symbol).toBe('BMK');
      expect(a.benchmark!.twr).toBeCloseTo(-0.055, 12);
      expect(a.benchmark!.excessReturn).toBeCloseTo(-2.15 / 17 + 0.055, 12);
      expect(a.benchmark!.maxDrawdown).toBeCloseTo(-0.1, 12);
    });

    it('an empty portfolio: nulls with reasons, exit 0', async () => {
      const a = await json<Analysis>('analyze', 'Empty');
      expect(a).toMatchObject({ value: '0', netFlows: '0', twr: null, mwr: null, volatility: null });
      expect(a.reasons.twr).toBeTruthy();
      const human = await run('analyze', 'Empty');
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/TWR\s+n\/a \(/);
    });

    it('the human view shows the figures and why one is missing', async () => {
      const result = await run('analyze', 'Main', '--to', '2024-01-02');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Value\s+1000 USD/);
      // One day: its return (1000 / (0 + 1000) − 1 = 0) is there, a volatility is not.
      expect(result.stdout).toMatch(/TWR\s+0/);
      expect(result.stdout).toMatch(/Volatility\s+n\/a \(needs at least 2 daily returns\)/);
    });

    it.each([
      [['analyze', 'Main', '--period', '2w'], 2],
      [['analyze', 'Main', '--scope', 'everything'], 2],
      [['analyze', 'Main', '--from', '2024-13-01'], 2],
      [['analyze', 'Main', '--from', '2024-01-04', '--period', '1y'], 2],
      [['analyze', 'Main', '--from', '2024-02-01', '--to', '2024-01-01'], 2],
      [['history', 'Main', '--interval', 'hour'], 2],
      [['analyze', 'Nope'], 4],
      [['history', 'Nope'], 4],
      [['analyze', 'Main', '--benchmark', 'NOPRICES'], 4],
    ])('%j exits %i', async (args, code) => {
      const result = await run(...args);
      expect(result.code, result.stderr).toBe(code);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    });
  });

  describe.skipIf(!backend.available)('history', () => {
    it('one row per valuation day with value, flows, TWR index and drawdown', async () => {
      const h = await json<History>('history', 'Main', '--to', '2024-01-05');
      // Index: 1 × (1000 / 1000) = 1, × 1.1, × 1800 / (1100 + 600), × 0.75
      expect(h.rows).toEqual([
        { date: '2024-01-02', marketValue: '1000', value: '1000', netFlows: '1000', twrIndex: 1, drawdown: 0 },
        { date: '2024-01-03', marketValue: '1100', value: '1100', netFlows: '0', twrIndex: expect.closeTo(1.1, 12), drawdown: 0 },
        { date: '2024-01-04', marketValue: '1800', value: '1800', netFlows: '600', twrIndex: expect.closeTo(1.1 * 18 / 17, 12), drawdown: 0 },
        // 0.75 − 1 = −0.25
        { date: '2024-01-05', marketValue: '1350', value: '1350', netFlows: '0', twrIndex: expect.closeTo(1.1 * 18 / 17 * 0.75, 12), drawdown: expect.closeTo(-0.25, 12) },
      ]);
    });

    it('by week: the last valuation day, flows summed; CSV has the same columns', async () => {
      const h = await json<History>('history', 'Main', '--interval', 'week', '--scope', 'account', '--to', '2024-01-05');
      // One ISO week (Mon 01-01 … Sun 01-07): the row of 01-05, flows 5000; value 4750.
      expect(h.rows.map((r) => [r.date, r.value, r.marketValue, r.netFlows])).toEqual([['2024-01-05', '4750', '1350', '5000']]);
      const csv = await run('history', 'Main', '--csv');
      expect(csv.code).toBe(0);
      expect(csv.stdout.split('\n')[0]).toBe('date,marketValue,value,netFlows,twrIndex,drawdown');
      expect(csv.stdout.split('\n')[1]).toBe('2024-01-02,1000,1000,1000,1,0');
    });
  });
});

describe.each(BACKENDS)('analyze on the fixture feed on $name (smoke)', (backend) => {
  let world: World;

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    world.env.FOLIO_NOW = '2026-11-26T12:00:00Z';
    await registerUser(world, 'bob@example.com', 'Bob');
    const sample = resolve(import.meta.dirname, '../../fixtures/portfolios/multi-currency.csv');
    for (const args of [
      ['portfolio', 'add', 'Multi', '--currency', 'EUR'],
      ['tx', 'import', sample, '--portfolio', 'Multi'],
    ]) {
      const result = await world.folio(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
  }, 60_000);

  afterAll(async () => {
    await world?.cleanup();
  });

  it.skipIf(!backend.available)('gives finite figures, and history agrees with analyze', async () => {
    const analyzed = await world.folio(['analyze', 'Multi', '--benchmark', 'VTI', '--json']);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    expect(analyzed.stdout).not.toMatch(/NaN|Infinity/);
    const a = JSON.parse(analyzed.stdout) as Analysis & { value: string; to: string };
    expect(Object.keys(a)).toEqual([...ANALYZE_KEYS.slice(0, -2), 'benchmark', 'reasons', 'warnings']);
    for (const key of ['twr', 'twrAnnualized', 'mwr', 'volatility', 'maxDrawdown'] as const) expect(Number.isFinite(a[key]), key).toBe(true);
    // TO defaults to today, and the mock walk goes on past the fixtures' last day (2026-10-30) up to it.
    expect(a.to).toBe('2026-11-26');

    const history = await world.folio(['history', 'Multi', '--json']);
    expect(history.code, history.stderr).toBe(0);
    const { rows } = JSON.parse(history.stdout) as History;
    const last = rows.at(-1)!;
    expect(last.date).toBe(a.to);
    expect(last.value).toBe(a.value);
    expect(last.twrIndex - 1).toBeCloseTo(a.twr!, 9);
    expect(Math.min(...rows.map((r) => r.drawdown))).toBeCloseTo(a.maxDrawdown as number, 12);

    const human = await world.folio(['analyze', 'Multi', '--period', '1y', '--scope', 'account']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/TWR/);
  }, 60_000);
});
