import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec } from '../../src/core/decimal.js';
import { BACKENDS, createWorld, type World } from '../helpers/backends.js';

interface DemoJson {
  user: { email: string; password: string };
  asOf: string;
  portfolios: Array<{ name: string; currency: string; positions: number; marketValue: string; costBasis: string; cash: string; value: string }>;
}

const SAMPLES = resolve(import.meta.dirname, '../../fixtures/portfolios');
const rowsOf = (file: string) =>
  // data records = non-empty lines minus the header (the samples have no multi-line notes)
  readFileSync(join(SAMPLES, file), 'utf8').split('\n').filter((line) => line.trim() !== '').length - 1;

describe.each(BACKENDS)('folio demo on $name', (backend) => {
  let world: World;
  // on Postgres (other people can reach it) the public demo account needs an explicit --yes
  const demoCommand = backend.name === 'postgres' ? ['demo', '--yes'] : ['demo'];
  beforeAll(async () => {
    if (backend.available) world = await createWorld(backend, { inProcess: true });
  });
  afterAll(async () => world?.cleanup());

  it.skipIf(!backend.available)('sets up the sample portfolios once, and a second run reuses them', async () => {
    const first = await world.folio([...demoCommand, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const demo = JSON.parse(first.stdout) as DemoJson;
    expect(demo.user.email).toBe('demo@folio.example');
    expect(demo.portfolios.map((p) => [p.name, p.currency])).toEqual([
      ['Index investor', 'USD'],
      ['Stock picker', 'USD'],
      ['Multi-currency', 'EUR'],
    ]);
    for (const p of demo.portfolios) {
      expect(p.positions).toBeGreaterThan(0);
      // value = positions at market + cash, exactly
      expect(dec(p.marketValue).plus(dec(p.cash)).eq(dec(p.value)), p.name).toBe(true);
    }

    const second = await world.folio([...demoCommand, '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual(demo);

    // The demo does not sign anyone in; the demo account works with the printed password.
    expect((await world.folio(['whoami'])).code).toBe(3);
    const login = await world.folio(['login', '--email', demo.user.email, '--password-stdin'], { input: demo.user.password + '\n' });
    expect(login.code, login.stderr).toBe(0);
    const list = JSON.parse((await world.folio(['portfolio', 'list', '--json'])).stdout) as Array<{ name: string }>;
    expect(list.map((p) => p.name).sort()).toEqual(['Index investor', 'Multi-currency', 'Stock picker']);
    for (const [name, file] of [
      ['Index investor', 'index-investor.csv'],
      ['Stock picker', 'stock-picker.csv'],
      ['Multi-currency', 'multi-currency.csv'],
    ] as const) {
      const txs = JSON.parse((await world.folio(['tx', 'list', name, '--json'])).stdout) as unknown[];
      expect(txs, name).toHaveLength(rowsOf(file));
    }
    const holdings = JSON.parse((await world.folio(['holdings', 'Index investor', '--json', '--as-of', demo.asOf])).stdout) as {
      totals: { value: string };
    };
    expect(holdings.totals.value).toBe(demo.portfolios[0]!.value);
  });

  it.skipIf(!backend.available)('tells a person how to sign in and what to try next', async () => {
    const result = await world.folio(demoCommand);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Index investor');
    expect(result.stderr).toContain('folio login --email demo@folio.example');
    expect(result.stderr).toMatch(/mock/i);
  });
});
