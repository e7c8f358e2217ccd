import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionCsv } from '../../bench/generate-transactions.js';
import { BIN } from '../helpers/cli.js';
import { BACKENDS, createWorld, POSTGRES_URL, registerUser, type World } from '../helpers/backends.js';

const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
/** Exports carry every column of the import CSV, the tax withheld included. */
const EXPORT_HEADER = 'date,type,symbol,quantity,price,amount,fee,tax,currency,note';

/**
 * The worked example (USD), typed the way people type it (trailing zeros, a lower-case currency):
 *   2024-01-02 deposit 20000                        cash 20000
 *   2024-01-10 buy 10 AAPL @ 180, fee 2             lot cost 10 × 180 + 2 = 1802 (unit 180.2)  cash 18198
 *   2024-02-12 buy 5 MSFT @ 400.5, fee 1.25         cost 5 × 400.5 + 1.25 = 2003.75 (unit 400.75)  cash 16194.25
 *   2024-03-15 sell 4 AAPL @ 170, fee 1             proceeds 4 × 170 − 1 = 679; FIFO cost 4 × 180.2 = 720.8;
 *                                                   realised 679 − 720.8 = −41.8  cash 16873.25
 *   2024-05-16 dividend AAPL 2.5                    cash 16875.75
 *   2024-06-01 fee 5                                cash 16870.75
 * Left: AAPL 6 (cost 6 × 180.2 = 1081.2), MSFT 5 (cost 2003.75).
 */
const HISTORY = [
  HEADER,
  '2024-01-02,deposit,,,,20000.00,,USD,"opening deposit, from ""savings""\nsecond line"',
  '2024-01-10,buy,AAPL,10,180.00,,2,usd,',
  '2024-02-12,buy,MSFT,5,400.50,,1.25,USD,monthly plan',
  '2024-03-15,sell,AAPL,4,170,,1,USD,"trim, after a ""bad"" quarter"',
  '2024-05-16,dividend,AAPL,,,2.50,,USD,',
  '2024-06-01,fee,,,,5,,USD,custody fee',
].join('\n');

/** What the export writes: the import columns, canonical decimals, RFC 4180 quoting (commas, quotes, line breaks). */
const EXPORTED = [
  EXPORT_HEADER,
  '2024-01-02,deposit,,,,20000,,,USD,"opening deposit, from ""savings""\nsecond line"',
  '2024-01-10,buy,AAPL,10,180,,2,,USD,',
  '2024-02-12,buy,MSFT,5,400.5,,1.25,,USD,monthly plan',
  '2024-03-15,sell,AAPL,4,170,,1,,USD,"trim, after a ""bad"" quarter"',
  '2024-05-16,dividend,AAPL,,,2.5,,,USD,',
  '2024-06-01,fee,,,,5,,,USD,custody fee',
  '',
].join('\n');

/** Valued at the fixture closes of 2024-12-31: AAPL 263.12, MSFT 408.64. */
const AS_OF = '2024-12-31';

interface Holdings {
  portfolio: string;
  positions: Array<Record<string, unknown>>;
  cash: Array<{ currency: string; amount: string }>;
  totals: Record<string, string> | null;
}

/** A world signed in as Ann with the worked example in "Main" (targets and a description included). */
async function worldWithHistory(world: World): Promise<void> {
  await registerUser(world, 'ann@example.com', 'Ann');
  const file = join(world.home, 'history.csv');
  writeFileSync(file, HISTORY + '\n');
  const added = await world.folio(['portfolio', 'add', 'Main', '--currency', 'USD', '--description', 'long term', '--target', 'AAPL=60,MSFT=40']);
  expect(added.code, added.stderr).toBe(0);
  const imported = await world.folio(['tx', 'import', file, '--portfolio', 'Main']);
  expect(imported.code, imported.stderr).toBe(0);
}

async function json<T>(world: World, ...args: string[]): Promise<T> {
  const result = await world.folio([...args, '--json']);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Both holdings views without the portfolio's name, for comparing two portfolios. */
async function holdingsOf(world: World, portfolio: string) {
  const { portfolio: _ledgerName, ...ledger } = await json<Holdings>(world, 'holdings', portfolio, '--as-of', AS_OF, '--no-value');
  const { portfolio: _valuedName, ...valued } = await json<Holdings>(world, 'holdings', portfolio, '--as-of', AS_OF);
  return { ledger, valued };
}

describe.each(BACKENDS)('export and import on $name', (backend) => {
  let world: World;
  let dir: string;
  const folio = (...args: string[]) => world.folio(args);

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    await worldWithHistory(world);
    dir = join(world.home, 'out');
    mkdirSync(dir);
  });
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('export transactions', () => {
    it('writes the import CSV to stdout, quoting notes with commas, quotes and line breaks', async () => {
      const result = await folio('export', 'transactions', 'Main');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(EXPORTED);
      expect(result.stderr).toBe('');
    });

    it('writes NDJSON (one object a line) and JSON, limited to --from/--to', async () => {
      const ndjson = await folio('export', 'transactions', 'Main', '--format', 'ndjson');
      expect(ndjson.code, ndjson.stderr).toBe(0);
      const lines = ndjson.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(6);
      expect(JSON.parse(lines[0]!)).toEqual({
        date: '2024-01-02',
        type: 'deposit',
        symbol: null,
        quantity: null,
        price: null,
        amount: '20000',
        fee: null,
        tax: null,
        currency: 'USD',
        note: 'opening deposit, from "savings"\nsecond line',
      });
      // 2024-02-01 … 2024-05-16: the MSFT buy, the AAPL sell and the dividend.
      const rows = await json<Array<{ date: string; type: string }>>(world, 'export', 'transactions', 'Main', '--from', '2024-02-01', '--to', '2024-05-16');
      expect(rows.map((r) => [r.date, r.type])).toEqual([
        ['2024-02-12', 'buy'],
        ['2024-03-15', 'sell'],
        ['2024-05-16', 'dividend'],
      ]);
    });

    it('round-trips through tx import into a fresh portfolio: the same holdings, to the cent', async () => {
      const file = join(dir, 'main.csv');
      const exported = await folio('export', 'transactions', 'Main', '--output', file);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toBe('');
      expect(readFileSync(file, 'utf8')).toBe(EXPORTED);

      expect((await folio('portfolio', 'add', 'Copy', '--currency', 'USD')).code).toBe(0);
      const imported = await folio('tx', 'import', file, '--portfolio', 'Copy');
      expect(imported.code, imported.stderr).toBe(0);

      const original = await holdingsOf(world, 'Main');
      expect(await holdingsOf(world, 'Copy')).toEqual(original);
      // By hand: cash 16870.75; AAPL 6 × 263.12 = 1578.72 and MSFT 5 × 408.64 = 2043.2, together 3621.92;
      // value 3621.92 + 16870.75 = 20492.67; unrealised (1578.72 − 1081.2) + (2043.2 − 2003.75) = 497.52 + 39.45 = 536.97.
      expect(original.ledger.cash).toEqual([{ currency: 'USD', amount: '16870.75' }]);
      expect(original.valued.totals).toMatchObject({ marketValue: '3621.92', cash: '16870.75', value: '20492.67', unrealizedGain: '536.97' });
      // The notes come back exactly, line breaks and quotes included.
      const notes = async (name: string) => (await json<Array<{ note: string | null }>>(world, 'tx', 'list', name)).map((t) => t.note);
      expect(await notes('Copy')).toEqual(await notes('Main'));
      // And the copy exports to the very same bytes.
      expect((await folio('export', 'transactions', 'Copy')).stdout).toBe(EXPORTED);
      // The same analysis: gains, returns, risk and the daily series.
      const analysis = async (name: string) => {
        const { portfolio: _name, ...figures } = await json<Record<string, unknown>>(world, 'export', 'performance', name, '--to', AS_OF);
        return figures;
      };
      expect(await analysis('Copy')).toEqual(await analysis('Main'));
      const history = async (name: string) => (await folio('export', 'history', name, '--to', AS_OF)).stdout;
      expect(await history('Copy')).toBe(await history('Main'));
    });
  });

  describe.skipIf(!backend.available)('export holdings', () => {
    it('writes the positions as of --to, as CSV', async () => {
      const result = await folio('export', 'holdings', 'Main', '--to', '2024-06-30', '--no-value');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.split('\n')).toEqual([
        'symbol,quantity,averageCost,costBasis,realizedGain,dividends,currency,price,priceDate,marketValue,unrealizedGain,weight,priceSource',
        // AAPL: 6 left at 180.2 = 1081.2; realised 679 − 720.8 = −41.8; dividends 2.5.
        'AAPL,6,180.2,1081.2,-41.8,2.5,USD,,,,,,',
        'MSFT,5,400.75,2003.75,0,0,USD,,,,,,',
        '',
      ]);
    });

    it('refuses --from: holdings are positions at one date', async () => {
      const result = await folio('export', 'holdings', 'Main', '--from', '2024-01-01');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--from/);
    });
  });

  describe.skipIf(!backend.available)('export performance and history', () => {
    it('writes the figures of analyze and the rows of history, from the same core', async () => {
      const performance = await json<Record<string, unknown>>(world, 'export', 'performance', 'Main', '--to', AS_OF);
      // Holdings scope on 2024-12-31: positions 1578.72 + 2043.2 = 3621.92; realised −41.8; dividends 2.5.
      expect(performance).toMatchObject({ portfolio: 'Main', currency: 'USD', scope: 'holdings', to: AS_OF, value: '3621.92', realizedGain: '-41.8', dividends: '2.5' });
      const { portfolio: _name, ...analyzed } = await json<Record<string, unknown>>(world, 'analyze', 'Main', '--to', AS_OF);
      expect(performance).toMatchObject(analyzed);

      const history = await folio('export', 'history', 'Main', '--interval', 'month', '--from', '2024-01-01', '--to', AS_OF);
      expect(history.code, history.stderr).toBe(0);
      const lines = history.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('date,marketValue,value,netFlows,twrIndex,drawdown');
      expect(lines).toHaveLength(13); // a header and one row per month of 2024
      expect(lines.at(-1)).toMatch(/^2024-12-31,3621\.92,3621\.92,0,/);
      const viaHistory = await world.folio(['history', 'Main', '--interval', 'month', '--from', '2024-01-01', '--to', AS_OF, '--csv']);
      expect(history.stdout).toBe(viaHistory.stdout);

      const ndjson = await folio('export', 'history', 'Main', '--interval', 'month', '--from', '2024-01-01', '--to', AS_OF, '--format', 'ndjson');
      expect(ndjson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).date)).toEqual(lines.slice(1).map((line) => line.slice(0, 10)));
    });
  });

  describe.skipIf(!backend.available)('portfolio documents', () => {
    it('restores a portfolio under a new name with its metadata, targets and transactions; the old name is a conflict', async () => {
      const file = join(dir, 'main.json');
      const exported = await folio('export', 'portfolio', 'Main', '-o', file);
      expect(exported.code, exported.stderr).toBe(0);
      const document = JSON.parse(readFileSync(file, 'utf8'));
      expect(document).toMatchObject({
        format: 'folio-portfolio',
        version: 1,
        portfolio: { name: 'Main', baseCurrency: 'USD', description: 'long term', targets: { AAPL: '60', MSFT: '40' } },
      });
      expect(document.transactions).toHaveLength(6);
      expect(document.transactions[3]).toEqual({
        ...{ date: '2024-03-15', type: 'sell', symbol: 'AAPL', quantity: '4', price: '170', amount: null, fee: '1', tax: null },
        ...{ currency: 'USD', note: 'trim, after a "bad" quarter' },
      });

      const taken = await folio('import', 'portfolio', file);
      expect(taken.code).toBe(5);
      expect(taken.stderr).toMatch(/already have a portfolio named "Main".*--name/);

      const restored = await folio('import', 'portfolio', file, '--name', 'Restored');
      expect(restored.code, restored.stderr).toBe(0);
      const show = await json<Record<string, unknown>>(world, 'portfolio', 'show', 'Restored');
      expect(show).toMatchObject({ name: 'Restored', currency: 'USD', description: 'long term', targets: { AAPL: '60', MSFT: '40' } });
      expect(await holdingsOf(world, 'Restored')).toEqual(await holdingsOf(world, 'Main'));
      expect((await folio('export', 'transactions', 'Restored')).stdout).toBe(EXPORTED);
    });

    it('restores all or nothing: an oversell or a bad field writes nothing, not even the portfolio', async () => {
      const document = JSON.parse((await folio('export', 'portfolio', 'Main')).stdout);
      // Sell 40 AAPL where 6 are held (10 bought − 4 sold).
      const oversold = structuredClone(document);
      oversold.transactions.push({ ...document.transactions[3], date: '2024-07-01', quantity: '40', note: null });
      const oversoldFile = join(dir, 'oversold.json');
      writeFileSync(oversoldFile, JSON.stringify(oversold));
      const refused = await folio('import', 'portfolio', oversoldFile, '--name', 'Oversold');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/Nothing was imported/);
      expect(refused.stderr).toMatch(/transaction 7, quantity/);

      const bad = structuredClone(document);
      bad.transactions[1].quantity = '-10';
      bad.transactions[2].price = 400.5;
      const badFile = join(dir, 'bad.json');
      writeFileSync(badFile, JSON.stringify(bad));
      const invalid = await folio('import', 'portfolio', badFile, '--name', 'Bad');
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/transaction 2, quantity/);
      expect(invalid.stderr).toMatch(/transaction 3, price: write numbers as decimal strings/);

      const names = (await json<Array<{ name: string }>>(world, 'portfolio', 'list')).map((p) => p.name);
      expect(names).not.toContain('Oversold');
      expect(names).not.toContain('Bad');
    });

    it('refuses what is not a portfolio document, and a document from a newer folio', async () => {
      const notJson = join(dir, 'not.json');
      writeFileSync(notJson, 'date,type\n');
      expect((await folio('import', 'portfolio', notJson)).code).toBe(2);
      const newer = join(dir, 'newer.json');
      writeFileSync(newer, JSON.stringify({ format: 'folio-portfolio', version: 2, portfolio: {}, transactions: [] }));
      const result = await folio('import', 'portfolio', newer);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/version 2.*newer folio/);
      expect((await folio('import', 'portfolio', join(dir, 'missing.json'))).code).toBe(4);
    });
  });

  describe.skipIf(!backend.available)('--output and --force', () => {
    it('never replaces a file without --force (exit 5, file untouched), and replaces it with --force', async () => {
      const file = join(dir, 'existing.csv');
      writeFileSync(file, 'keep me\n');
      const refused = await folio('export', 'transactions', 'Main', '--output', file);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(/already exists.*--force/);
      expect(readFileSync(file, 'utf8')).toBe('keep me\n');

      const forced = await folio('export', 'transactions', 'Main', '--output', file, '--force');
      expect(forced.code, forced.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(EXPORTED);
    });

    it('leaves no file and no temp file when an export fails', async () => {
      const empty = join(world.home, 'failures');
      mkdirSync(empty);
      const missing = await folio('export', 'transactions', 'Nope', '--output', join(empty, 'nope.csv'));
      expect(missing.code).toBe(4);
      const portfolio = await folio('export', 'portfolio', 'Nope', '--output', join(empty, 'nope.json'));
      expect(portfolio.code).toBe(4);
      // A currency the price feed has no rate for: valuation fails (exit 4) after the portfolio was opened.
      expect((await folio('portfolio', 'add', 'Unpriced', '--currency', 'USD')).code).toBe(0);
      expect((await folio('tx', 'add', 'Unpriced', '--type', 'buy', '--symbol', 'ZZZZ', '--quantity', '1', '--price', '1', '--currency', 'JPY', '--date', '2024-01-02')).code).toBe(0);
      const unpriced = await folio('export', 'holdings', 'Unpriced', '--to', AS_OF, '--output', join(empty, 'holdings.csv'));
      expect(unpriced.code).toBe(4);
      const noDirectory = await folio('export', 'transactions', 'Main', '--output', join(empty, 'no', 'such', 'dir.csv'));
      expect(noDirectory.code).toBe(2);
      expect(readdirSync(empty)).toEqual([]);
    });
  });

  describe.skipIf(!backend.available)('export all', () => {
    it('writes the profile without secrets, the settings and every owned portfolio as a document', async () => {
      expect((await folio('settings', 'set', 'display.currency', 'EUR')).code).toBe(0);
      const target = join(world.home, 'everything');
      const result = await folio('export', 'all', '--output', target);
      expect(result.code, result.stderr).toBe(0);
      const index = JSON.parse(readFileSync(join(target, 'folio-export.json'), 'utf8'));
      expect(index).toMatchObject({
        format: 'folio-export',
        version: 1,
        profile: { email: 'ann@example.com', name: 'Ann' },
        settings: { 'display.currency': 'EUR' },
        sharedWithMe: [],
      });
      expect(JSON.stringify(index)).not.toMatch(/password|hash|scrypt/i);
      const main = index.portfolios.find((p: { name: string }) => p.name === 'Main');
      expect(main).toEqual({ name: 'Main', file: 'portfolios/Main.json', baseCurrency: 'USD', transactions: 6 });
      expect(readdirSync(join(target, 'portfolios')).sort()).toEqual(index.portfolios.map((p: { file: string }) => p.file.slice('portfolios/'.length)).sort());

      const restored = await folio('import', 'portfolio', join(target, main.file), '--name', 'From all');
      expect(restored.code, restored.stderr).toBe(0);
      expect(await holdingsOf(world, 'From all')).toEqual(await holdingsOf(world, 'Main'));

      expect((await folio('export', 'all', '--output', target)).code).toBe(5);
      expect((await folio('export', 'all', '--output', target, '--force')).code).toBe(0);
      expect(readdirSync(world.home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });
  });

  describe.skipIf(!backend.available)('big portfolios and pipes', () => {
    it('ends quietly when piped into head, and a 20,000-row portfolio exports to the bytes it was imported from, canonically', async () => {
      const big = join(world.home, 'big.csv');
      const out = createWriteStream(big);
      for (const chunk of generateTransactionCsv({ rows: 20_000, symbols: 10, years: 3, seed: 11 })) out.write(chunk);
      out.end();
      await once(out, 'finish');
      expect((await folio('portfolio', 'add', 'Big', '--currency', 'USD')).code).toBe(0);
      const imported = await folio('tx', 'import', big, '--portfolio', 'Big');
      expect(imported.code, imported.stderr).toBe(0);

      for (const format of ['csv', 'ndjson', 'json']) {
        const piped = spawnSync('bash', ['-o', 'pipefail', '-c', `node "${BIN}" export transactions Big --format ${format} | head -n 3`], {
          env: { ...process.env, ...world.env },
          encoding: 'utf8',
        });
        expect(piped.status, `${format}: ${piped.stderr}`).toBe(0);
        expect(piped.stderr).toBe('');
        expect(piped.stdout.split('\n').filter(Boolean)).toHaveLength(3);
        if (format === 'csv') expect(piped.stdout.startsWith(EXPORT_HEADER + '\n')).toBe(true);
      }

      // Re-import the export into a fresh portfolio: its export is byte for byte the same.
      const file = join(world.home, 'big-export.csv');
      expect((await folio('export', 'transactions', 'Big', '-o', file)).code).toBe(0);
      expect((await folio('portfolio', 'add', 'Big copy', '--currency', 'USD')).code).toBe(0);
      const again = await folio('tx', 'import', file, '--portfolio', 'Big copy');
      expect(again.code, again.stderr).toBe(0);
      expect((await folio('export', 'transactions', 'Big copy')).stdout).toBe(readFileSync(file, 'utf8'));
      expect(existsSync(file)).toBe(true);
    }, 60_000);
  });
});

describe.skipIf(!POSTGRES_URL)('export and import across SQLite and Postgres', () => {
  let sqlite: World;
  let postgres: World;

  beforeAll(async () => {
    if (!POSTGRES_URL) return;
    [sqlite, postgres] = await Promise.all([createWorld(BACKENDS[0]!, { inProcess: true }), createWorld(BACKENDS[1]!, { inProcess: true })]);
    await worldWithHistory(sqlite);
    await registerUser(postgres, 'ann@example.com', 'Ann');
  });
  afterAll(async () => {
    await sqlite?.cleanup();
    await postgres?.cleanup();
  });

  it('restores a SQLite export on Postgres, and back, with the same holdings to the cent', async () => {
    const document = join(sqlite.home, 'main.json');
    const csv = join(sqlite.home, 'main.csv');
    expect((await sqlite.folio(['export', 'portfolio', 'Main', '-o', document])).code).toBe(0);
    expect((await sqlite.folio(['export', 'transactions', 'Main', '-o', csv])).code).toBe(0);

    const restored = await postgres.folio(['import', 'portfolio', document]);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await postgres.folio(['portfolio', 'add', 'From CSV', '--currency', 'USD'])).code).toBe(0);
    const imported = await postgres.folio(['tx', 'import', csv, '--portfolio', 'From CSV']);
    expect(imported.code, imported.stderr).toBe(0);

    const original = await holdingsOf(sqlite, 'Main');
    expect(await holdingsOf(postgres, 'Main')).toEqual(original);
    expect(await holdingsOf(postgres, 'From CSV')).toEqual(original);
    expect((await postgres.folio(['export', 'transactions', 'Main'])).stdout).toBe(EXPORTED);

    // And back: the Postgres copy's document restores on SQLite.
    const back = join(postgres.home, 'back.json');
    expect((await postgres.folio(['export', 'portfolio', 'Main', '-o', back])).code).toBe(0);
    const returned = await sqlite.folio(['import', 'portfolio', back, '--name', 'Round trip']);
    expect(returned.code, returned.stderr).toBe(0);
    expect(await holdingsOf(sqlite, 'Round trip')).toEqual(original);
  });
});
