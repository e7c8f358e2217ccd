import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { Transaction, TransactionFields } from '../../src/core/ledger/types.js';
import { needsAnalyze } from '../../src/db/pg-bulk.js';
import { readTransactionCsv } from '../../src/io/transaction-csv.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';
import { rejected } from '../helpers/errors.js';

const clock = { now: () => new Date('2026-06-30T12:00:00Z') };
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

function csvSource(text: string) {
  return {
    source: 'test.csv',
    read: (onRow: (fields: TransactionFields, line: number) => Promise<void> | void) =>
      readTransactionCsv(Readable.from([text]), { context: { today: '2026-06-30', defaultCurrency: 'USD' }, onRow }),
  };
}

/** `count` deposits of 1 USD, all on one day. */
const deposits = (count: number) => [HEADER, ...Array.from({ length: count }, () => '2001-01-01,deposit,,,,1,,USD,')].join('\n');

describe('needsAnalyze: when a bulk write refreshes a table\'s statistics', () => {
  it.each([
    [9_999, -1, false], // below 10,000 rows: never
    [10_000, -1, true], // never counted (-1): 10,000 rows are enough
    [10_000, 100_000, true], // 10% of 100,000 = 10,000
    [10_000, 100_001, false], // 10% of 100,001 = 10,000.1 > 10,000
    [1_000_000, 0, true],
  ])('%i rows copied into a table the planner counted %i rows in: %s', (copied, plannerRows, expected) => {
    expect(needsAnalyze(copied, plannerRows)).toBe(expected);
  });
});

describe.each(BACKENDS)('bulk ledger writes on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (backend.available) db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  it.skipIf(!backend.available)('imports notes with tabs, backslashes, quotes, line breaks and non-ASCII exactly as written', async () => {
    const portfolio = await db.portfolio();
    const service = createTransactionService(db.store(), clock);
    // Each note is a CSV field; COPY's text format escapes \, tab, CR and LF, and \N is its null.
    const notes = ['tab\there', 'back\\slash \\N not null', 'two\nlines', 'cr\r\nlf', '"quoted", with comma', 'Zürich €5 ✓'];
    const rows = notes.map((note, i) => `2026-01-0${i + 1},deposit,,,,${i + 1}00.5,,USD,"${note.replace(/"/g, '""')}"`);
    rows.push('2026-01-09,buy,AAPL,1.5,100.25,,,USD,');
    const summary = await service.import(portfolio, csvSource([HEADER, ...rows].join('\n')));
    expect(summary.rows).toBe(7);
    const stored: Transaction[] = [];
    for await (const tx of db.store().transactions(portfolio)) stored.push(tx);
    expect(stored.map((tx) => tx.note)).toEqual([...notes, null]);
    // Decimals stay the decimal strings written (NUMERIC on Postgres, TEXT on SQLite).
    expect(stored.map((tx) => tx.amount)).toEqual(['100.5', '200.5', '300.5', '400.5', '500.5', '600.5', null]);
    expect(stored.at(-1)).toMatchObject({ quantity: '1.5', price: '100.25', symbol: 'AAPL', seq: 7 });
    // The database's own CSV (SQLite's SQL, Postgres' COPY TO) is what csv-stringify makes of the same rows.
    const columns = ['date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'currency', 'note'] as const;
    let csv = '';
    for await (const text of db.store().transactionText(portfolio, {}, columns, 'csv')!) csv += text;
    expect(csv).toBe(stringify(stored.map((tx) => columns.map((c) => tx[c] ?? ''))));
    let january = '';
    for await (const text of db.store().transactionText(portfolio, { from: '2026-01-02', to: '2026-01-03' }, ['date', 'note'], 'csv')!) january += text;
    expect(january).toBe('2026-01-02,back\\slash \\N not null\n2026-01-03,"two\nlines"\n');
    // Piped tx list: tab-separated, tabs and line feeds inside a field turned into spaces (a CR stays).
    const tsv: string[] = [];
    for await (const text of db.store().transactionText(portfolio, { to: '2026-01-04' }, [{ column: 'id', last: 4 }, 'date', 'note'], 'tsv') ?? []) tsv.push(text);
    const tails = stored.slice(0, 4).map((tx) => tx.id.slice(-4));
    const expectedTsv = `${tails[0]}\t2026-01-01\ttab here\n${tails[1]}\t2026-01-02\tback\\slash \\N not null\n${tails[2]}\t2026-01-03\ttwo lines\n${tails[3]}\t2026-01-04\tcr\r lf\n`;
    // SQLite writes it in SQL; Postgres through COPY TO in its text format, its backslash escapes undone.
    expect(tsv.join('')).toBe(expectedTsv);
  });

  it.skipIf(!backend.available)('rolls an import back when a row fails in the database, and the next write works', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    await service.import(portfolio, csvSource(`${HEADER}\n2026-01-02,deposit,,,,1000,,USD,first`));
    // A second import of rows whose ids collide with stored ones fails inside the database (primary key).
    const first: Transaction[] = [];
    for await (const tx of store.transactions(portfolio)) first.push(tx);
    const failing = store.atomically(async (s) => {
      await s.insert([{ ...first[0]!, seq: 2, note: 'new row' }]);
      await s.insert([{ ...first[0]!, seq: 3 }]);
      await s.lastDate(portfolio); // the next query surfaces a COPY's failure
    });
    await expect(failing).rejects.toThrow(/unique|duplicate|constraint/i);
    const after: Array<string | null> = [];
    for await (const tx of store.transactions(portfolio)) after.push(tx.note);
    expect(after).toEqual(['first']);
    await service.add(portfolio, { date: '2026-01-03', type: 'deposit', symbol: null, quantity: null, price: null, amount: '5', fee: null, currency: 'USD', note: null, tax: null });
    const notes: string[] = [];
    for await (const tx of store.transactions(portfolio)) notes.push(tx.note ?? '');
    expect(notes).toEqual(['first', '']);
  });

  it.skipIf(!backend.available)('stores each row of one insert with its own creation time and import, rows of 50 and the rest', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    // 120 rows: two blocks of 50 (the first all made at one time, the second mixing two times) and 20 more.
    const rows: Transaction[] = Array.from({ length: 120 }, (_, i) => ({
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      portfolioId: portfolio,
      seq: i + 1,
      date: '2026-01-02',
      type: 'deposit',
      symbol: null,
      quantity: null,
      price: null,
      amount: `${i + 1}`,
      fee: null,
      tax: null,
      currency: 'USD',
      note: `row ${i + 1}`,
      createdAt: i >= 50 && i % 2 === 1 ? '2026-01-02T10:00:00.000Z' : '2026-01-01T09:00:00.000Z',
    }));
    await store.atomically((s) => s.insert(rows));
    const stored: Transaction[] = [];
    for await (const tx of store.transactions(portfolio)) stored.push(tx);
    expect(stored).toEqual(rows);
  });

  it.skipIf(!backend.available)('refuses an oversold import with the line, leaving nothing behind', async () => {
    const portfolio = await db.portfolio();
    const service = createTransactionService(db.store(), clock);
    const error = await rejected(service.import(portfolio, csvSource(`${HEADER}\n2026-01-02,buy,AAPL,1,10,,,USD,\n2026-01-03,sell,AAPL,2,10,,,USD,`)));
    expect(error.message).toMatch(/line 3/);
    let count = 0;
    for await (const _ of db.store().transactions(portfolio)) count++;
    expect(count).toBe(0);
  });

  it.skipIf(!backend.available)('streams an export larger than one piece of text whole, multi-byte characters included', async () => {
    const portfolio = await db.portfolio();
    const service = createTransactionService(db.store(), clock);
    // 12,000 lines of 33 bytes (`ü` is 2 bytes in UTF-8, `€` 3): 396,000 bytes, more than one 256 KiB (262,144-byte) piece.
    const line = '2001-01-01,deposit,1,Zürich €\n';
    await service.import(portfolio, csvSource([HEADER, ...Array.from({ length: 12_000 }, () => '2001-01-01,deposit,,,,1,,USD,Zürich €')].join('\n')));
    let csv = '';
    for await (const text of db.store().transactionText(portfolio, {}, ['date', 'type', 'amount', 'note'], 'csv')!) csv += text;
    expect(csv).toBe(line.repeat(12_000));
  });

  it.skipIf(!backend.available || backend.name !== 'postgres')('refreshes the planner\'s row count after an import of 10,000 rows or more, not after a smaller one', async () => {
    const reltuples = async () => {
      const { rows } = await sql<{ n: number }>`select reltuples as n from pg_class where oid = 'transactions'::regclass`.execute(db.database.db);
      return Number(rows[0]!.n);
    };
    // Autovacuum (off on the test server, on in many others) must not count the rows instead.
    await sql`alter table transactions set (autovacuum_enabled = false)`.execute(db.database.db);
    await sql`analyze transactions`.execute(db.database.db);
    const before = await reltuples();
    const portfolio = await db.portfolio();
    const service = createTransactionService(db.store(), clock);
    await service.import(portfolio, csvSource(deposits(9_999)));
    expect(await reltuples()).toBe(before); // 9,999 rows: below the threshold, nothing counted
    await service.import(portfolio, csvSource(deposits(10_000)));
    // ANALYZE reads every page of a table this small, so its count is exact: the earlier tests' rows
    // (`before`, counted by the ANALYZE above) + 9,999 + 10,000.
    expect(await reltuples()).toBe(before + 19_999);
  });
});
