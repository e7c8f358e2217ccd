import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';
import type { CredentialRepository, LoginAttemptRepository, UserRepository } from '../../core/ports.js';
import type { Schema } from '../schema.js';
import { toCredential, toUser } from './account-rows.js';
import { DEMO_EMAIL } from '../../core/accounts/accounts.js';

export function userRepository(db: Kysely<Schema>): UserRepository {
  return {
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async findByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row && toUser(row);
    },
    async insert(user) {
      await db
        .insertInto('users')
        .values({
          id: user.id,
          email: user.email,
          name: user.name,
          password_hash: user.passwordHash,
          settings: JSON.stringify(user.settings),
          created_at: user.createdAt,
          updated_at: user.updatedAt,
        })
        .execute();
    },
    async update(id, patch) {
      await db
        .updateTable('users')
        .set({
          ...(patch.email !== undefined && { email: patch.email }),
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
          ...(patch.settings !== undefined && { settings: JSON.stringify(patch.settings) }),
          ...(patch.updatedAt !== undefined && { updated_at: patch.updatedAt }),
        })
        .where('id', '=', id)
        .execute();
    },
    async markAdminIfFirst(id) {
      // The demo account (public password) never counts: the first real account is the admin.
      const first = await db.selectFrom('users').select('id').where('email', '!=', DEMO_EMAIL).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
      if (first?.id === id) await db.updateTable('users').set({ is_admin: 1 }).where('id', '=', id).execute();
    },
  };
}

export function credentialRepository(db: Kysely<Schema>): CredentialRepository {
  return {
    async insert(credential) {
      await db
        .insertInto('sessions')
        .values({
          id: credential.id,
          user_id: credential.userId,
          token_hash: credential.tokenHash,
          kind: credential.kind,
          label: credential.label,
          expires_at: credential.expiresAt,
          last_used_at: credential.lastUsedAt,
          created_at: credential.createdAt,
        })
        .execute();
    },
    async findByHash(tokenHash) {
      const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toCredential(row);
    },
    async touch(id, at) {
      await db.updateTable('sessions').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    async remove(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async listForUser(userId, kind) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toCredential);
    },
    async removeForUser(userId, id, kind) {
      const result = await db
        .deleteFrom('sessions')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async removeSessionsExcept(userId, keepId) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId).where('kind', '=', 'session');
      if (keepId) query = query.where('id', '!=', keepId);
      await query.execute();
    },
  };
}

export function loginAttemptRepository(db: Kysely<Schema>): LoginAttemptRepository {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    record(email, succeeded, at) {
      const insert = async (trx: Kysely<Schema>) => {
        const row = await trx
          .insertInto('login_attempts')
          .values({ email, succeeded: succeeded ? 1 : 0, attempted_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      };
      // SQLite hands out a rowid and commits in one step. Postgres hands out ids before commit, so one
      // email's attempts are recorded one at a time: an attempt then sees every earlier one.
      if (!postgres) return insert(db);
      return db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${email}))`.execute(trx);
        return insert(trx);
      });
    },
    async markSucceeded(id) {
      await db.updateTable('login_attempts').set({ succeeded: 1 }).where('id', '=', id).execute();
    },
    async remove(id) {
      await db.deleteFrom('login_attempts').where('id', '=', id).execute();
    },
    async since(email, since) {
      const rows = await db
        .selectFrom('login_attempts')
        .select(['id', 'succeeded', 'attempted_at'])
        .where('email', '=', email)
        .where('attempted_at', '>=', since)
        .orderBy('attempted_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((row) => ({ id: Number(row.id), succeeded: Boolean(row.succeeded), attemptedAt: row.attempted_at }));
    },
  };
}
