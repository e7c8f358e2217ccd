import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Kysely, Migrator, SqliteAdapter, SqliteDialect, sql, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { FolioError, unavailableError } from '../core/errors.js';
import type { Schema } from './schema.js';
import { describeTarget, type DatabaseTarget } from './url.js';

/** What callers may rely on differing between dialects, instead of `if (postgres)` everywhere. */
export interface Capabilities {
  dialect: 'sqlite' | 'postgres';
  /** Largest number of bound parameters one statement may carry. */
  maxParameters: number;
  /**
   * SQLite only: the better-sqlite3 handle under Kysely, for the few bulk paths (million-row
   * imports and replays) where prepared statements and raw rows beat building queries per batch.
   * It is the same single connection Kysely uses, so it joins any transaction Kysely has open.
   */
  sqlite?: import('better-sqlite3').Database;
  /**
   * Postgres only: a transaction on one pooled client whose bulk writes go through COPY
   * (see pg-bulk.ts). Inside it, `copy` is set; `atomically` uses it for ledger writes.
   */
  bulkTransaction?: <T>(work: (trx: import('kysely').Transaction<Schema>, copy: import('./pg-bulk.js').CopyRows) => Promise<T>) => Promise<T>;
  /** Set inside a `bulkTransaction`: writes rows through COPY on the transaction's client. */
  copy?: import('./pg-bulk.js').CopyRows;
  /** Postgres only: a query's rows as CSV text, written by the server (COPY TO). */
  copyCsvOut?: (query: string, parameters: readonly unknown[]) => AsyncIterable<string>;
}

export interface Database {
  db: Kysely<Schema>;
  capabilities: Capabilities;
  description: string;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5000;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const database = target.dialect === 'sqlite' ? openSqlite(target.path) : await openPostgres(target.url);
  return database;
}

function openSqlite(path: string): Database {
  // better-sqlite3 is a native CommonJS module: required at run time, never bundled.
  const BetterSqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  let sqlite: import('better-sqlite3').Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    sqlite = new BetterSqlite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw unavailableError(`Cannot open the SQLite database ${path}: ${(error as Error).message}`);
  }
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    capabilities: { dialect: 'sqlite', maxParameters: 32766, sqlite },
    description: `sqlite:${path}`,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const [{ PostgresDialect }, pg, { default: Cursor }, { clientTransaction, copyCsvOut }] = await Promise.all([
    import('kysely'),
    import('pg'),
    import('pg-cursor'),
    import('./pg-bulk.js'),
  ]);
  const { Pool, types } = pg.default;
  types.setTypeParser(20, (value: string) => Number(value)); // int8: counts and sums of integers
  const pool = new Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 1000,
  });
  pool.on('error', () => {}); // an idle client dropped by the server is replaced on next use
  const description = describeTarget({ dialect: 'postgres', url });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw unavailableError(`Cannot reach the database ${description}: ${connectionReason(error)}`);
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  return {
    db,
    capabilities: {
      dialect: 'postgres',
      maxParameters: 65535,
      bulkTransaction: (work) => clientTransaction(pool, Cursor, work),
      copyCsvOut: (query, parameters) => copyCsvOut(pool, query, parameters),
    },
    description,
    close: () => db.destroy(),
  };
}

function connectionReason(error: unknown): string {
  const err = error as NodeJS.ErrnoException & { message?: string };
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ENOTFOUND') return 'host not found';
  if (err.code === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '')) return 'timed out';
  return err.message || String(error);
}

function migrator(db: Kysely<Schema>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

/** Names of migrations known to this build that the database has not applied yet. */
export async function pendingMigrations(db: Kysely<Schema>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

export async function migrateToLatest(db: Kysely<Schema>): Promise<MigrationResultSet> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return migrator(db).migrateToLatest(); // Postgres: advisory lock
  // Kysely takes no lock on SQLite, so two processes starting on a new file would both create the
  // tables. An immediate transaction makes the second wait (busy timeout), then find nothing to do.
  await sql`begin immediate`.execute(db);
  try {
    const result = await migrator(db).migrateToLatest();
    await sql.raw(result.error ? 'rollback' : 'commit').execute(db);
    return result;
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => {});
    throw error;
  }
}

/**
 * Brings the schema up to date on first use. The cheap check (one query on the migration table)
 * runs on every command; the migrator only when something is missing.
 */
export async function ensureMigrated(database: Database): Promise<void> {
  const known = Object.keys(migrations);
  try {
    const applied = await (database.db as unknown as Kysely<{ kysely_migration: { name: string } }>)
      .selectFrom('kysely_migration')
      .select('name')
      .execute();
    const names = new Set(applied.map((row) => row.name));
    if (known.every((name) => names.has(name))) return;
  } catch {
    // no migration table yet: a new database
  }
  const { error } = await migrateToLatest(database.db);
  if (error) {
    if (error instanceof FolioError) throw error;
    throw unavailableError(`Migrating ${database.description} failed: ${(error as Error).message}`);
  }
}
