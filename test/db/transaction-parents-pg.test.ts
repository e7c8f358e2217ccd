import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest, openDatabase, type Database } from '../../src/db/connect.js';
import { POSTGRES_URL, createPostgresDatabase } from '../helpers/backends.js';

/**
 * Migration 0009 (Postgres): the foreign keys of `transactions` become triggers. On a database that
 * already holds rows, and against a concurrent delete of the portfolio, with two sessions of our own
 * (folio's import also locks its portfolio, which would hide what the triggers do).
 */
const T = '2024-01-01T00:00:00.000Z';
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function openAt(version: string): Promise<{ database: Database; db: AnyDb; url: string; cleanup(): Promise<void> }> {
  const server = await createPostgresDatabase();
  const database = await openDatabase({ dialect: 'postgres', url: server.url });
  const db = database.db as unknown as AnyDb;
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(version);
  if (error) throw error;
  await db.insertInto('users').values({ id: 'u1', email: 'ann@example.com', name: 'Ann', password_hash: 'x', settings: '{}', created_at: T, updated_at: T, is_admin: 1 }).execute();
  await db.insertInto('portfolios').values({ id: 'p1', user_id: 'u1', name: 'Main', base_currency: 'USD', description: null, assets: '{}', created_at: T, updated_at: T }).execute();
  return { database, db, url: server.url, cleanup: async () => (await database.close(), await server.drop()) };
}

const row = (id: string, seq: number, importId: string | null) => ({
  id, portfolio_id: 'p1', seq, date: '2024-01-02', type: 'deposit', symbol: null, quantity: null, price: null, amount: '1', fee: null, currency: 'USD', note: null, import_id: importId, created_at: T,
});

const count = async (db: AnyDb, where = 'true') => Number((await sql<{ n: string }>`select count(*) as n from transactions where ${sql.raw(where)}`.execute(db)).rows[0]!.n);

const foreignKeys = async (db: AnyDb) =>
  (await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'transactions'::regclass and contype = 'f' order by conname`.execute(db)).rows.map((r) => r.conname);

/** `lines` (COPY text) into transactions on `client`; resolves when the COPY statement ends, checks included. */
async function copyInto(client: pg.Client, lines: string[]): Promise<void> {
  const { from } = await import('pg-copy-streams');
  const stream = client.query(from('COPY transactions (id, portfolio_id, seq, date, type, amount, currency, created_at) FROM STDIN'));
  const done = new Promise<void>((resolve, reject) => (stream.on('finish', resolve), stream.on('error', reject)));
  stream.end(lines.map((l) => `${l}\n`).join(''));
  return done;
}

/** Waits (at most 20 s) until the session `pid` waits for a lock: the statement it runs is blocked. */
async function blocked(db: AnyDb, pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql`select 1 from pg_stat_activity where pid = ${pid} and wait_event_type = 'Lock'`.execute(db);
    if (rows.length) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`session ${pid} never waited for a lock`);
}

async function session(url: string): Promise<{ client: pg.Client; pid: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  await client.query('begin');
  return { client, pid };
}

describe.skipIf(!POSTGRES_URL)('migration 0009 on Postgres', () => {
  let cleanup: (() => Promise<void>) | undefined;
  let clients: pg.Client[] = [];
  afterEach(async () => {
    for (const client of clients) await client.end().catch(() => {});
    clients = [];
    await cleanup?.();
  });

  it('replaces the foreign keys of a database that holds rows, keeps the rows, and then acts as they did', async () => {
    const opened = await openAt('0008_ledger_checkpoints');
    cleanup = opened.cleanup;
    const { db } = opened;
    await db.insertInto('imports').values({ id: 'i1', portfolio_id: 'p1', fingerprint: 'f', source: 'x.csv', row_count: 2, created_at: T }).execute();
    await db.insertInto('transactions').values([row('a', 1, 'i1'), row('b', 2, 'i1'), row('c', 3, null)]).execute();
    expect(await foreignKeys(db)).toEqual(['transactions_import_id_fkey', 'transactions_portfolio_id_fkey']);

    expect((await migrateToLatest(opened.database.db)).error).toBeUndefined();
    expect(await foreignKeys(db)).toEqual([]);
    expect(await count(db)).toBe(3);
    await expect(db.insertInto('transactions').values({ ...row('d', 4, null), portfolio_id: 'p-missing' }).execute()).rejects.toMatchObject({ code: '23503' });
    // the rows written before the migration: SET NULL, then the cascade
    await db.deleteFrom('imports').where('id', '=', 'i1').execute();
    expect(await count(db, 'import_id is null')).toBe(3);
    await db.deleteFrom('portfolios').where('id', '=', 'p1').execute();
    expect(await count(db)).toBe(0);

    // and down again: the foreign keys are back, the triggers gone
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0008_ledger_checkpoints');
    expect(error).toBeUndefined();
    expect(await foreignKeys(db)).toEqual(['transactions_import_id_fkey', 'transactions_portfolio_id_fkey']);
    const triggers = await sql`select tgname from pg_trigger where tgname like 'transactions\\_%' and not tgisinternal`.execute(db);
    expect(triggers.rows).toEqual([]);
  });

  it('refuses a COPY into a portfolio whose delete was waiting to commit: it waits for the delete, then finds no parent', async () => {
    const opened = await openAt('0009_ledger_statement_checks');
    cleanup = opened.cleanup;
    const deleting = await session(opened.url);
    const copying = await session(opened.url);
    clients.push(deleting.client, copying.client);
    await deleting.client.query(`delete from portfolios where id = 'p1'`);
    const copied = copyInto(copying.client, ['x1\tp1\t1\t2024-01-02\tdeposit\t1\tUSD\tT', 'x2\tp1\t2\t2024-01-02\tdeposit\t1\tUSD\tT']);
    copied.catch(() => {});
    await blocked(opened.db, copying.pid);
    await deleting.client.query('commit');
    await expect(copied).rejects.toMatchObject({ code: '23503' });
    await copying.client.query('rollback');
    expect(await count(opened.db)).toBe(0);
  });

  it('makes a delete of the portfolio wait for a COPY into it, then deletes the copied rows too', async () => {
    const opened = await openAt('0009_ledger_statement_checks');
    cleanup = opened.cleanup;
    const copying = await session(opened.url);
    const deleting = await session(opened.url);
    clients.push(deleting.client, copying.client);
    await copyInto(copying.client, ['x1\tp1\t1\t2024-01-02\tdeposit\t1\tUSD\tT', 'x2\tp1\t2\t2024-01-02\tdeposit\t1\tUSD\tT']);
    const deleted = deleting.client.query(`delete from portfolios where id = 'p1'`);
    deleted.catch(() => {});
    await blocked(opened.db, deleting.pid);
    await copying.client.query('commit');
    await deleted;
    await deleting.client.query('commit');
    // both rows were committed before the delete went on: its cascade saw them
    expect(await count(opened.db)).toBe(0);
    expect(await count(opened.db, `portfolio_id not in (select id from portfolios)`)).toBe(0);
  });
});
