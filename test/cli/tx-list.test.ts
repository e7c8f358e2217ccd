import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { renderRows } from '../../src/cli/output.js';
import { BACKENDS, createWorld, registerUser, withDatabase, type World } from '../helpers/backends.js';
import { testContext } from '../helpers/context.js';

/**
 * `tx list` on a terminal: a table that streams (rows print while later ones are still being read),
 * newest first by default, `--reverse`, `--limit N`; piped output keeps the oldest-first order.
 */
const ROWS = 200_000;
const DAY = 86_400_000;
/** Day i of the ledger: 2000-01-01 + i/40 days (40 deposits a day, seq = i). */
const dateOf = (i: number) => new Date(Date.UTC(2000, 0, 1) + Math.floor(i / 40) * DAY).toISOString().slice(0, 10);

async function insertDeposits(db: Database['db'], portfolioId: string, count: number): Promise<void> {
  const now = '2026-01-01T00:00:00.000Z';
  for (let start = 0; start < count; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, count - start) }, (_, k) => {
      const i = start + k;
      return {
        id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        portfolio_id: portfolioId,
        seq: i + 1,
        date: dateOf(i),
        type: 'deposit' as const,
        symbol: null,
        quantity: null,
        price: null,
        amount: String(1000 + i),
        fee: null,
        currency: 'USD',
        note: i === count - 1 ? 'the newest' : null,
        import_id: null,
        created_at: now,
      };
    });
    // many rows per statement: SQLite takes at most 32 766 parameters, 14 columns each
    for (let k = 0; k < rows.length; k += 2000) await db.insertInto('transactions').values(rows.slice(k, k + 2000)).execute();
  }
}

describe('tx list on a terminal', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { inProcess: true });
    await registerUser(world, 'lister@example.com');
    const added = await world.folio(['portfolio', 'add', 'Big', '--currency', 'USD', '--json']);
    const { id } = JSON.parse(added.stdout) as { id: string };
    await withDatabase(world, (db) => insertDeposits(db, id, ROWS));
  });
  afterAll(async () => world?.cleanup());

  it(`prints ${ROWS.toLocaleString('en')} rows as one boxed table, newest first, without running out of stack`, async () => {
    const result = await world.folio(['tx', 'list', 'Big'], { tty: true, columns: 120, env: { NO_COLOR: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('Big: newest first (--reverse for oldest first).\n');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ROWS + 4); // top border, header, rule, rows, bottom border
    expect(lines[1]).toMatch(/^│ ID +│ DATE +│ TYPE +│/);
    // the newest: i = 199 999 on day ⌊199 999 / 40⌋ = 4999 after 2000-01-01. 2000–2012 are 13 × 365 + 4 leap days
    // = 4749 days; 250 more into 2013 = Jan 31 + Feb 28 + … + Aug 31 (243) + 7 → September 8. Amount 1000 + 199 999.
    expect(lines[3]).toMatch(/│ 2013-09-08 │ deposit │/);
    expect(lines[3]).toContain('200,999.00');
    expect(lines[3]).toContain('the newest');
    expect(lines.at(-2)).toMatch(/│ 2000-01-01 │ deposit │.* 1,000.00 │/);
    for (const line of [lines[1]!, lines[3]!, lines.at(-2)!]) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('takes --limit N in the order shown, and --reverse for oldest first', async () => {
    const newest = await world.folio(['tx', 'list', 'Big', '--limit', '3'], { tty: true, env: { NO_COLOR: '1' } });
    expect(newest.stdout.trimEnd().split('\n')).toHaveLength(3 + 4);
    expect(newest.stderr).toBe('Big: newest first (--reverse for oldest first), at most 3 rows.\n');
    const oldest = await world.folio(['tx', 'list', 'Big', '--limit', '2', '--reverse'], { tty: true, env: { NO_COLOR: '1' } });
    const rows = oldest.stdout.trimEnd().split('\n').slice(3, -1);
    expect(rows.map((row) => /1,00[01]\.00/.exec(row)?.[0])).toEqual(['1,000.00', '1,001.00']);
    expect(oldest.stderr).toBe('Big: oldest first, at most 2 rows.\n');
    const bad = await world.folio(['tx', 'list', 'Big', '--limit', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit: expected a whole number of rows');
  });

  it('keeps piped output oldest first (scripts and files), and --reverse there gives newest first', async () => {
    const piped = await world.folio(['tx', 'list', 'Big', '--limit', '2']);
    expect(piped.stdout.split('\n').slice(1, 3).map((line) => line.split('\t')[6])).toEqual(['1000', '1001']);
    const reversed = await world.folio(['tx', 'list', 'Big', '--limit', '1', '--reverse', '--json']);
    expect((JSON.parse(reversed.stdout) as Array<{ amount: string }>).map((t) => t.amount)).toEqual(['200999']);
  });
});

describe.each(BACKENDS)('tx list piped on $name: written by the database', (backend) => {
  let world: World;
  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    await registerUser(world, 'piper@example.com');
    const added = await world.folio(['portfolio', 'add', 'Notes', '--currency', 'USD', '--json']);
    const { id } = JSON.parse(added.stdout) as { id: string };
    const row = (n: number, fields: Record<string, string | null>) => ({
      id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      portfolio_id: id,
      seq: n,
      date: `2024-01-0${n}`,
      symbol: null,
      quantity: null,
      price: null,
      amount: null,
      fee: null,
      currency: 'USD',
      note: null,
      ratio: null,
      import_id: null,
      created_at: '2026-01-01T00:00:00.000Z',
      type: 'deposit',
      ...fields,
    });
    await withDatabase(world, (db) =>
      db
        .insertInto('transactions')
        .values([
          row(1, { amount: '1000.50', note: 'tab\there' }),
          row(2, { type: 'buy', symbol: 'AAPL', quantity: '3', price: '150.2500', fee: '1', note: 'two\r\nlines' }),
          row(3, { type: 'split', symbol: 'AAPL', ratio: '1:3', note: 'C:\\dir\\ and \\t' }),
        ])
        .execute(),
    );
  });
  afterAll(async () => world?.cleanup());

  it.skipIf(!backend.available)('gives stored values, blanks for nulls, tabs and line feeds in notes as spaces, backslashes as they are', async () => {
    const piped = await world.folio(['tx', 'list', 'Notes']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(
      'ID\tDATE\tTYPE\tSYMBOL\tQUANTITY\tPRICE\tAMOUNT\tFEE\tCCY\tNOTE\n' +
        '000000000001\t2024-01-01\tdeposit\t\t\t\t1000.50\t\tUSD\ttab here\n' +
        // the CR of a CRLF stays (as on the object path: only tabs and line feeds become spaces)
        '000000000002\t2024-01-02\tbuy\tAAPL\t3\t150.2500\t\t1\tUSD\ttwo\r lines\n' +
        '000000000003\t2024-01-03\tsplit\tAAPL\t1:3\t\t\t\tUSD\tC:\\dir\\ and \\t\n',
    );
  });
});

describe('the renderer streams rows', () => {
  it('writes the table before the last row is read (widths from the first 500 rows)', async () => {
    const { ctx, stdout } = testContext({ FOLIO_HOME: '/nonexistent', NO_COLOR: '1' }, { tty: true, columns: 80 });
    let produced = 0;
    let producedAtFirstWrite = -1;
    const out = ctx.out.bind(ctx);
    ctx.out = (text: string) => {
      if (producedAtFirstWrite === -1) producedAtFirstWrite = produced;
      return out(text);
    };
    async function* rows() {
      for (let i = 0; i < 20_000; i++) {
        produced++;
        yield { n: String(i), label: `row ${i}` };
      }
    }
    // no sign-in: the style falls back to the default settings
    await renderRows(ctx, { columns: [{ key: 'n', header: 'N', kind: 'number' }, { key: 'label', header: 'LABEL' }], rows: rows() });
    expect(producedAtFirstWrite).toBeGreaterThan(0);
    expect(producedAtFirstWrite).toBeLessThan(20_000);
    expect(stdout().trimEnd().split('\n')).toHaveLength(20_000 + 4);
  });

  it('fits a wide table to the terminal by shortening text, never a number', async () => {
    const { ctx, stdout } = testContext({ FOLIO_HOME: '/nonexistent', NO_COLOR: '1' }, { tty: true, columns: 40 });
    const note = 'a very long note that cannot fit in forty columns at all';
    await renderRows(ctx, {
      columns: [
        { key: 'amount', header: 'AMOUNT', kind: 'number' },
        { key: 'note', header: 'NOTE' },
      ],
      rows: [{ amount: '123456789.123456', note }],
    });
    const lines = stdout().trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines[3]).toContain('123456789.123456');
    expect(lines[3]).toMatch(/a very long.*…/);
  });

  it('writes CSV for spreadsheets: a formula-like text cell gets a leading quote, numbers stay numbers', async () => {
    const { ctx, stdout } = testContext({ FOLIO_HOME: '/nonexistent' });
    ctx.globals = { csv: true };
    await renderRows(ctx, {
      columns: [{ key: 'amount', header: 'AMOUNT', kind: 'money' }, { key: 'note', header: 'NOTE' }],
      rows: [{ amount: '-12.5', note: '=HYPERLINK("http://evil.example")' }, { amount: '3', note: '@SUM(A1)' }],
    });
    expect(stdout()).toBe('amount,note\n-12.5,"\'=HYPERLINK(""http://evil.example"")"\n3,\'@SUM(A1)\n');
  });
});
