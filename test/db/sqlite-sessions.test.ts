import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/core/accounts/authenticate.js';
import { createAccounts, type Accounts } from '../../src/core/accounts/accounts.js';
import { ensureMigrated, openDatabase, type Database } from '../../src/db/connect.js';
import { credentialRepository, loginAttemptRepository, userRepository } from '../../src/db/repositories/accounts.js';
import { sqliteSessionRepositories } from '../../src/db/repositories/sqlite-sessions.js';
import { isMigrated, openSqliteHandle } from '../../src/db/sqlite-handle.js';
import { tempHome } from '../helpers/cli.js';
import { rejected } from '../helpers/errors.js';

/**
 * The SQLite session check without Kysely (what `whoami` and every signed-in command run first)
 * gives the same user and credential as the Kysely repositories, and touches `last_used_at` the same way.
 */
describe('session check with prepared statements (SQLite)', () => {
  const home = tempHome();
  const path = `${home.dir}/folio.db`;
  let now = Date.parse('2024-03-01T12:00:00.000Z');
  const clock = { now: () => new Date(now) };
  let database: Database;
  let accounts: Accounts;

  beforeAll(async () => {
    database = await openDatabase({ dialect: 'sqlite', path });
    await ensureMigrated(database);
    accounts = createAccounts({
      users: userRepository(database.db),
      credentials: credentialRepository(database.db),
      attempts: loginAttemptRepository(database.db),
      clock,
    });
  });
  afterAll(async () => {
    await database.close();
    home.cleanup();
  });

  it('knows a file is migrated, and a new one is not', () => {
    const fresh = openSqliteHandle(`${home.dir}/new.db`, true, 1000);
    expect(isMigrated(fresh)).toBe(false);
    fresh.close();
    const handle = openSqliteHandle(path, false, 1000);
    expect(isMigrated(handle)).toBe(true);
    handle.close();
  });

  it('resolves a secret to the same user and credential as the accounts service', async () => {
    const user = await accounts.register({ email: 'ann@example.com', name: 'Ann', password: 'correct horse battery' });
    const { secret } = await accounts.openSession(user);
    const handle = openSqliteHandle(path, false, 1000);
    try {
      await authenticate({ ...sqliteSessionRepositories(handle), clock }, secret); // the first check touches last_used_at
      const raw = await authenticate({ ...sqliteSessionRepositories(handle), clock }, secret);
      expect(raw).toEqual(await accounts.authenticate(secret));
      expect(raw.credential.lastUsedAt).toBe('2024-03-01T12:00:00.000Z');
      expect(raw.user).toMatchObject({ email: 'ann@example.com', name: 'Ann', settings: {} });
      expect(raw.credential.kind).toBe('session');
    } finally {
      handle.close();
    }
  });

  it('touches last_used_at at most once a minute, and refuses unknown secrets', async () => {
    const user = await accounts.register({ email: 'bob@example.com', name: 'Bob', password: 'correct horse battery' });
    const { secret } = await accounts.openSession(user);
    const handle = openSqliteHandle(path, false, 1000);
    try {
      const sessions = sqliteSessionRepositories(handle);
      const first = await authenticate({ ...sessions, clock }, secret);
      expect(first.credential.lastUsedAt).toBeNull(); // read before this check touched it
      now += 30_000; // within the minute: no write
      expect((await authenticate({ ...sessions, clock }, secret)).credential.lastUsedAt).toBe('2024-03-01T12:00:00.000Z');
      now += 31_000; // 61 s after the first touch: written again
      await authenticate({ ...sessions, clock }, secret);
      expect((await authenticate({ ...sessions, clock }, secret)).credential.lastUsedAt).toBe('2024-03-01T12:01:01.000Z');
      const unknown = await rejected(authenticate({ ...sessions, clock }, 'fos_nope'));
      expect([unknown.kind, unknown.code]).toEqual(['auth', 'not_signed_in']);
    } finally {
      handle.close();
    }
  });
});
