import { Kysely, Migrator, PostgresDialect, SqliteAdapter, sql, type MigrationResultSet } from 'kysely';
import { MIGRATION_NAMES } from '../../migrations/names.js';
import { FolioError, unavailableError } from '../core/errors.js';
import type { Schema } from './schema.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import { DEFAULT_LOCK_TIMEOUT_MS, openSqliteHandle, type SqliteHandle } from './sqlite-handle.js';
import { describeTarget, postgresPoolOptions, type DatabaseTarget } from './url.js';

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
  /** How long a writer waits for another process's write lock before giving up (exit 5). */
  lockTimeoutMs: number;
  /**
   * Postgres only: a transaction on one pooled client whose bulk writes go through COPY
   * (see pg-bulk.ts). Inside it, `copy` is set; `atomically` uses it for ledger writes.
   */
  bulkTransaction?: <T>(work: (trx: import('kysely').Transaction<Schema>, copy: import('./pg-bulk.js').CopyRows) => Promise<T>) => Promise<T>;
  /** Set inside a `bulkTransaction`: writes rows through COPY on the transaction's client. */
  copy?: import('./pg-bulk.js').CopyRows;
  /** Postgres only: a query's rows as CSV or tab-separated text, written by the server (COPY TO). */
  copyOut?: (query: string, parameters: readonly unknown[], format: 'csv' | 'text') => AsyncIterable<string>;
}

export interface Database {
  db: Kysely<Schema>;
  capabilities: Capabilities;
  description: string;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5000;
export { DEFAULT_LOCK_TIMEOUT_MS } from './sqlite-handle.js';

export interface OpenOptions {
  /**
   * SQLite: create the file when it does not exist (default true). The CLI allows it only for the
   * default location, `db copy --to` and `db init`, so a mistyped --database path is not a new database.
   */
  create?: boolean;
  lockTimeoutMs?: number;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  return target.dialect === 'sqlite'
    ? openSqlite(target.path, options.create ?? true, lockTimeoutMs)
    : await openPostgres(target.url, lockTimeoutMs);
}

function openSqlite(path: string, create: boolean, lockTimeoutMs: number): Database {
  return wrapSqlite(openSqliteHandle(path, create, lockTimeoutMs), path, lockTimeoutMs);
}

/** Kysely over an open SQLite handle (one `openSqliteHandle` gave): closing the database closes the handle. */
export function wrapSqlite(sqlite: SqliteHandle, path: string, lockTimeoutMs: number): Database {
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect(sqlite) });
  return {
    db,
    capabilities: { dialect: 'sqlite', maxParameters: 32766, sqlite, lockTimeoutMs },
    description: `sqlite:${path}`,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, lockTimeoutMs: number): Promise<Database> {
  // PostgresDialect is imported statically: a dynamic import('kysely') would keep every export of kysely in the bundle.
  const [pg, { default: Cursor }, { clientTransaction, copyOut }] = await Promise.all([
    import('pg'),
    import('pg-cursor'),
    import('./pg-bulk.js'),
  ]);
  const { Pool, types } = pg.default;
  types.setTypeParser(20, (value: string) => Number(value)); // int8: counts and sums of integers
  const pool = new Pool({
    ...postgresPoolOptions(url),
    application_name: 'folio',
    max: 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 1000,
  });
  pool.on('error', () => {}); // an idle client dropped by the server is replaced on next use
  // A client in use has no 'error' listener of the pool's: a connection dropped mid-query would be an
  // uncaught 'error' event (a stack trace, exit 1). The query itself fails with the same error, which
  // reaches the command and becomes exit 6; this listener only keeps the event from crashing the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  const description = describeTarget({ dialect: 'postgres', url });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw unavailableError(`Cannot reach the database ${description}: ${connectionReason(error)}`);
  }
  const cursor = closableAfterError(Cursor);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool, cursor }) });
  return {
    db,
    capabilities: {
      dialect: 'postgres',
      maxParameters: 65535,
      lockTimeoutMs,
      bulkTransaction: (work) => clientTransaction(pool, cursor, work),
      copyOut: (query, parameters, format) => copyOut(pool, query, parameters, format),
    },
    description,
    close: () => db.destroy(),
  };
}

type CursorClass = typeof import('pg-cursor');

/**
 * pg-cursor's `close()` waits for the server's "ready" message, which never comes once the connection
 * is gone: a stream (export, analyze) cut off by a dropped connection would wait forever instead of
 * failing. A cursor that has failed needs no closing (its error already ended the portal): it closes at once.
 */
function closableAfterError(Cursor: CursorClass): CursorClass {
  class ClosableCursor extends Cursor {}
  const close = Cursor.prototype.close;
  ClosableCursor.prototype.close = function (this: InstanceType<CursorClass>, callback?: (error: Error) => void) {
    if ((this as unknown as { state?: string }).state !== 'error') return close.call(this, callback);
    if (!callback) return Promise.resolve();
    setImmediate(() => (callback as () => void)());
    return undefined;
  } as typeof close;
  return ClosableCursor;
}

function connectionReason(error: unknown): string {
  const err = error as NodeJS.ErrnoException & { message?: string };
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ENOTFOUND') return 'host not found';
  if (err.code === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '')) return 'timed out';
  return err.message || String(error);
}

/** The migrations themselves are loaded only when something is to be migrated or listed. */
function migrator(db: Kysely<Schema>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => (await import('../../migrations/index.js')).migrations },
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

const isMissingTable = (error: unknown) => {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '42P01' || /no such table/i.test(message ?? '');
};

/**
 * Brings the schema up to date on first use. The cheap check (one query on the migration table)
 * runs on every command; the migrator only when something is missing.
 */
export async function ensureMigrated(database: Database): Promise<void> {
  try {
    const applied = await (database.db as unknown as Kysely<{ kysely_migration: { name: string } }>)
      .selectFrom('kysely_migration')
      .select('name')
      .execute();
    const names = new Set(applied.map((row) => row.name));
    if (MIGRATION_NAMES.every((name) => names.has(name))) return;
  } catch (error) {
    // No migration table yet is a new database; anything else (a lost connection) is not.
    if (!isMissingTable(error)) {
      throw unavailableError(`The database is unavailable: ${(error as Error).message}. Nothing was written by the unfinished command.`);
    }
  }
  const { error } = await migrateToLatest(database.db);
  if (error) {
    if (error instanceof FolioError) throw error;
    throw unavailableError(`Migrating ${database.description} failed: ${(error as Error).message}`);
  }
}
