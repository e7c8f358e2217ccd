import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureMigrated, openDatabase, type Database } from '../../src/db/connect.js';
import { ledgerStore } from '../../src/db/repositories/ledger-store.js';
import { parseDatabaseUrl } from '../../src/db/url.js';
import { createPostgresDatabase, type Backend } from './backends.js';

const CREATED_AT = '2026-06-30T12:00:00.000Z';

/** A migrated, empty database of one backend (a Postgres database of its own, or a SQLite file in a fresh folder); `drop` removes it. */
export async function openMigratedDatabase(backend: Backend): Promise<{ database: Database; drop(): Promise<void> }> {
  let drop = async () => {};
  let url: string;
  if (backend.name === 'postgres') {
    const created = await createPostgresDatabase();
    url = created.url;
    drop = created.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'folio-test-'));
    url = join(dir, 'folio.db');
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const database: Database = await openDatabase(parseDatabaseUrl(url));
  await ensureMigrated(database);
  return { database, drop };
}

/** Users with these ids (email `ID@example.com`), for tests that need only their rows. */
export async function insertUsers(database: Database, ids: readonly string[], at: string): Promise<void> {
  const users = ids.map((id) => ({ id, email: `${id}@example.com`, name: id, password_hash: 'x', settings: '{}', created_at: at, updated_at: at }));
  await database.db.insertInto('users').values(users).execute();
}

/** A migrated database of one backend with one user and an empty portfolio per call of `portfolio()`. */
export async function openTestDatabase(backend: Backend) {
  const { database, drop } = await openMigratedDatabase(backend);
  const now = CREATED_AT;
  await database.db
    .insertInto('users')
    .values({ id: 'u1', email: 'ann@example.com', name: 'Ann', password_hash: 'x', settings: '{}', created_at: now, updated_at: now })
    .execute();
  let count = 0;
  return {
    database,
    store: () => ledgerStore(database.db, database.capabilities),
    async portfolio(): Promise<string> {
      const id = `p${++count}`;
      await database.db
        .insertInto('portfolios')
        .values({ id, user_id: 'u1', name: id, base_currency: 'USD', description: null, assets: '{}', created_at: now, updated_at: now })
        .execute();
      return id;
    },
    async close() {
      await database.close();
      await drop();
    },
  };
}

