import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';

const BROKERS = join(import.meta.dirname, '../../fixtures/import/brokers');
const fixture = (name: string) => join(BROKERS, name);

describe.each(BACKENDS)('importing broker exports on $name', (backend) => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const list = async (portfolio: string) => (await folio('tx', 'list', portfolio, '--csv')).stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(1).join(','));

  beforeAll(async () => {
    world = await createWorld(backend, { inProcess: true });
    await registerUser(world, 'ada@example.com');
  });
  afterAll(async () => world?.cleanup());

  it.runIf(backend.available)('a partial statement: refused on a sell of shares it never bought, imported once a transfer-in brings them', async () => {
    await folio('portfolio', 'add', 'T212', '--currency', 'EUR');
    const refused = await folio('tx', 'import', fixture('trading212.csv'), '--portfolio', 'T212', '--preset', 'trading212');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 6, column quantity: sell of 0.61254 ASTR on 2023-12-26 exceeds the 0 held');
    expect(await list('T212')).toEqual([]); // nothing was written

    const moved = await folio('tx', 'add', 'T212', '--type', 'transfer-in', '--symbol', 'ASTR', '--quantity', '0.61254', '--price', '1.5', '--currency', 'USD', '--date', '2023-06-01');
    expect(moved.code).toBe(0);
    const imported = await folio('tx', 'import', fixture('trading212.csv'), '--portfolio', 'T212', '--preset', 'trading212', '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 9, counts: { toImport: 9, duplicates: 0, skipped: 0, refused: 0 } });
    // Holdings: ASTR delivered in at 1.5 and sold at 1.26: realised (0.61254 × 1.26) − (0.61254 × 1.5) = 0.7718004 − 0.91881 = −0.1470096
    const holdings = JSON.parse((await folio('holdings', 'T212', '--no-value', '--json', '--as-of', '2024-02-01')).stdout);
    expect(holdings.positions.find((p: { symbol: string }) => p.symbol === 'ASTR')).toMatchObject({ quantity: '0', realizedGain: '-0.1470096' });
  });

  it.runIf(backend.available)('tx add: transfers are checked against holdings like trades, and so are edits and removals', async () => {
    await folio('portfolio', 'add', 'Moves', '--currency', 'USD');
    const add = (...args: string[]) => folio('tx', 'add', 'Moves', ...args);
    expect((await add('--type', 'transfer-in', '--symbol', 'VTI', '--quantity', '5', '--price', '200', '--date', '2024-01-02')).code).toBe(0);
    const over = await add('--type', 'transfer-out', '--symbol', 'VTI', '--quantity', '6', '--price', '210', '--date', '2024-02-01');
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('transfer-out of 6 VTI on 2024-02-01 exceeds the 5 held');
    expect((await add('--type', 'sell', '--symbol', 'VTI', '--quantity', '5', '--price', '210', '--date', '2024-03-01')).code).toBe(0);
    // Removing the delivery in would leave the sell without shares: refused, nothing changes.
    const [transferIn] = JSON.parse((await folio('tx', 'list', 'Moves', '--json', '--type', 'transfer-in')).stdout);
    const removed = await folio('tx', 'remove', transferIn.id);
    expect(removed.code).toBe(2);
    expect(await list('Moves')).toEqual(['2024-01-02,transfer-in,VTI,5,200,,,,USD,', '2024-03-01,sell,VTI,5,210,,,,USD,']);
  });

  it.runIf(backend.available)('an overlapping statement: rows already there are skipped with their lines; --allow-duplicates imports them', async () => {
    await folio('portfolio', 'add', 'IB', '--currency', 'USD');
    const first = await folio('tx', 'import', fixture('ibkr-flex-trades.csv'), '--portfolio', 'IB', '--preset', 'ibkr-flex');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Imported 8 transactions into IB; skipped 3 rows that the mapping does not import (lines 10, 11, 12).');
    // Next month's download: the last two trades again, and a new one.
    const lines = readFileSync(fixture('ibkr-flex-trades.csv'), 'utf8').split('\n');
    const next = join(world.home, 'ibkr-next.csv');
    writeFileSync(next, [lines[0], lines[7], lines[8], '"BUY","20240301","US9220427424","3","104.5","313.5","USD","-1","USD"'].join('\n') + '\n');
    const dry = await folio('tx', 'import', next, '--portfolio', 'IB', '--preset', 'ibkr-flex', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.counts).toEqual({ toImport: 1, duplicates: 2, skipped: 0, refused: 0 });
    expect(report.duplicateLines).toEqual([2, 3]);
    expect(report.transactions).toEqual([
      { line: 4, date: '2024-03-01', type: 'buy', symbol: 'US9220427424', quantity: '3', price: '104.5', amount: null, fee: '1', tax: null, currency: 'USD', note: null },
    ]);
    const again = await folio('tx', 'import', next, '--portfolio', 'IB', '--preset', 'ibkr-flex');
    expect(again.stderr).toContain('Imported 1 transaction into IB; skipped 2 duplicates already in the portfolio (lines 2, 3; --allow-duplicates imports them).');
    expect(await list('IB')).toHaveLength(9);
    const forced = await folio('tx', 'import', fixture('ibkr-flex-trades.csv'), '--portfolio', 'IB', '--preset', 'ibkr-flex', '--allow-duplicates');
    expect(forced.code).toBe(0);
    expect(await list('IB')).toHaveLength(17);
  });

  it.runIf(backend.available)('a bad mapping or a bad file: one clear error naming the key or the line, nothing imported', async () => {
    await folio('portfolio', 'add', 'Bad', '--currency', 'USD');
    const map = join(world.home, 'bad.yaml');
    writeFileSync(map, 'columns:\n  date: Date\n  quantty: Quantity\ntype: {column: Action, values: {Buy: buy}}\n');
    const bad = await folio('tx', 'import', fixture('schwab.csv'), '--portfolio', 'Bad', '--map', map);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('folio: Bad import mapping bad.yaml: columns.quantty: unknown key.');
    const semicolons = await folio('tx', 'import', fixture('pp-csv-en.csv'), '--portfolio', 'Bad', '--preset', 'schwab');
    expect(semicolons.code).toBe(2);
    expect(semicolons.stderr).toContain('line 1, column : the mapping does not fit this file: columns.date: no column "Date" in the header');
    expect(await list('Bad')).toEqual([]);
  });

  it.runIf(backend.available)('import-map init writes a mapping (no prompts without a terminal) that imports the file; list shows the presets', async () => {
    const map = join(world.home, 'schwab.yaml');
    const init = await folio('import-map', 'init', fixture('schwab.csv'), '--output', map);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('Preview (date type symbol quantity price amount fee currency):\n  2023-11-01  buy  SPY  1.6531  420.1');
    expect(readFileSync(map, 'utf8')).toContain('Reinvest Dividend: dividend');
    await folio('portfolio', 'add', 'Schwab', '--currency', 'USD');
    // Without a terminal, values init cannot place are skipped; the file sells shares it never shows coming in:
    // the dry run lists what it read, then refuses.
    const dry = await folio('tx', 'import', fixture('schwab.csv'), '--portfolio', 'Schwab', '--map', map, '--dry-run');
    expect(dry.code).toBe(2);
    expect(dry.stdout.split('\n')[1]).toBe('2\t2023-11-01\tbuy\tSPY\t1.6531\t420.1\t\t\t\tUSD\tSPDR S&P 500 ETF');
    expect(dry.stderr).toContain('skipped 4 rows that the mapping does not import (lines 27, 28, 29, 30); refused 1 row (lines 26). Nothing was written.');
    const presets = JSON.parse((await folio('import-map', 'list', '--json')).stdout).map((p: { name: string }) => p.name);
    expect(presets).toEqual(['ibkr-flex', 'degiro', 'degiro-transactions', 'trading212', 'schwab', 'fidelity', 'ghostfolio-csv', 'ghostfolio-json', 'pp-csv']);
  });

  it.runIf(backend.available)('Ghostfolio: export as its JSON or CSV and import either back to the same transactions', async () => {
    await folio('portfolio', 'add', 'PP', '--currency', 'EUR');
    expect((await folio('tx', 'import', fixture('pp-csv-en.csv'), '--portfolio', 'PP', '--preset', 'pp-csv')).code).toBe(0);
    expect((await folio('tx', 'add', 'PP', '--type', 'dividend', '--symbol', '22UA.F', '--amount', '1.25', '--fee', '0.33', '--date', '2021-07-01')).code).toBe(0);
    expect((await folio('tx', 'add', 'PP', '--type', 'fee', '--amount', '2.5', '--date', '2021-07-02', '--note', 'custody, "Q2"')).code).toBe(0);
    const csv = join(world.home, 'gf.csv');
    expect((await folio('export', 'portfolio', 'PP', '--format', 'ghostfolio-csv', '--output', csv)).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n').slice(0, 2)).toEqual(['Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note', '2021-06-05,APC.F,YAHOO,EUR,107.08,20,buy,10.25,']);
    await folio('portfolio', 'add', 'GFC', '--currency', 'EUR');
    expect((await folio('tx', 'import', csv, '--portfolio', 'GFC', '--preset', 'ghostfolio-csv')).code).toBe(0);
    expect(await list('GFC')).toEqual(await list('PP'));
    const file = join(world.home, 'gf.json');
    expect((await folio('export', 'portfolio', 'PP', '--format', 'ghostfolio', '--output', file)).code).toBe(0);
    const document = JSON.parse(readFileSync(file, 'utf8'));
    expect(document.activities[0]).toMatchObject({ type: 'BUY', symbol: 'APC.F', quantity: 20, unitPrice: 107.08, fee: 10.25, currency: 'EUR', date: '2021-06-05T00:00:00.000Z' });
    await folio('portfolio', 'add', 'GF', '--currency', 'EUR');
    expect((await folio('tx', 'import', file, '--portfolio', 'GF', '--preset', 'ghostfolio-json')).code).toBe(0);
    expect(await list('GF')).toEqual(await list('PP'));
  });
});

describe('plain-text journals, read back by hledger, ledger and bean-check', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(BACKENDS[0]!, { inProcess: true });
    await registerUser(world, 'lin@example.com');
    await world.folio(['portfolio', 'add', 'J', '--currency', 'USD']);
    for (const tx of [
      ['deposit', '--amount', '10000', '--date', '2024-01-02'],
      ['buy', '--symbol', 'AAPL', '--quantity', '10', '--price', '150', '--fee', '1', '--date', '2024-01-03'],
      ['transfer-in', '--symbol', 'VTI', '--quantity', '2', '--price', '200', '--date', '2024-01-05'],
      ['buy', '--symbol', 'AAPL', '--quantity', '5', '--price', '160', '--date', '2024-02-03'],
      ['sell', '--symbol', 'AAPL', '--quantity', '12', '--price', '170', '--fee', '1', '--date', '2024-03-04'],
      ['dividend', '--symbol', 'AAPL', '--amount', '3', '--fee', '0.45', '--date', '2024-03-10'],
      // Symbols that are no plain words: a dot, a leading digit (commodity and account names must stay valid).
      ['buy', '--symbol', 'SAP.DE', '--quantity', '1', '--price', '171.96', '--currency', 'EUR', '--date', '2024-03-11'],
      ['buy', '--symbol', '22UA.F', '--quantity', '5', '--price', '90.5', '--currency', 'EUR', '--date', '2024-03-12'],
    ]) {
      const result = await world.folio(['tx', 'add', 'J', '--type', ...tx]);
      if (result.code !== 0) throw new Error(result.stderr);
    }
  });
  // The journals the tools read back, in one folder removed with the world.
  const scratch = mkdtempSync(join(tmpdir(), 'folio-journal-'));
  afterAll(async () => {
    await world?.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  const journal = async (format: string) => {
    const result = await world.folio(['export', 'journal', 'J', '--format', format, '--to', '2024-06-28']);
    expect(result.code).toBe(0);
    const file = join(scratch, `j.${format}`);
    writeFileSync(file, result.stdout);
    return { text: result.stdout, file };
  };

  it('hledger: a sell leaves at its FIFO cost, the gain balances; prices of what is held', async () => {
    const { text, file } = await journal('hledger');
    // FIFO cost of the 12 sold: the first lot 10 × 150 + 1 fee = 1501, then 2 × 160 = 320 → 1821.
    expect(text).toContain('2024-03-04 sell AAPL\n    Assets:Investments:AAPL               -12 AAPL @@ 1821 USD\n    Assets:Cash                           2039 USD\n');
    expect(text).toMatch(/\nP 2024-06-28 AAPL \d/);
    const check = spawnSync('hledger', ['-f', file, 'bal', 'Income:Gains', '--flat', '-N'], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    // Gain = proceeds 12 × 170 = 2040 − cost 1821 = 219 (the sale's fee of 1 is in Expenses:Fees).
    expect(check.stdout.trim()).toBe('-219.00 USD  Income:Gains');
  });

  it('ledger reads it', async () => {
    const { file } = await journal('ledger');
    const check = spawnSync('ledger', ['-f', file, 'bal', 'Income:Dividends'], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('-3.00 USD  Income:Dividends');
  });

  it.runIf(spawnSync('bean-check', ['--version']).status === 0)('bean-check finds no error', async () => {
    const { file } = await journal('beancount');
    const check = spawnSync('bean-check', [file], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('hledger roi: its IRR is folio\'s money-weighted return once hledger\'s exclusive end is folio\'s --to', async () => {
    await world.folio(['portfolio', 'add', 'K', '--currency', 'USD']);
    for (const tx of [
      ['buy', '--symbol', 'AAPL', '--quantity', '10', '--price', '150', '--fee', '1', '--date', '2024-01-03'],
      ['buy', '--symbol', 'AAPL', '--quantity', '5', '--price', '160', '--date', '2024-02-05'],
      ['sell', '--symbol', 'AAPL', '--quantity', '12', '--price', '170', '--fee', '1', '--date', '2024-03-04'],
    ]) expect((await world.folio(['tx', 'add', 'K', '--type', ...tx])).code).toBe(0);
    const exported = await world.folio(['export', 'journal', 'K', '--format', 'hledger', '--to', '2024-06-28']);
    const file = join(scratch, 'k.journal');
    writeFileSync(file, exported.stdout);
    const roi = spawnSync('hledger', ['-f', file, 'roi', '--inv', 'Assets:Investments', '--pnl', 'Income|Expenses', '--value=end', '-e', '2024-06-28'], { encoding: 'utf8' });
    expect(roi.status).toBe(0);
    const irr = Number(/\|\|\s+(-?[\d.]+)%\s+\|/.exec(roi.stdout)![1]);
    const analysis = JSON.parse((await world.folio(['analyze', 'K', '--to', '2024-06-28', '--json'])).stdout);
    expect(irr).toBeCloseTo(analysis.mwr * 100, 2); // hledger prints two decimals of a percent
  });

  it('refuses a format it does not write', async () => {
    const result = await world.folio(['export', 'journal', 'J', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a journal is written for --format hledger, ledger or beancount');
  });
});
