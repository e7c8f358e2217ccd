import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts, SESSION_TTL_MS, type Accounts } from '../../src/core/accounts/accounts.js';
import { hashSecret } from '../../src/core/accounts/secrets.js';
import { ensureMigrated, openDatabase, type Database } from '../../src/db/connect.js';
import { credentialRepository, loginAttemptRepository, userRepository } from '../../src/db/repositories/accounts.js';
import { BACKENDS, createPostgresDatabase, type Backend } from '../helpers/backends.js';
import { tempHome } from '../helpers/cli.js';
import { rejected } from '../helpers/errors.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const PASSWORD = 'correct horse battery';

/** A clock the test moves by hand. */
function manualClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = Date.parse(iso);
    },
  };
}


/** A migrated database of the backend: a SQLite file in a temp dir, or a fresh Postgres database. */
async function openBackend(backend: Backend): Promise<{ database: Database; cleanup(): Promise<void> }> {
  if (backend.name === 'sqlite') {
    const home = tempHome();
    const database = await openDatabase({ dialect: 'sqlite', path: `${home.dir}/folio.db` });
    await ensureMigrated(database);
    return { database, cleanup: async () => (await database.close(), home.cleanup()) };
  }
  const server = await createPostgresDatabase();
  const database = await openDatabase({ dialect: 'postgres', url: server.url });
  await ensureMigrated(database);
  return { database, cleanup: async () => (await database.close(), await server.drop()) };
}

describe.each(BACKENDS)('accounts service on $name', (backend) => {
  describe.skipIf(!backend.available)('with a fixed clock', () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    const clock = manualClock('2024-03-01T12:00:00.000Z');
    let accounts: Accounts;

    beforeAll(async () => {
      ({ database, cleanup } = await openBackend(backend));
      accounts = createAccounts({
        users: userRepository(database.db),
        credentials: credentialRepository(database.db),
        attempts: loginAttemptRepository(database.db),
        clock,
      });
    });
    afterAll(async () => cleanup?.());

    it('registers a user with a normalised email and a scrypt hash, never the password', async () => {
      clock.set('2024-03-01T12:00:00.000Z');
      const user = await accounts.register({ email: '  Reg@Example.COM ', name: ' Reg ', password: PASSWORD });
      expect(user).toMatchObject({ email: 'reg@example.com', name: 'Reg', settings: {}, createdAt: '2024-03-01T12:00:00.000Z' });
      expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      expect(user.passwordHash).not.toContain(PASSWORD);
      const row = await database.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.password_hash).toBe(user.passwordHash);
      const again = await rejected(accounts.register({ email: 'REG@example.com', name: 'Other', password: PASSWORD }));
      expect(again.kind).toBe('conflict');
    });

    it('keeps only the hash of a session, and expires it after 30 days', async () => {
      clock.set('2024-03-01T12:00:00.000Z');
      await accounts.register({ email: 'session@example.com', name: 'S', password: PASSWORD });
      const { user, session } = await accounts.login({ email: 'Session@Example.com', password: PASSWORD });
      // 2024-03-01T12:00Z + 30 days = 2024-03-31T12:00Z
      expect(session.expiresAt).toBe('2024-03-31T12:00:00.000Z');
      expect(SESSION_TTL_MS).toBe(30 * DAY);

      const rows = await database.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.token_hash).toBe(hashSecret(session.secret));
      expect(JSON.stringify(rows)).not.toContain(session.secret);

      clock.set('2024-03-31T11:59:59.999Z');
      expect((await accounts.authenticate(session.secret)).user.id).toBe(user.id);
      clock.set('2024-03-31T12:00:00.000Z');
      const expired = await rejected(accounts.authenticate(session.secret));
      expect(expired.kind).toBe('auth');
      expect(expired.message).toContain('Your session has expired: run `folio login`');
    });

    it('rejects an unknown secret and a logged-out session', async () => {
      clock.set('2024-03-02T12:00:00.000Z');
      expect((await rejected(accounts.authenticate('fos_nonsense'))).kind).toBe('auth');
      await accounts.register({ email: 'logout@example.com', name: 'L', password: PASSWORD });
      const { session } = await accounts.login({ email: 'logout@example.com', password: PASSWORD });
      expect(await accounts.logout(session.secret)).toBe(true);
      expect(await accounts.logout(session.secret)).toBe(false);
      expect((await rejected(accounts.authenticate(session.secret))).message).toContain('run `folio login`');
    });

    it('records last use at most once a minute', async () => {
      clock.set('2024-03-03T12:00:00.000Z');
      await accounts.register({ email: 'touch@example.com', name: 'T', password: PASSWORD });
      const { session } = await accounts.login({ email: 'touch@example.com', password: PASSWORD });
      const lastUsed = async () =>
        (await database.db.selectFrom('sessions').select('last_used_at').where('id', '=', session.id).executeTakeFirstOrThrow()).last_used_at;
      expect(await lastUsed()).toBeNull();
      await accounts.authenticate(session.secret);
      expect(await lastUsed()).toBe('2024-03-03T12:00:00.000Z');
      clock.advance(MINUTE); // exactly a minute later: not yet
      await accounts.authenticate(session.secret);
      expect(await lastUsed()).toBe('2024-03-03T12:00:00.000Z');
      clock.advance(1); // 12:01:00.001, more than a minute after 12:00
      await accounts.authenticate(session.secret);
      expect(await lastUsed()).toBe('2024-03-03T12:01:00.001Z');
    });

    it('expires tokens at their end, keeps "never" tokens, and stores no token in clear', async () => {
      clock.set('2024-04-01T00:00:00.000Z');
      const user = await accounts.register({ email: 'tokens@example.com', name: 'Tok', password: PASSWORD });
      const short = await accounts.createToken(user, 'cron', 7 * DAY);
      clock.advance(1000); // listed oldest first
      const forever = await accounts.createToken(user, 'forever', null);
      // 2024-04-01 + 7 days = 2024-04-08
      expect(short).toMatchObject({ label: 'cron', expiresAt: '2024-04-08T00:00:00.000Z' });
      expect(short.secret).toMatch(/^fot_[\w-]{43}$/);
      expect(forever.expiresAt).toBeNull();

      const rows = await database.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
      expect(rows.map((r) => r.token_hash).sort()).toEqual([hashSecret(short.secret), hashSecret(forever.secret)].sort());
      expect(JSON.stringify(rows)).not.toContain(short.secret.slice(4));

      clock.set('2024-04-07T23:59:59.999Z');
      const viaToken = await accounts.authenticate(short.secret);
      expect(viaToken.user.id).toBe(user.id);
      expect(viaToken.credential).toMatchObject({ kind: 'token', label: 'cron' });
      clock.set('2024-04-08T00:00:00.000Z');
      const expired = await rejected(accounts.authenticate(short.secret));
      expect(expired.kind).toBe('auth');
      expect(expired.message).toContain('This token has expired');
      clock.set('2034-04-08T00:00:00.000Z'); // ten years on
      expect((await accounts.authenticate(forever.secret)).user.id).toBe(user.id);

      const listed = await accounts.listTokens(user);
      expect(listed.map((t) => t.label)).toEqual(['cron', 'forever']);
      expect(listed[1]!.lastUsedAt).toBe('2034-04-08T00:00:00.000Z');
      expect(Object.keys(listed[0]!)).not.toContain('tokenHash');
    });

    it("lets nobody list, revoke or use another user's tokens", async () => {
      clock.set('2024-05-01T00:00:00.000Z');
      const alice = await accounts.register({ email: 'alice@example.com', name: 'Alice', password: PASSWORD });
      const bob = await accounts.register({ email: 'bob@example.com', name: 'Bob', password: PASSWORD });
      const token = await accounts.createToken(alice, 'alice-cron', null);
      expect(await accounts.listTokens(bob)).toEqual([]);
      const notFound = await rejected(accounts.revokeToken(bob, token.id));
      expect(notFound.kind).toBe('notFound');
      expect(notFound.message).toBe(`No token with id ${token.id}.`);
      expect((await accounts.authenticate(token.secret)).user.id).toBe(alice.id);

      // a session id is not a token id either
      const { session } = await accounts.login({ email: 'alice@example.com', password: PASSWORD });
      expect((await rejected(accounts.revokeToken(alice, session.id))).kind).toBe('notFound');

      await accounts.revokeToken(alice, token.id);
      expect(await accounts.listTokens(alice)).toEqual([]);
      expect((await rejected(accounts.authenticate(token.secret))).kind).toBe('auth');
    });

    it('changes a password only with the current one and signs out the other sessions', async () => {
      clock.set('2024-06-01T00:00:00.000Z');
      await accounts.register({ email: 'pw@example.com', name: 'Pw', password: PASSWORD });
      const first = await accounts.login({ email: 'pw@example.com', password: PASSWORD });
      const second = await accounts.login({ email: 'pw@example.com', password: PASSWORD });
      const token = await accounts.createToken(first.user, 'cron', null);

      const wrong = await rejected(accounts.changePassword(first.user, 'not the password', 'a new password', first.session.id));
      expect(wrong.kind).toBe('auth');
      expect(wrong.message).not.toContain('not the password');

      await accounts.changePassword(first.user, PASSWORD, 'a new password', first.session.id);
      expect((await accounts.authenticate(first.session.secret)).user.email).toBe('pw@example.com');
      expect((await rejected(accounts.authenticate(second.session.secret))).kind).toBe('auth');
      expect((await accounts.authenticate(token.secret)).user.email).toBe('pw@example.com'); // API tokens stay
      expect((await rejected(accounts.login({ email: 'pw@example.com', password: PASSWORD }))).kind).toBe('auth');
      expect((await accounts.login({ email: 'pw@example.com', password: 'a new password' })).user.email).toBe('pw@example.com');
    });

    it('updates the profile, refusing an email that belongs to someone else', async () => {
      clock.set('2024-07-01T00:00:00.000Z');
      const carol = await accounts.register({ email: 'carol@example.com', name: 'Carol', password: PASSWORD });
      await accounts.register({ email: 'dave@example.com', name: 'Dave', password: PASSWORD });
      const taken = await rejected(accounts.updateProfile(carol, { email: 'DAVE@example.com' }));
      expect(taken.kind).toBe('conflict');
      clock.set('2024-07-02T00:00:00.000Z');
      const updated = await accounts.updateProfile(carol, { name: 'Carol C', email: 'Carol.C@example.com' });
      expect(updated).toMatchObject({ name: 'Carol C', email: 'carol.c@example.com', updatedAt: '2024-07-02T00:00:00.000Z' });
      const { user } = await accounts.login({ email: 'carol.c@example.com', password: PASSWORD });
      expect(user).toMatchObject({ id: carol.id, name: 'Carol C' });
    });

    it('stores settings per user', async () => {
      clock.set('2024-08-01T00:00:00.000Z');
      const erin = await accounts.register({ email: 'erin@example.com', name: 'Erin', password: PASSWORD });
      const frank = await accounts.register({ email: 'frank@example.com', name: 'Frank', password: PASSWORD });
      await accounts.saveSettings(erin, { theme: 'light', 'notifications.channels': ['email', 'inbox'] });
      const reloaded = await accounts.login({ email: 'erin@example.com', password: PASSWORD });
      expect(reloaded.user.settings).toEqual({ theme: 'light', 'notifications.channels': ['email', 'inbox'] });
      const other = await accounts.login({ email: 'frank@example.com', password: PASSWORD });
      expect(other.user.id).toBe(frank.id);
      expect(other.user.settings).toEqual({});
    });

    it('locks an email for 15 minutes after 5 failures in 15 minutes, refusing even the right password', async () => {
      clock.set('2024-09-01T10:00:00.000Z');
      await accounts.register({ email: 'locked@example.com', name: 'Locked', password: PASSWORD });
      // failures at 10:00, 10:02, 10:04, 10:06, 10:08 (all within 15 minutes)
      for (let i = 0; i < 5; i++) {
        if (i > 0) clock.advance(2 * MINUTE);
        const wrong = await rejected(accounts.login({ email: 'locked@example.com', password: `wrong ${i}` }));
        expect(wrong.message).toBe('Wrong email or password.');
        expect(wrong.message).not.toContain(`wrong ${i}`);
      }
      // newest failure 10:08 + 15 minutes = 10:23
      clock.set('2024-09-01T10:22:59.999Z');
      const locked = await rejected(accounts.login({ email: 'LOCKED@example.com', password: PASSWORD }));
      expect(locked.kind).toBe('auth');
      expect(locked.code).toBe('login_locked');
      expect(locked.message).toBe('Too many failed logins for locked@example.com: try again after 2024-09-01T10:23:00Z.');

      // refused attempts during the lock are not counted, so the lock does not grow
      clock.set('2024-09-01T10:23:00.000Z');
      const { user } = await accounts.login({ email: 'locked@example.com', password: PASSWORD });
      expect(user.email).toBe('locked@example.com');

      // the success reset the count: four new failures do not lock...
      for (let i = 0; i < 4; i++) {
        clock.advance(MINUTE);
        await rejected(accounts.login({ email: 'locked@example.com', password: 'wrong again' }));
      }
      // ...10:24..10:27 failed; the right password at 10:28 still works
      clock.advance(MINUTE);
      await accounts.login({ email: 'locked@example.com', password: PASSWORD });
    });

    it('judges concurrent logins by the attempts recorded before each: of six at once, the sixth is refused', async () => {
      clock.set('2024-09-04T10:00:00.000Z');
      await accounts.register({ email: 'burst@example.com', name: 'Burst', password: PASSWORD });
      const results = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((i) => rejected(accounts.login({ email: 'burst@example.com', password: `guess ${i}` }))),
      );
      expect(results.map((error) => error.code).sort()).toEqual([...Array(5).fill('bad_credentials'), 'login_locked'].sort());
      // the refused attempt was not kept: five failures, all at 10:00
      const rows = await database.db.selectFrom('login_attempts').selectAll().where('email', '=', 'burst@example.com').execute();
      expect(rows.map((row) => [row.succeeded, row.attempted_at])).toEqual(Array(5).fill([0, '2024-09-04T10:00:00.000Z']));
      // so the lock ends 15 minutes after 10:00, not later
      clock.set('2024-09-04T10:15:00.000Z');
      expect((await accounts.login({ email: 'burst@example.com', password: PASSWORD })).user.name).toBe('Burst');
    });

    it('does not lock when the failures are spread over more than 15 minutes', async () => {
      clock.set('2024-09-02T10:00:00.000Z');
      await accounts.register({ email: 'slow@example.com', name: 'Slow', password: PASSWORD });
      // failures at 10:00, 10:04, 10:08, 10:12, 10:16: 16 minutes from first to fifth
      for (let i = 0; i < 5; i++) {
        if (i > 0) clock.advance(4 * MINUTE);
        expect((await rejected(accounts.login({ email: 'slow@example.com', password: 'nope nope' }))).code).toBe('bad_credentials');
      }
      clock.advance(1000);
      expect((await accounts.login({ email: 'slow@example.com', password: PASSWORD })).user.email).toBe('slow@example.com');
    });

    it('throttles unknown emails too, with the same message as a wrong password', async () => {
      clock.set('2024-09-03T10:00:00.000Z');
      for (let i = 0; i < 5; i++) {
        clock.advance(1000);
        const error = await rejected(accounts.login({ email: 'ghost@example.com', password: 'whatever1' }));
        expect(error.message).toBe('Wrong email or password.');
      }
      // newest failure 10:00:05 + 15 minutes = 10:15:05
      expect((await rejected(accounts.login({ email: 'ghost@example.com', password: 'whatever1' }))).message).toContain(
        'try again after 2024-09-03T10:15:05Z',
      );
      // one email's lock leaves the others alone
      await accounts.register({ email: 'alive@example.com', name: 'Alive', password: PASSWORD });
      expect((await accounts.login({ email: 'alive@example.com', password: PASSWORD })).user.name).toBe('Alive');
    });
  });
});
