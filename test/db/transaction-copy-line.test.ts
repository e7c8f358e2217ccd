import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/core/ledger/types.js';
import { copyLine } from '../../src/db/repositories/transaction-columns.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';

/** The COPY text a transaction is written as (Postgres imports), and what the database keeps of it. */
const base: Transaction = {
  id: 'tx-1',
  portfolioId: 'p1',
  seq: 7,
  date: '2024-03-01',
  type: 'dividend',
  symbol: 'MSFT',
  quantity: null,
  price: null,
  amount: '12.50',
  fee: '0.10',
  tax: '1.875',
  currency: 'USD',
  note: null,
  createdAt: '2026-06-30T12:00:00.000Z',
};

const split: Transaction = { ...base, id: 'tx-2', seq: 8, type: 'split', symbol: 'BRK.B', quantity: '1:3', amount: null, fee: null, tax: null, note: 'a\tb\\c\nd\re' };
const buy: Transaction = { ...base, id: 'tx-3', seq: 9, type: 'buy', quantity: '2.5', price: '300.125', amount: null, tax: null, note: '' };

describe('copyLine: a transaction in COPY\'s text format', () => {
  it('writes the columns in table order, \\N for null, the import id of the batch', () => {
    expect(copyLine('imp-1')(base)).toBe('tx-1\tp1\t7\t2024-03-01\tdividend\tMSFT\t\\N\t\\N\t12.50\t0.10\t1.875\tUSD\t\\N\t\\N\timp-1\t2026-06-30T12:00:00.000Z\n');
  });

  it('keeps a split ratio that is no decimal in ratio (quantity null), and escapes tab, backslash, LF and CR in the note', () => {
    expect(copyLine(null)(split)).toBe('tx-2\tp1\t8\t2024-03-01\tsplit\tBRK.B\t\\N\t\\N\t\\N\t\\N\t\\N\tUSD\ta\\tb\\\\c\\nd\\re\t1:3\t\\N\t2026-06-30T12:00:00.000Z\n');
  });
});

describe.each(BACKENDS)('transactions written by the bulk path on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (backend.available) db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  it.skipIf(!backend.available)('read back with every field as written', async () => {
    const p = await db.portfolio();
    await db.database.db.insertInto('imports').values({ id: 'imp-1', portfolio_id: p, fingerprint: 'f', source: 'x.csv', row_count: 3, created_at: base.createdAt }).execute();
    const written = [base, split, buy].map((tx) => ({ ...tx, portfolioId: p }));
    await db.store().atomically((s) => s.insert(written, 'imp-1'));
    const read = [];
    for await (const tx of db.store().transactions(p, {})) read.push(tx);
    // numbers come back as the database spells them: NUMERIC keeps the scale written
    expect(read).toEqual([
      { ...base, portfolioId: p },
      { ...split, portfolioId: p },
      { ...buy, portfolioId: p },
    ]);
    const rows = await db.database.db.selectFrom('transactions').select(['id', 'import_id', 'ratio', 'quantity']).where('portfolio_id', '=', p).orderBy('seq').execute();
    expect(rows.map((r) => [r.id, r.import_id, r.ratio, r.quantity === null ? null : String(r.quantity)])).toEqual([
      ['tx-1', 'imp-1', null, null],
      ['tx-2', 'imp-1', '1:3', null],
      ['tx-3', 'imp-1', null, '2.5'],
    ]);
  });
});
