import { spawnSync } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionCsv } from '../../bench/generate-transactions.js';
import { BIN } from '../helpers/cli.js';
import { BACKENDS, createPostgresDatabase, createWorld, POSTGRES_URL, registerUser, type World } from '../helpers/backends.js';

interface HoldingsJson {
  portfolio: string;
  asOf: string;
  method: string;
  positions: Array<{ symbol: string; quantity: string; averageCost: string; costBasis: string; realizedGain: string; currency: string }>;
  cash: Array<{ currency: string; amount: string }>;
}

const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

/**
 * The worked example used throughout (USD):
 *   2024-01-02 deposit 10000
 *   2024-01-10 buy 10 AAPL @ 100, fee 2  → lot 1 cost 1002 (unit 100.2)
 *   2024-02-10 buy 10 AAPL @ 120, fee 2  → lot 2 cost 1202 (unit 120.2)
 *   2024-03-10 sell 15 AAPL @ 130, fee 3 → proceeds 15 × 130 − 3 = 1947
 *   2024-04-01 split AAPL 2-for-1
 *   2024-05-01 sell 4 AAPL @ 70          → proceeds 280
 */
const HISTORY = [
  HEADER,
  '2024-01-02,deposit,,,,10000,,USD,opening deposit',
  '2024-01-10,buy,AAPL,10,100,,2,USD,',
  '2024-02-10,buy,AAPL,10,120,,2,USD,',
  '2024-03-10,sell,AAPL,15,130,,3,USD,"trim, after a ""good"" run"',
  '2024-04-01,split,AAPL,2,,,,USD,',
  '2024-05-01,sell,AAPL,4,70,,,USD,',
].join('\n');

describe.each(BACKENDS)('ledger on $name', (backend) => {
  let world: World;
  let csv: string;
  const folio = (...args: string[]) => world.folio(args);
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await world.folio([...args, '--json']);
    expect(result.stderr, args.join(' ')).not.toMatch(/unexpected/);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  const holdings = (portfolio: string, ...extra: string[]) => json<HoldingsJson>('holdings', portfolio, ...extra);

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    await registerUser(world, 'ann@example.com', 'Ann');
    csv = join(world.home, 'history.csv');
    writeFileSync(csv, HISTORY + '\n');
    expect((await folio('portfolio', 'add', 'Main', '--currency', 'USD')).code).toBe(0);
    const imported = await folio('tx', 'import', csv, '--portfolio', 'Main');
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('holdings and lots', () => {
    it('computes FIFO cost basis and realised gains with fees, before the split', async () => {
      // --no-value: the plain ledger view (market values come from the price feed, tested in market.test.ts).
      const report = await holdings('Main', '--as-of', '2024-03-31', '--no-value');
      expect(report).toMatchObject({ portfolio: 'Main', asOf: '2024-03-31', method: 'fifo' });
      // FIFO: the 15 sold are lot 1 (1002) and 5 of lot 2 (5 × 120.2 = 601): cost 1603; gain 1947 − 1603 = 344.
      // Left: 5 of lot 2, cost 601, average 120.2.
      expect(report.positions).toEqual([
        {
          ...{ symbol: 'AAPL', quantity: '5', averageCost: '120.2', costBasis: '601', realizedGain: '344', dividends: '0', currency: 'USD' },
          ...{ price: null, priceDate: null, marketValue: null, unrealizedGain: null, weight: null, priceSource: null },
        },
      ]);
      // Cash: 10000 − 1002 − 1202 + 1947 = 9743.
      expect(report.cash).toEqual([{ currency: 'USD', amount: '9743' }]);
    });

    it('computes average-cost gains differently from FIFO', async () => {
      const report = await holdings('Main', '--as-of', '2024-03-31', '--method', 'average');
      // Average: 2204 for 20 units → 110.2 each; sold 15 × 110.2 = 1653; gain 1947 − 1653 = 294; left 5 × 110.2 = 551.
      expect(report.method).toBe('average');
      expect(report.positions[0]).toMatchObject({ quantity: '5', averageCost: '110.2', costBasis: '551', realizedGain: '294' });
    });

    it('applies a split mid-history and a later partial sell', async () => {
      const report = await holdings('Main', '--as-of', '2024-06-30');
      // Split 2-for-1: 5 units at 120.2 become 10 at 60.1 (cost 601 unchanged).
      // Sell 4 @ 70 = 280 for 4 × 60.1 = 240.4 → gain 39.6; total realised 344 + 39.6 = 383.6; left 6 × 60.1 = 360.6.
      expect(report.positions[0]).toMatchObject({ quantity: '6', averageCost: '60.1', costBasis: '360.6', realizedGain: '383.6' });
      // Cash: 9743 + 280 = 10023.
      expect(report.cash).toEqual([{ currency: 'USD', amount: '10023' }]);
    });

    it('lists open FIFO lots with their dates', async () => {
      const before = await json<{ lots: Array<Record<string, string>> }>('lots', 'Main', 'AAPL', '--as-of', '2024-02-28');
      expect(before.lots).toEqual([
        { date: '2024-01-10', quantity: '10', unitCost: '100.2', cost: '1002', currency: 'USD' },
        { date: '2024-02-10', quantity: '10', unitCost: '120.2', cost: '1202', currency: 'USD' },
      ]);
      const after = await json<{ lots: Array<Record<string, string>> }>('lots', 'Main', 'AAPL');
      expect(after.lots).toEqual([{ date: '2024-02-10', quantity: '6', unitCost: '60.1', cost: '360.6', currency: 'USD' }]);
    });

    it('lists transactions as JSON and CSV with ids, filters included', async () => {
      const all = await json<Array<Record<string, string | null>>>('tx', 'list', 'Main');
      expect(all).toHaveLength(6);
      expect(all[3]).toMatchObject({ date: '2024-03-10', type: 'sell', symbol: 'AAPL', quantity: '15', price: '130', fee: '3', note: 'trim, after a "good" run' });
      expect(Object.keys(all[0]!)).toEqual(['id', 'date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'tax', 'currency', 'note']);
      const sells = await json<unknown[]>('tx', 'list', 'Main', '--type', 'sell', '--from', '2024-03-01', '--to', '2024-04-30');
      expect(sells).toHaveLength(1);
      const csvOut = await world.folio(['tx', 'list', 'Main', '--csv', '--symbol', 'aapl']);
      const lines = csvOut.stdout.trim().split('\n');
      expect(lines[0]).toBe('id,date,type,symbol,quantity,price,amount,fee,tax,currency,note');
      expect(lines).toHaveLength(6); // header + 2 buys, 2 sells, 1 split
      expect(csvOut.stdout).toContain('"trim, after a ""good"" run"');
    });
  });

  describe.skipIf(!backend.available)('tx add, edit, remove', () => {
    it('keeps money exact across currencies', async () => {
      await folio('portfolio', 'add', 'Euro', '--currency', 'EUR');
      for (const args of [
        ['--type', 'deposit', '--amount', '500', '--date', '2024-01-01'],
        ['--type', 'dividend', '--symbol', 'SAP', '--amount', '12.34', '--date', '2024-02-01'],
        ['--type', 'fee', '--amount', '0.1', '--date', '2024-02-02'],
        ['--type', 'fee', '--amount', '0.2', '--date', '2024-02-03'],
        ['--type', 'deposit', '--amount', '0.1', '--currency', 'USD', '--date', '2024-02-04'],
        ['--type', 'interest', '--amount', '0.2', '--currency', 'usd', '--date', '2024-02-05'],
      ]) {
        const added = await folio('tx', 'add', 'Euro', ...args);
        expect(added.code, added.stderr).toBe(0);
      }
      const report = await holdings('Euro');
      // EUR: 500 + 12.34 − 0.1 − 0.2 = 512.04; USD: 0.1 + 0.2 = 0.3 (exactly, no 0.30000000000000004).
      expect(report.cash).toEqual([
        { currency: 'EUR', amount: '512.04' },
        { currency: 'USD', amount: '0.3' },
      ]);
    });

    it('refuses a sell of more than is held, and writes nothing', async () => {
      const result = await folio('tx', 'add', 'Main', '--type', 'sell', '--symbol', 'AAPL', '--quantity', '7', '--price', '70', '--date', '2024-06-01');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('exceeds the 6 held');
      expect(await json<unknown[]>('tx', 'list', 'Main')).toHaveLength(6);
    });

    it('refuses an edit or removal that would make a later sell exceed the holdings', async () => {
      const [buy] = await json<Array<{ id: string }>>('tx', 'list', 'Main', '--type', 'buy', '--to', '2024-01-31');
      // Lowering the first buy to 4 units leaves 14 before the sell of 15.
      const edit = await folio('tx', 'edit', buy!.id, '--quantity', '4');
      expect(edit.code).toBe(2);
      expect(edit.stderr).toContain('exceeds the 14 held');
      const remove = await folio('tx', 'remove', buy!.id.slice(-12));
      expect(remove.code).toBe(2);
      expect((await holdings('Main')).positions[0]!.quantity).toBe('6');
    });

    it('edits and removes transactions by id or short id', async () => {
      const added = await json<{ id: string; quantity: string }>(
        'tx', 'add', 'Main', '--type', 'buy', '--symbol', 'MSFT', '--quantity', '1.5', '--price', '400.10', '--date', '2024-07-01',
      );
      expect(added.quantity).toBe('1.5');
      const edited = await json<{ price: string; note: string }>('tx', 'edit', added.id.slice(-12), '--price', '399.9', '--note', 'fixed price');
      expect(edited).toMatchObject({ price: '399.9', note: 'fixed price' });
      const msft = (await holdings('Main')).positions.find((p) => p.symbol === 'MSFT');
      expect(msft).toMatchObject({ quantity: '1.5', costBasis: '599.85' }); // 1.5 × 399.9 = 599.85
      expect((await folio('tx', 'remove', added.id)).code).toBe(0);
      expect((await holdings('Main')).positions.find((p) => p.symbol === 'MSFT' && p.quantity !== '0')).toBeUndefined();
      expect((await folio('tx', 'remove', added.id)).code).toBe(4);
    });

    it('rejects bad flags with a usage error naming the flag', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--type', 'buy', '--symbol', 'AAPL', '--quantity', '-1', '--price', '1'], /--quantity/],
        [['--type', 'bye', '--amount', '1'], /--type/],
        [['--type', 'deposit', '--amount', '1,5'], /--amount/],
        [['--type', 'deposit', '--amount', '10', '--date', '2999-01-01'], /--date/],
        [['--type', 'split', '--symbol', 'AAPL', '--quantity', '0'], /--quantity/],
        [['--amount', '10'], /--type/],
      ];
      for (const [args, message] of cases) {
        const result = await folio('tx', 'add', 'Main', ...args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
    });
  });

  describe.skipIf(!backend.available)('tx import', () => {
    it('is all-or-nothing: a bad row names its line and column and writes nothing', async () => {
      await folio('portfolio', 'add', 'Import', '--currency', 'USD');
      const bad = join(world.home, 'bad.csv');
      writeFileSync(
        bad,
        ['type,date,symbol,quantity,price,fee', 'buy,2024-01-02,VTI,10,200,0', 'buy,2024-13-01,VTI,1,200,0', 'buy,2024-01-03,VTI,-5,200,0', 'sell,2024-01-04,VTI,1,1e400,0'].join('\n'),
      );
      const result = await folio('tx', 'import', bad, '--portfolio', 'Import');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/line 3, column date/);
      expect(result.stderr).toMatch(/line 4, column quantity/);
      expect(result.stderr).toMatch(/line 5, column price/);
      expect(await json<unknown[]>('tx', 'list', 'Import')).toEqual([]);
    });

    it('refuses a sell of more than held at that date, naming the line', async () => {
      const oversell = join(world.home, 'oversell.csv');
      writeFileSync(oversell, [HEADER, '2024-01-02,buy,VTI,10,200,,,,', '2024-01-03,sell,VTI,12,210,,,,'].join('\n'));
      const result = await folio('tx', 'import', oversell, '--portfolio', 'Import');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/line 3, column quantity: sell of 12 VTI on 2024-01-03 exceeds the 10 held/);
      expect(await json<unknown[]>('tx', 'list', 'Import')).toEqual([]);
    });

    it('supports --dry-run, reads stdin, and refuses a re-import unless --allow-duplicates', async () => {
      const dry = await world.folio(['tx', 'import', csv, '--portfolio', 'Import', '--dry-run', '--json']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 6, dryRun: true });
      expect(await json<unknown[]>('tx', 'list', 'Import')).toEqual([]);

      const first = await world.folio(['tx', 'import', '-', '--portfolio', 'Import'], { input: HISTORY });
      expect(first.code, first.stderr).toBe(0);
      const again = await world.folio(['tx', 'import', '-', '--portfolio', 'Import'], { input: HISTORY });
      expect(again.code).toBe(5);
      expect(again.stderr).toMatch(/already imported/);
      expect(await json<unknown[]>('tx', 'list', 'Import')).toHaveLength(6);
    });

    it('reports a missing file as not found and a missing --portfolio as a usage error', async () => {
      expect((await folio('tx', 'import', join(world.home, 'nope.csv'), '--portfolio', 'Import')).code).toBe(4);
      const missing = await folio('tx', 'import', csv);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--portfolio/);
    });
  });

  describe.skipIf(!backend.available)('big portfolios and pipes', () => {
    it('imports a generated 20,000-row history and ends quietly when piped into head', async () => {
      const big = join(world.home, 'big.csv');
      const out = createWriteStream(big);
      for (const chunk of generateTransactionCsv({ rows: 20_000, symbols: 10, years: 3, seed: 7 })) out.write(chunk);
      out.end();
      await once(out, 'finish');
      await folio('portfolio', 'add', 'Big', '--currency', 'USD');
      const imported = await world.folio(['tx', 'import', big, '--portfolio', 'Big', '--json']);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 20_000, dryRun: false });

      for (const format of ['--csv', '--json', '--format=table']) {
        const piped = spawnSync('bash', ['-o', 'pipefail', '-c', `node "${BIN}" tx list Big ${format} | head -n 2`], {
          env: { ...process.env, ...world.env },
          encoding: 'utf8',
        });
        expect(piped.status, `${format}: ${piped.stderr}`).toBe(0);
        expect(piped.stderr).toBe('');
        expect(piped.stdout.split('\n').filter(Boolean)).toHaveLength(2);
      }
    });
  });

  describe.skipIf(!backend.available)('sharing', () => {
    it('lets a viewer read but not write, an editor write, and hides the portfolio from strangers', async () => {
      const bob = world.another();
      await registerUser(bob, 'bob@example.com', 'Bob');
      const eve = world.another();
      await registerUser(eve, 'eve@example.com', 'Eve');
      expect((await folio('portfolio', 'share', 'Main', '--with', 'bob@example.com', '--role', 'viewer')).code).toBe(0);

      const shared = 'ann@example.com/Main';
      const seen = await bob.folio(['holdings', shared, '--json', '--as-of', '2024-06-30']);
      expect(seen.code, seen.stderr).toBe(0);
      expect((JSON.parse(seen.stdout) as HoldingsJson).positions[0]!.quantity).toBe('6');
      const write = await bob.folio(['tx', 'add', shared, '--type', 'deposit', '--amount', '1']);
      expect(write.code).toBe(3);
      const [first] = JSON.parse((await bob.folio(['tx', 'list', shared, '--json'])).stdout) as Array<{ id: string }>;
      expect((await bob.folio(['tx', 'remove', first!.id])).code).toBe(3);

      expect((await eve.folio(['holdings', shared])).code).toBe(4);
      expect((await eve.folio(['tx', 'remove', first!.id])).code).toBe(4);

      expect((await folio('portfolio', 'share', 'Main', '--with', 'bob@example.com', '--role', 'editor')).code).toBe(0);
      const added = await bob.folio(['tx', 'add', shared, '--type', 'deposit', '--amount', '1', '--date', '2024-08-01']);
      expect(added.code, added.stderr).toBe(0);
    });
  });

  describe.skipIf(!backend.available || !POSTGRES_URL)('db copy', () => {
    it('copies everything into an empty database and verifies the counts', async () => {
      const target = backend.name === 'sqlite' ? await createPostgresDatabase() : undefined;
      const to = target?.url ?? join(world.home, 'copy.db');
      try {
        const copy = await world.folio(['db', 'copy', '--to', to, '--json']);
        expect(copy.code, copy.stderr).toBe(0);
        const tables = (JSON.parse(copy.stdout) as { tables: Array<{ table: string; rows: number }> }).tables;
        expect(tables.find((t) => t.table === 'users')!.rows).toBeGreaterThanOrEqual(1);
        const original = await holdings('Main');
        const copied = await world.folio(['--database', to, 'holdings', 'Main', '--json']);
        expect(copied.code, copied.stderr).toBe(0);
        expect(JSON.parse(copied.stdout)).toEqual(original);
        const again = await world.folio(['db', 'copy', '--to', to]);
        expect(again.code).toBe(5);
      } finally {
        await target?.drop();
      }
    });
  });
});
