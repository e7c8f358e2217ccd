import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

/**
 * Kysely's SQLite dialect with two changes for many processes on one file:
 * - Transactions start with BEGIN IMMEDIATE: they take the write lock first, waiting up to the busy
 *   timeout. A deferred BEGIN that reads and then writes cannot wait: when another process wrote in
 *   between, SQLite refuses the lock upgrade at once ("database is locked"), whatever the timeout.
 * - A rollback after SQLite has already rolled back by itself (a full disk does that) is skipped,
 *   so the original error ("database or disk is full") reaches the user instead of
 *   "cannot rollback - no transaction is active".
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly handle: import('better-sqlite3').Database) {
    super({ database: handle });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.handle);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly handle: import('better-sqlite3').Database) {
    super({ database: handle });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.handle.inTransaction) await super.rollbackTransaction(connection);
  }
}
