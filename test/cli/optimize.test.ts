import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';
import type { CliResult } from '../helpers/cli.js';

interface Figures {
  weights: Record<string, number>;
  expectedReturn: number;
  volatility: number;
  sharpe: number;
}
interface OptimizeJson extends Figures {
  objective: string;
  from: string;
  to: string;
  symbols: string[];
  currentWeights: Record<string, number> | null;
  frontier?: Figures[];
  trades?: Array<{ symbol: string; side: string; quantity: string; price: string }>;
  cashLeft?: string;
}
interface ReferenceCase {
  name: string;
  symbols: string[];
  results: Record<string, { weights: number[]; expectedReturn: number; volatility: number }>;
  frontier: Array<{ weights: number[]; expectedReturn: number }>;
}

// Weights printed by the independent numpy/scipy script on the same mock closes (see test/analytics/optimize/).
const reference = JSON.parse(readFileSync(new URL('../analytics/optimize/reference.json', import.meta.url), 'utf8')) as { cases: ReferenceCase[] };
const referenceCase = (name: string) => reference.cases.find((c) => c.name === name)!;
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

describe.each(BACKENDS)('optimize on $name', (backend) => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const ok = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(0);
    return result;
  };
  const optimize = async (...args: string[]) => JSON.parse(ok(await folio('optimize', ...args, '--json')).stdout) as OptimizeJson;
  const fails = async (args: string[], code: number, message: RegExp) => {
    const result = await folio('optimize', ...args);
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).toBe('');
  };
  const expectWeights = (got: Record<string, number>, symbols: string[], expected: number[]) =>
    symbols.forEach((s, i) => expect(Math.abs(got[s]! - expected[i]!), `${s}: ${got[s]} vs ${expected[i]}`).toBeLessThan(1e-4));
  const portfolio = async (name: string, currency: string, rows: string[]) => {
    const file = join(world.home, `${name}.csv`);
    writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
    ok(await folio('portfolio', 'add', name, '--currency', currency));
    ok(await folio('tx', 'import', file, '--portfolio', name));
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    await registerUser(world, 'ann@example.com', 'Ann');
    // Core: 100 AAPL and 100 MSFT bought in June 2022, 60,000 USD of cash left.
    await portfolio('Core', 'USD', ['2022-06-01,deposit,,,,100000,,USD,', '2022-06-01,buy,AAPL,100,150,,,USD,', '2022-06-01,buy,MSFT,100,250,,,USD,']);
    await portfolio('Cash', 'USD', ['2022-06-01,deposit,,,,100000,,USD,']);
    await portfolio('Solo', 'USD', ['2022-06-01,deposit,,,,1000,,USD,', '2022-06-01,buy,VTI,1,200,,,USD,']);
  }, 180_000);
  afterAll(async () => world?.cleanup());

  const FIVE = ['--symbols', 'AAPL,BND,GLD,JNJ,MSFT', '--from', '2020-01-01', '--to', '2022-12-31'];

  describe.skipIf(!backend.available)('weights', () => {
    it.each(['min-volatility', 'max-sharpe', 'risk-parity', 'hrp'])('%s agrees with the numpy/scipy reference within 1e-4', async (objective) => {
      const c = referenceCase('five-usd-sample');
      const report = await optimize('Core', ...FIVE, '--objective', objective, '--risk-free', '0.02');
      expect(report).toMatchObject({ objective, from: '2020-01-01', to: '2022-12-30', symbols: c.symbols });
      expectWeights(report.weights, c.symbols, c.results[objective]!.weights);
      expect(report.expectedReturn).toBeCloseTo(c.results[objective]!.expectedReturn, 4);
      expect(report.volatility).toBeCloseTo(c.results[objective]!.volatility, 4);
    });

    it('targets, bounds and Ledoit-Wolf agree too', async () => {
      const c = referenceCase('five-usd-ledoit-wolf-bounded');
      const bounds = ['--cov', 'ledoit-wolf', '--min-weight', '5%', '--max-weight', '0.4'];
      const byReturn = await optimize('Core', ...FIVE, ...bounds, '--objective', 'target-return', '--target', '0');
      expectWeights(byReturn.weights, c.symbols, c.results['target-return']!.weights);
      const byRisk = await optimize('Core', ...FIVE, ...bounds, '--objective', 'target-volatility', '--target', '0.14');
      expectWeights(byRisk.weights, c.symbols, c.results['target-volatility']!.weights);
    });

    it('converts EUR and GBP closes to the portfolio currency at each day\'s rate, on the days every symbol has a close', async () => {
      const c = referenceCase('eight-mixed-currencies');
      const args = ['--symbols', c.symbols.join(','), '--from', '2023-01-01', '--to', '2025-06-30', '--cov', 'ledoit-wolf'];
      const sharpe = await optimize('Core', ...args, '--max-weight', '0.3', '--risk-free', '0.03', '--objective', 'max-sharpe');
      expect(sharpe.from).toBe('2023-01-02'); // BTC-USD has a close on Sunday 1 January, the others do not
      expectWeights(sharpe.weights, c.symbols, c.results['max-sharpe']!.weights);
      expectWeights((await optimize('Core', ...args, '--objective', 'hrp')).weights, c.symbols, c.results.hrp!.weights);
    });

    it('traces the frontier from the minimum volatility to the highest return', async () => {
      const c = referenceCase('five-usd-sample');
      const report = await optimize('Core', ...FIVE, '--frontier', '--points', String(c.frontier.length));
      expect(report.frontier).toHaveLength(c.frontier.length);
      report.frontier!.forEach((point, k) => expectWeights(point.weights, c.symbols, c.frontier[k]!.weights));
    });
  });

  describe.skipIf(!backend.available)('current weights and trades', () => {
    it('weighs the current holdings of the universe at the closes of --to', async () => {
      // 2022-12-30 closes: AAPL 124.14 × 100 = 12,414; MSFT 185.64 × 100 = 18,564; together 30,978 (cash left out).
      const report = await optimize('Core', ...FIVE);
      expect(report.currentWeights!.AAPL).toBeCloseTo(12414 / 30978, 12);
      expect(report.currentWeights!.MSFT).toBeCloseTo(18564 / 30978, 12);
      expect(report.currentWeights!.BND).toBe(0);
      // Without --symbols the universe is what the portfolio holds.
      expect((await optimize('Core', '--from', '2020-01-01', '--to', '2022-12-31')).symbols).toEqual(['AAPL', 'MSFT']);
    });

    it('buys whole shares of each weight with the cash', async () => {
      // Cash only (100,000 USD): each symbol gets floor(weight × 100,000 / close of 2022-12-30) shares, and they all fit.
      const c = referenceCase('five-usd-sample');
      const closes: Record<string, number> = { AAPL: 124.14, BND: 70.79, GLD: 154.53, JNJ: 113.6, MSFT: 185.64 };
      const report = await optimize('Cash', ...FIVE, '--objective', 'hrp', '--trades');
      const expected = c.symbols.map((s, i) => [s, 'buy', String(Math.floor((c.results.hrp!.weights[i]! * 100000) / closes[s]!))]);
      expect(report.trades!.map((t) => [t.symbol, t.side, t.quantity])).toEqual(expected);
      const spent = expected.reduce((sum, [s, , q]) => sum + Number(q) * closes[s!]!, 0);
      expect(Number(report.cashLeft)).toBeCloseTo(100000 - spent, 6);
    });
  });

  describe.skipIf(!backend.available)('output', () => {
    it('prints a table, CSV of the weights and CSV of the frontier', async () => {
      const table = ok(await folio('optimize', 'Core', ...FIVE, '--objective', 'hrp'));
      expect(table.stdout.split('\n')[0]).toBe('SYMBOL\tWEIGHT\tCURRENT\tCHANGE');
      expect(table.stdout.split('\n')[1]).toMatch(/^BND\t0\.839/); // the largest weight first
      expect(table.stderr).toMatch(/hierarchical risk parity over 5 symbols, 2020-01-01 to 2022-12-30 \(783 common closes/);
      const csv = ok(await folio('optimize', 'Core', ...FIVE, '--csv')).stdout.trim().split('\n');
      expect(csv[0]).toBe('symbol,weight,currentWeight');
      expect(csv).toHaveLength(6);
      const frontier = ok(await folio('optimize', 'Core', ...FIVE, '--frontier', '--points', '3', '--csv')).stdout.trim().split('\n');
      expect(frontier[0]).toBe('point,expectedReturn,volatility,sharpe,AAPL,BND,GLD,JNJ,MSFT');
      expect(frontier).toHaveLength(4);
    });
  });

  describe.skipIf(!backend.available)('errors', () => {
    it.each([
      ['one symbol held', ['Solo'], 2, /at least two symbols: Solo holds only VTI/],
      ['fewer than 60 common closes', ['Core', ...FIVE.slice(0, 2), '--period', '1m', '--to', '2022-12-31'], 2, /Only 2\d days .* at least 60/],
      ['a minimum weight no five weights can meet', ['Core', ...FIVE, '--min-weight', '0.3'], 2, /at most 0\.2\b/],
      ['a return above the best', ['Core', ...FIVE, '--objective', 'target-return', '--target', '50%'], 2, /above the highest attainable expected return, 0\.0681/],
      ['a volatility below the least', ['Core', ...FIVE, '--objective', 'target-volatility', '--target', '0.01'], 2, /below the lowest attainable volatility, 0\.04978/],
      ['no return above the risk-free rate', ['Core', ...FIVE, '--objective', 'max-sharpe', '--risk-free', '0.5'], 2, /beat the risk-free rate 0\.5/],
      ['a target without its objective', ['Core', ...FIVE, '--target', '0.1'], 2, /--target goes with/],
      ['bounds on HRP', ['Core', ...FIVE, '--objective', 'hrp', '--max-weight', '0.5'], 2, /do not apply to hrp/],
      ['a symbol without prices', ['Core', '--symbols', 'AAPL,NOPE'], 4, /No prices for NOPE/],
    ])('%s', async (_name, args, code, message) => fails(args as string[], code as number, message as RegExp));
  });
});
