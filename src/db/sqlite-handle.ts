import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MIGRATION_NAMES } from '../../migrations/names.js';
import { FolioError, notFoundError, unavailableError } from '../core/errors.js';

/**
 * Opening a SQLite file, without Kysely: the session check run by every signed-in command needs one
 * prepared statement or two, and Kysely (about 230 KB of code to load) only comes when a command
 * queries more (connect.ts wraps the same handle).
 */
export type SqliteHandle = import('better-sqlite3').Database;

/** How long a writer waits for another process's write lock before giving up (exit 5), unless FOLIO_LOCK_TIMEOUT says otherwise. */
export const DEFAULT_LOCK_TIMEOUT_MS = 15_000;

/**
 * A missing file is created only when asked, readable by its owner alone (0600; SQLite gives its
 * -wal and -shm files the database file's mode), in directories only its owner can enter (0700).
 */
function createSqliteFile(path: string, create: boolean): void {
  if (path === ':memory:' || existsSync(path)) return;
  if (!create) {
    throw notFoundError(`There is no database at ${path}: check --database, or create one with \`folio db init ${path}\`.`, 'database_not_found');
  }
  makePrivateDirectory(dirname(path));
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first
  }
}

/** The database's own directory is made 0700; missing parents (~/.local/share) get the usual mode. */
function makePrivateDirectory(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Opens (and when allowed creates) a SQLite file with folio's pragmas. */
export function openSqliteHandle(path: string, create: boolean, lockTimeoutMs: number): SqliteHandle {
  // better-sqlite3 is a native CommonJS module: required at run time, never bundled.
  const BetterSqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  let sqlite: SqliteHandle;
  try {
    createSqliteFile(path, create);
    sqlite = new BetterSqlite(path, { fileMustExist: path !== ':memory:' });
    sqlite.pragma(`busy_timeout = ${Math.round(lockTimeoutMs)}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    if (error instanceof FolioError || (error as { code?: string }).code === 'SQLITE_FULL') throw error; // the CLI says the disk is full
    throw unavailableError(`Cannot open the SQLite database ${path}: ${(error as Error).message}`);
  }
  return sqlite;
}

/** Whether every migration this build knows is applied; false also when the check itself fails (the migrator decides then). */
export function isMigrated(sqlite: SqliteHandle): boolean {
  try {
    const rows = sqlite.prepare('select name from kysely_migration').pluck().all() as string[];
    const applied = new Set(rows);
    return MIGRATION_NAMES.every((name) => applied.has(name));
  } catch {
    return false;
  }
}
