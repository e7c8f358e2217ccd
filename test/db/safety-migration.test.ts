import { Migrator, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest, openDatabase, type Database } from '../../src/db/connect.js';
import { BACKENDS, createPostgresDatabase, type Backend } from '../helpers/backends.js';
import { tempHome } from '../helpers/cli.js';

/**
 * Migration 0006 on a database written before it (issue 11): repeated seqs from racing writers are
 * renumbered (keeping the replay order), repeated import fingerprints keep their earliest claim, and
 * the demo account stops being the admin.
 */
async function openEmpty(backend: Backend): Promise<{ database: Database; cleanup(): Promise<void> }> {
  if (backend.name === 'sqlite') {
    const home = tempHome();
    const database = await openDatabase({ dialect: 'sqlite', path: `${home.dir}/folio.db` });
    return { database, cleanup: async () => (await database.close(), home.cleanup()) };
  }
  const server = await createPostgresDatabase();
  const database = await openDatabase({ dialect: 'postgres', url: server.url });
  return { database, cleanup: async () => (await database.close(), await server.drop()) };
}

const T = '2024-01-01T00:00:00.000Z';

describe.each(BACKENDS)('migration 0006 on $name', (backend) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it.skipIf(!backend.available)('renumbers repeated seqs, keeps the first claim of a fingerprint, and takes admin from the demo account', async () => {
    const opened = await openEmpty(backend);
    cleanup = opened.cleanup;
    const db = opened.database.db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const before = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error } = await before.migrateTo('0004_notifications');
    expect(error).toBeUndefined();

    await db.insertInto('users').values([
      { id: 'u-demo', email: 'demo@folio.example', name: 'Demo', password_hash: 'x', settings: '{}', created_at: T, updated_at: T, is_admin: 1 },
      { id: 'u-ann', email: 'ann@example.com', name: 'Ann', password_hash: 'x', settings: '{}', created_at: '2024-01-02T00:00:00.000Z', updated_at: T, is_admin: 0 },
    ]).execute();
    await db.insertInto('portfolios').values({ id: 'p1', user_id: 'u-ann', name: 'Main', base_currency: 'USD', description: null, assets: '{}', created_at: T, updated_at: T }).execute();
    const row = (id: string, seq: number, createdAt: string) => ({
      id, portfolio_id: 'p1', seq, date: '2024-01-02', type: 'deposit', symbol: null, quantity: null, price: null, amount: '1', fee: null, currency: 'USD', note: id, import_id: null, created_at: createdAt,
    });
    // two racing writers both took seq 2 (b was written before c); d came after
    await db.insertInto('transactions').values([row('a', 1, T), row('c', 2, '2024-01-01T00:00:02.000Z'), row('b', 2, '2024-01-01T00:00:01.000Z'), row('d', 3, T)]).execute();
    await db.insertInto('imports').values([
      { id: 'i2', portfolio_id: 'p1', fingerprint: 'f', source: 'x.csv', row_count: 1, created_at: '2024-01-03T00:00:00.000Z' },
      { id: 'i1', portfolio_id: 'p1', fingerprint: 'f', source: 'x.csv', row_count: 1, created_at: '2024-01-02T00:00:00.000Z' },
    ]).execute();

    const { error: latest } = await migrateToLatest(opened.database.db);
    expect(latest).toBeUndefined();

    const seqs = await db.selectFrom('transactions').select(['id', 'seq']).orderBy('seq').execute();
    // ordered by (seq, created_at, id): a 1 · b 2 (earlier) · c 2 → 3 · d 3 → 4
    expect(seqs.map((r) => [r.id, Number(r.seq)])).toEqual([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    const claims = await db.selectFrom('imports').select(['id', 'unique_fingerprint']).orderBy('id').execute();
    expect(claims).toEqual([{ id: 'i1', unique_fingerprint: 'f' }, { id: 'i2', unique_fingerprint: null }]);
    const admins = await db.selectFrom('users').select(['email', 'is_admin']).orderBy('email').execute();
    expect(admins.map((u) => [u.email, Number(u.is_admin)])).toEqual([['ann@example.com', 1], ['demo@folio.example', 0]]);

    // and from now on the database itself refuses a repeated seq
    await expect(db.insertInto('transactions').values(row('e', 4, T)).execute()).rejects.toThrow(/unique|UNIQUE/);
  });
});
