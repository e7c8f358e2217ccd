import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/core/ledger/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';

/**
 * What the foreign keys of `transactions` guaranteed, on both backends: on Postgres they are
 * triggers since migration 0009 (one check per statement), on SQLite still foreign keys.
 */
const T = '2026-06-30T12:00:00.000Z';
let ids = 0;

const deposit = (portfolioId: string, seq: number, note: string | null = null): Transaction => ({
  id: `t${++ids}`,
  portfolioId,
  seq,
  date: '2024-01-02',
  type: 'deposit',
  symbol: null,
  quantity: null,
  price: null,
  amount: '10',
  fee: null,
  tax: null,
  currency: 'USD',
  note,
  createdAt: T,
});

const row = (tx: Transaction, importId: string | null = null) => ({
  id: tx.id, portfolio_id: tx.portfolioId, seq: tx.seq, date: tx.date, type: tx.type, symbol: null, quantity: null, price: null,
  amount: tx.amount, fee: null, tax: null, ratio: null, currency: 'USD', note: tx.note, import_id: importId, created_at: T,
});

/** The SQLSTATE (Postgres) or SQLite code of a refused write. */
async function refusal(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (error) {
    return String((error as { code?: string }).code);
  }
  throw new Error('the write was not refused');
}

const FOREIGN_KEY = /^(23503|SQLITE_CONSTRAINT_FOREIGNKEY)$/;

describe.each(BACKENDS)('parents of transactions on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (backend.available) db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  const count = async (where: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from transactions where ${sql.raw(where)}`.execute(db.database.db)).rows[0]!.n);
  const addImport = async (id: string, portfolioId: string) =>
    db.database.db.insertInto('imports').values({ id, portfolio_id: portfolioId, fingerprint: id, source: 'x.csv', row_count: 0, created_at: T }).execute();

  it.skipIf(!backend.available)('refuses rows of a missing portfolio or import, by the bulk path (COPY on Postgres) and by INSERT, and writes none of the batch', async () => {
    const p = await db.portfolio();
    await addImport('i-real', p);
    const store = db.store();
    // the batch holds one good row before the orphan: nothing of it stays
    const orphanPortfolio = store.atomically((s) => s.insert([deposit(p, 1), deposit('p-missing', 2)], null));
    expect(await refusal(orphanPortfolio)).toMatch(FOREIGN_KEY);
    const orphanImport = store.atomically((s) => s.insert([deposit(p, 1)], 'i-missing'));
    expect(await refusal(orphanImport)).toMatch(FOREIGN_KEY);
    const inserted = db.database.db.insertInto('transactions').values(row(deposit('p-missing', 1))).execute();
    expect(await refusal(inserted)).toMatch(FOREIGN_KEY);
    const insertedImport = db.database.db.insertInto('transactions').values(row(deposit(p, 1), 'i-missing')).execute();
    expect(await refusal(insertedImport)).toMatch(FOREIGN_KEY);
    expect(await count(`portfolio_id = '${p}'`)).toBe(0);

    // with their parents, the same writes go through: 2 by the bulk path, 1 by INSERT
    await store.atomically((s) => s.insert([deposit(p, 1), deposit(p, 2)], 'i-real'));
    await db.database.db.insertInto('transactions').values(row(deposit(p, 3), 'i-real')).execute();
    expect(await count(`import_id = 'i-real'`)).toBe(3);
  });

  it.skipIf(!backend.available)('refuses an update that moves a row to a missing portfolio or import, and lets other updates through', async () => {
    const p = await db.portfolio();
    const tx = deposit(p, 1);
    await db.database.db.insertInto('transactions').values(row(tx)).execute();
    const update = (set: Record<string, string>) => db.database.db.updateTable('transactions').set(set).where('id', '=', tx.id).execute();
    expect(await refusal(update({ portfolio_id: 'p-missing' }))).toMatch(FOREIGN_KEY);
    expect(await refusal(update({ import_id: 'i-missing' }))).toMatch(FOREIGN_KEY);
    await update({ note: 'edited', portfolio_id: p });
    expect(await count(`id = '${tx.id}' and note = 'edited' and portfolio_id = '${p}'`)).toBe(1);
  });

  it.skipIf(!backend.available)('deletes a portfolio\'s transactions with it and sets import_id null when an import is deleted', async () => {
    const [kept, removed] = [await db.portfolio(), await db.portfolio()];
    await addImport('i-kept', kept);
    await addImport('i-gone', kept);
    await addImport('i-removed', removed);
    const store = db.store();
    await store.atomically((s) => s.insert([deposit(kept, 1), deposit(kept, 2)], 'i-kept'));
    await store.atomically((s) => s.insert([deposit(kept, 3)], 'i-gone'));
    await store.atomically((s) => s.insert([deposit(removed, 1), deposit(removed, 2)], 'i-removed'));

    await db.database.db.deleteFrom('imports').where('id', '=', 'i-gone').execute();
    // the row of the deleted import stays, without an import; the other two keep theirs
    expect(await count(`portfolio_id = '${kept}' and import_id is null`)).toBe(1);
    expect(await count(`portfolio_id = '${kept}' and import_id = 'i-kept'`)).toBe(2);

    await db.database.db.deleteFrom('portfolios').where('id', '=', removed).execute();
    expect(await count(`portfolio_id = '${removed}'`)).toBe(0);
    expect(await count(`portfolio_id = '${kept}'`)).toBe(3);
  });

  it.skipIf(!backend.available)('deletes every transaction of an account\'s portfolios with the account, and only those', async () => {
    await db.database.db.insertInto('users').values({ id: 'u-bob', email: 'bob@example.com', name: 'Bob', password_hash: 'x', settings: '{}', created_at: T, updated_at: T }).execute();
    const annsBefore = await count(`portfolio_id in (select id from portfolios where user_id = 'u1')`);
    const portfolio = (id: string) => ({ id, user_id: 'u-bob', name: id, base_currency: 'USD', description: null, assets: '{}', created_at: T, updated_at: T });
    await db.database.db.insertInto('portfolios').values([portfolio('bob-1'), portfolio('bob-2')]).execute();
    await addImport('i-bob', 'bob-1');
    const store = db.store();
    await store.atomically((s) => s.insert([deposit('bob-1', 1), deposit('bob-1', 2)], 'i-bob'));
    await store.atomically((s) => s.insert([deposit('bob-2', 1)], null));
    expect(await count(`portfolio_id like 'bob-%'`)).toBe(3);

    await db.database.db.deleteFrom('users').where('id', '=', 'u-bob').execute();
    expect(await count(`portfolio_id like 'bob-%'`)).toBe(0);
    expect(await count(`portfolio_id in (select id from portfolios where user_id = 'u1')`)).toBe(annsBefore);
    expect(await count(`portfolio_id not in (select id from portfolios)`)).toBe(0);
  });

  it.skipIf(!backend.available)('refuses to change the id of a portfolio or an import that transactions refer to', async () => {
    // `bare` has transactions and nothing else that refers to it (no import, no member)
    const [withImport, bare] = [await db.portfolio(), await db.portfolio()];
    await addImport('i-fixed', withImport);
    await db.database.db.insertInto('transactions').values([row(deposit(withImport, 1), 'i-fixed'), row(deposit(bare, 1))]).execute();
    const renamed = (table: 'portfolios' | 'imports', id: string) => db.database.db.updateTable(table).set({ id: `${id}-new` }).where('id', '=', id).execute();
    expect(await refusal(renamed('imports', 'i-fixed'))).toMatch(FOREIGN_KEY);
    expect(await refusal(renamed('portfolios', bare))).toMatch(FOREIGN_KEY);
    expect(await count(`(portfolio_id = '${withImport}' and import_id = 'i-fixed') or portfolio_id = '${bare}'`)).toBe(2);
  });
});
