import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, PASSWORD, registerUser, type World } from '../helpers/backends.js';

/**
 * Issue 10 end to end, on both backends: FX rates imported and shown, every figure at the rate
 * of its own date, taxes, split ratios as fractions, a symbol without a close, dates in the
 * user's time zone, and `register --no-input` without a name.
 */
const FIXTURES = resolve(import.meta.dirname, '../prices/fixtures');

/** The calendar date in a time zone, worked out here with Intl (not with folio's code). */
const dateIn = (timeZone: string, shiftDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + shiftDays * 86_400_000));

describe.each(BACKENDS)('numbers a user can check, on $name', (backend) => {
  let world: World;
  const env = { FOLIO_FIXTURES_DIR: FIXTURES };
  const folio = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
    world.folio(args, { input: options.input, env: { ...env, ...options.env } });
  const ok = async (...args: string[]) => {
    const result = await folio(args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result;
  };
  const json = async <T = Record<string, unknown>>(...args: string[]): Promise<T> => JSON.parse((await ok(...args, '--json')).stdout) as T;
  const file = (name: string, lines: string[]) => {
    const path = join(world.home, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend);
    await registerUser(world, 'ann@example.com');
  });
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('exchange rates', () => {
    it('refuses a bad file whole, naming line and column', async () => {
      const bad = file('bad-fx.csv', ['date,base,quote,rate', '2023-01-03,USD,EUR,0.95', '2023-01-04,USD,USD,1', '2023-01-05,USD,CHF,-1']);
      const result = await folio(['fx', 'import', bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/line 4, column rate: must be greater than 0 \(got -1\)/);
      const same = await folio(['fx', 'import', file('same-fx.csv', ['date,base,quote,rate', '2023-01-03,USD,EUR,0.95', '2023-01-04,USD,USD,1'])]);
      expect(same.code).toBe(2);
      expect(same.stderr).toMatch(/line 3, column quote: USD is the same currency as base/);
      const missing = await folio(['fx', 'show', 'USD', 'CHF', '--to', '2023-01-05']);
      expect(missing.code).toBe(4);
      expect(missing.stderr).toContain('No USD→CHF exchange rate on or before 2023-01-05: import one with `folio fx import FILE`');
    });

    it('refuses Latin-1 with its line, and reads past 100,000 blank lines to the right line', async () => {
      const latin1 = join(world.home, 'latin1-fx.csv');
      // line 3 holds the byte 0xE9 (é in Latin-1) as its 12th byte: "2023-01-04," is 11 bytes
      writeFileSync(latin1, Buffer.concat([Buffer.from('date,base,quote,rate\n2023-01-03,USD,EUR,0.95\n2023-01-04,'), Buffer.from([0xe9]), Buffer.from(',EUR,1\n')]));
      const refused = await folio(['fx', 'import', latin1]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('line 3, column byte 12: the file is not UTF-8 text');
      // header line 1, blank lines 2 … 100,001, a good rate on 100,002, a negative one on 100,003
      const blank = join(world.home, 'blank-fx.csv');
      writeFileSync(blank, `date,base,quote,rate\n${'\n'.repeat(100_000)}2023-01-03,USD,SEK,10.5\n2023-01-04,USD,SEK,-1\n`);
      const bad = await folio(['fx', 'import', blank]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/line 100003, column rate: /);
      writeFileSync(blank, `date,base,quote,rate\n${'\n'.repeat(100_000)}2023-01-03,USD,SEK,10.5\n`);
      expect(await json('fx', 'import', blank)).toEqual({ rows: 1, pairs: ['USD/SEK'], shared: false });
    });

    it('imports rates and shows them back, as JSON and as the import CSV', async () => {
      const rates = file('fx.csv', ['date,base,quote,rate', '2023-01-03,USD,EUR,0.95', '2023-07-10,USD,EUR,0.9', '2023-01-03,USD,CHF,0.92', '2023-07-10,USD,CHF,0.88']);
      expect(await json('fx', 'import', rates)).toEqual({ rows: 4, pairs: ['USD/CHF', 'USD/EUR'], shared: false });
      expect(await json('fx', 'show', 'USD', 'EUR', '--from', '2023-01-01', '--to', '2023-12-31')).toEqual({
        base: 'USD',
        quote: 'EUR',
        rates: [
          { date: '2023-01-03', rate: '0.95' },
          { date: '2023-07-10', rate: '0.9' },
        ],
      });
      // The inverse pair: 1 / 0.95 = 1.0526315789 (10 places, half-even)
      expect(await json('fx', 'show', 'EUR', 'USD', '--to', '2023-03-01')).toEqual({ base: 'EUR', quote: 'USD', rates: [{ date: '2023-01-03', rate: '1.0526315789' }] });
      expect((await ok('fx', 'show', 'USD', 'EUR', '--from', '2023-01-01', '--to', '2023-12-31', '--csv')).stdout).toBe(
        'date,base,quote,rate\n2023-01-03,USD,EUR,0.95\n2023-07-10,USD,EUR,0.9\n',
      );
    });

    it('keeps an account’s rates its own; shared rates need an admin', async () => {
      const bob = world.another();
      await registerUser(bob, 'bob@example.com');
      const theirs = await bob.folio(['fx', 'show', 'USD', 'EUR', '--to', '2023-03-01'], { env });
      expect(theirs.code).toBe(4);
      const refused = await bob.folio(['fx', 'import', '--shared', file('bob-fx.csv', ['date,base,quote,rate', '2023-01-03,USD,EUR,0.5'])], { env });
      expect(refused.code).toBe(3);
      // Ann registered first: she is the admin, and her shared rate is every account's fallback.
      expect(await json('fx', 'import', '--shared', file('shared-fx.csv', ['date,base,quote,rate', '2023-01-03,USD,JPY,130']))).toMatchObject({ shared: true });
      const shared = await bob.folio(['fx', 'show', 'USD', 'JPY', '--to', '2023-03-01', '--json'], { env });
      expect(JSON.parse(shared.stdout)).toEqual({ base: 'USD', quote: 'JPY', rates: [{ date: '2023-01-03', rate: '130' }] });
    });

    it('values a EUR portfolio: the fee of a USD buy at the rate of its date (Portfolio Performance #1)', async () => {
      await ok('prices', 'import', file('aapl-2023.csv', ['symbol,date,close,currency', 'AAPL,2023-01-03,122,USD', 'AAPL,2023-07-10,130,USD']));
      await ok('portfolio', 'add', 'Euro', '--currency', 'EUR');
      await ok('tx', 'add', 'Euro', '--type', 'buy', '--symbol', 'AAPL', '--quantity', '1', '--price', '122.04', '--fee', '1', '--currency', 'USD', '--date', '2023-01-03');
      const a = await json('analyze', 'Euro', '--to', '2023-07-10');
      // fee 1 × 0.95; paid 123.04 × 0.95 = 116.888, worth 130 × 0.9 = 117: gain 0.112 =
      // unrealised 117 − 123.04 × 0.9 = 6.264, currency −6.152 (123.04 × (0.9 − 0.95))
      expect(a).toMatchObject({ to: '2023-07-10', pricesAsOf: '2023-07-10', tradeFees: '0.95', totalGain: '0.112', unrealizedGain: '6.264', currencyGain: '-6.152' });
    });

    it('values a CHF portfolio holding USD shares with the user’s own rates', async () => {
      await ok('portfolio', 'add', 'Swiss', '--currency', 'CHF');
      await ok('tx', 'add', 'Swiss', '--type', 'buy', '--symbol', 'AAPL', '--quantity', '2', '--price', '122', '--currency', 'USD', '--date', '2023-01-03');
      const h = await json<{ totals: Record<string, string>; pricesAsOf: string }>('holdings', 'Swiss', '--as-of', '2023-07-10');
      // 2 × 130 USD × 0.88 = 228.8 CHF
      expect(h.totals.marketValue).toBe('228.8');
      expect(h.pricesAsOf).toBe('2023-07-10');
    });
  });

  describe.skipIf(!backend.available)('the ledger', () => {
    it('takes split ratios as people write them and gives back the exact quantity and cost', async () => {
      await ok('portfolio', 'add', 'Splits', '--currency', 'USD');
      await ok('tx', 'add', 'Splits', '--type', 'buy', '--symbol', 'VTI', '--quantity', '10', '--price', '3.33', '--fee', '0.01', '--date', '2024-01-02');
      const split = await json<{ quantity: string }>('tx', 'add', 'Splits', '--type', 'split', '--symbol', 'VTI', '--ratio', '1:3', '--date', '2024-01-03');
      expect(split.quantity).toBe('1:3');
      const third = await json<{ positions: Array<Record<string, string>> }>('holdings', 'Splits', '--as-of', '2024-01-03', '--no-value');
      expect(third.positions[0]).toMatchObject({ quantity: '3.3333333333', costBasis: '33.31' });
      await ok('tx', 'add', 'Splits', '--type', 'split', '--symbol', 'VTI', '--quantity', '3:1', '--date', '2024-01-04');
      const back = await json<{ positions: Array<Record<string, string>> }>('holdings', 'Splits', '--as-of', '2024-01-04', '--no-value');
      expect(back.positions[0]).toMatchObject({ quantity: '10', costBasis: '33.31', averageCost: '3.331' });
      const rows = await json<Array<{ type: string; quantity: string }>>('tx', 'list', 'Splits', '--type', 'split');
      expect(rows.map((r) => r.quantity)).toEqual(['1:3', '3']);
      // 3/2 in a CSV file, stored as 1.5
      await ok('tx', 'import', file('split.csv', ['date,type,symbol,quantity', '2024-01-05,split,VTI,3/2']), '--portfolio', 'Splits');
      const csv = (await ok('export', 'transactions', 'Splits')).stdout;
      expect(csv.split('\n').filter((l) => l.includes(',split,'))).toEqual([
        '2024-01-03,split,VTI,1:3,,,,,USD,',
        '2024-01-04,split,VTI,3,,,,,USD,',
        '2024-01-05,split,VTI,1.5,,,,,USD,',
      ]);
    });

    it('records taxes: a tax type and a tax column, out of cash and reported', async () => {
      await ok('portfolio', 'add', 'Taxed', '--currency', 'USD');
      const csv = file('taxed.csv', [
        'date,type,symbol,quantity,price,amount,fee,tax,currency,note',
        '2015-12-31,buy,XYZ,10,99,,10,,USD,',
        '2016-06-01,dividend,XYZ,,,150,,50,USD,withheld at source',
        '2016-12-30,sell,XYZ,10,124,,10,,USD,',
        '2016-12-30,tax,XYZ,,,30,,,USD,on the sale',
      ]);
      await ok('tx', 'import', csv, '--portfolio', 'Taxed');
      const h = await json<{ cash: unknown; income: unknown }>('holdings', 'Taxed', '--as-of', '2016-12-31', '--no-value');
      // −1000 + 150 − 50 + 1230 − 30 = 300
      expect(h.cash).toEqual([{ currency: 'USD', amount: '300' }]);
      expect(h.income).toEqual([{ currency: 'USD', dividends: '150', interest: '0', fees: '0', tradeFees: '20', taxes: '80' }]);
      const after = await json('analyze', 'Taxed', '--to', '2016-12-31');
      const before = await json('analyze', 'Taxed', '--to', '2016-12-31', '--before-taxes');
      expect([after.taxes, after.totalGain, before.taxes, before.totalGain, before.beforeTaxes]).toEqual(['80', '300', '0', '380', true]);
    });

    it('values a symbol without a close at its last trade price, marked and warned about', async () => {
      await ok('portfolio', 'add', 'Unlisted', '--currency', 'USD');
      await ok('tx', 'add', 'Unlisted', '--type', 'buy', '--symbol', 'NOPRICE', '--quantity', '4', '--price', '25', '--date', '2024-01-02');
      const result = await ok('holdings', 'Unlisted', '--as-of', '2024-01-05', '--json');
      const h = JSON.parse(result.stdout) as { positions: Array<Record<string, unknown>>; totals: Record<string, string>; warnings: string[] };
      expect(h.positions[0]).toMatchObject({ symbol: 'NOPRICE', price: '25', priceDate: null, priceSource: 'trade', marketValue: '100' });
      expect(h.totals.marketValue).toBe('100');
      expect(h.warnings.join('\n')).toContain('NOPRICE has no close on or before 2024-01-05: valued at its last trade price, 25 USD');
      const table = await ok('holdings', 'Unlisted', '--as-of', '2024-01-05');
      expect(table.stderr).toContain('warning: NOPRICE has no close');
    });

    it('warns when the closes are more than 5 weekdays older than the date shown', async () => {
      // The mock walk goes on to today for fixture symbols, so the stale closes are imported ones of
      // a symbol the mock feed does not know: the last is on 2024-01-08; 2024-01-16 is 6 weekdays later.
      await ok('prices', 'import', file('stale.csv', ['date,symbol,close,currency', '2024-01-05,STALE,10,USD', '2024-01-08,STALE,11,USD']));
      await ok('portfolio', 'add', 'Stale', '--currency', 'USD');
      await ok('tx', 'add', 'Stale', '--type', 'buy', '--symbol', 'STALE', '--quantity', '1', '--price', '10', '--date', '2024-01-05');
      const h = await json<{ pricesAsOf: string; warnings: string[] }>('holdings', 'Stale', '--as-of', '2024-01-16');
      expect(h.pricesAsOf).toBe('2024-01-08');
      expect(h.warnings.join('\n')).toContain('Prices are as of 2024-01-08, more than 5 weekdays before 2024-01-16');
      const fresh = await json<{ warnings: string[] }>('holdings', 'Stale', '--as-of', '2024-01-15');
      expect(fresh.warnings).toEqual([]);
      const a = await json<{ pricesAsOf: string; warnings: string[] }>('analyze', 'Stale', '--to', '2024-01-16');
      expect(a.pricesAsOf).toBe('2024-01-08');
      expect(a.warnings.join('\n')).toContain('Prices are as of 2024-01-08, more than 5 weekdays before 2024-01-16');
    });
  });

  describe.skipIf(!backend.available)('dates in the user’s time zone', () => {
    it('takes the local date in Kiritimati (UTC+14) as today, and refuses it where it is still tomorrow', async () => {
      await ok('portfolio', 'add', 'Dates', '--currency', 'USD');
      const kiritimati = dateIn('Pacific/Kiritimati');
      const east = { TZ: 'Pacific/Kiritimati' };
      const added = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '1', '--date', kiritimati, '--json'], { env: east });
      expect(added.code, added.stderr).toBe(0);
      const byDefault = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '2', '--json'], { env: east });
      expect(JSON.parse(byDefault.stdout).date).toBe(kiritimati);
      // Pago Pago (UTC−11) is 25 hours behind: Kiritimati's date is always in its future.
      const west = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '3', '--date', kiritimati], { env: { TZ: 'Pacific/Pago_Pago' } });
      expect(west.code).toBe(2);
      expect(west.stderr).toContain(`date ${kiritimati} is in the future`);
    });

    it('accepts today and yesterday, and refuses dates before 1900', async () => {
      const zone = { TZ: 'Asia/Tokyo' };
      const today = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '4', '--date', 'today', '--json'], { env: zone });
      expect(JSON.parse(today.stdout).date).toBe(dateIn('Asia/Tokyo'));
      const yesterday = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '5', '--date', 'yesterday', '--json'], { env: zone });
      const [y, m, d] = dateIn('Asia/Tokyo').split('-').map(Number) as [number, number, number];
      expect(JSON.parse(yesterday.stdout).date).toBe(new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10));
      const old = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '6', '--date', '1899-12-31']);
      expect(old.code).toBe(2);
      expect(old.stderr).toContain('date 1899-12-31 is before 1900-01-01');
    });

    it('takes the new periods', async () => {
      for (const period of ['1d', '1w', 'wtd', 'mtd', 'qtd']) {
        const a = await json<{ from: string; to: string }>('analyze', 'Taxed', '--period', period, '--to', '2016-12-30');
        expect(a.to).toBe('2016-12-30');
      }
      // qtd to 2016-12-30 starts on 2016-10-01; wtd (a Friday) on Monday 2016-12-26
      expect((await json<{ from: string }>('analyze', 'Taxed', '--period', 'qtd', '--to', '2016-12-30')).from).toBe('2016-10-01');
      expect((await json<{ from: string }>('analyze', 'Taxed', '--period', 'wtd', '--to', '2016-12-30')).from).toBe('2016-12-26');
    });
  });

  describe.skipIf(!backend.available)('register', () => {
    it('works with --no-input and no --name: the name is the email’s local part', async () => {
      const other = world.another();
      const result = await other.folio(['register', '--no-input', '--email', 'bob.smith@example.com', '--password-stdin'], { input: `${PASSWORD}\n`, env });
      expect(result.code, result.stderr).toBe(0);
      const me = JSON.parse((await other.folio(['whoami', '--json'], { env })).stdout) as { name: string; email: string };
      expect(me).toMatchObject({ email: 'bob.smith@example.com', name: 'bob.smith' });
    });
  });
});
