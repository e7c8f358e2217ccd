import type { Selectable } from 'kysely';
import type { SessionDeps } from '../../core/accounts/authenticate.js';
import type { SessionsTable, UsersTable } from '../schema.js';
import type { SqliteHandle } from '../sqlite-handle.js';
import { toCredential, toUser } from './account-rows.js';

/**
 * The session check on SQLite as three prepared statements (the same queries as accounts.ts builds
 * with Kysely): `whoami` and every other signed-in command resolve their secret without loading Kysely.
 */
export function sqliteSessionRepositories(sqlite: SqliteHandle): Omit<SessionDeps, 'clock'> {
  return {
    users: {
      async findById(id) {
        const row = sqlite.prepare('select * from users where id = ?').get(id) as Selectable<UsersTable> | undefined;
        return row && toUser(row);
      },
    },
    credentials: {
      async findByHash(tokenHash) {
        const row = sqlite.prepare('select * from sessions where token_hash = ?').get(tokenHash) as Selectable<SessionsTable> | undefined;
        return row && toCredential(row);
      },
      async touch(id, at) {
        sqlite.prepare('update sessions set last_used_at = ? where id = ?').run(at, id);
      },
    },
  };
}
