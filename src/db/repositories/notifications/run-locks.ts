import type { Kysely } from 'kysely';
import type { Schema } from '../../schema.js';
import type { RunLockRepository } from '../../../core/ports.js';

/** Named locks with an owner and an expiry: one notify run per user at a time. */
export function runLockRepository(db: Kysely<Schema>): RunLockRepository {
  return {
    async acquireLock(name, owner, now, expiresAt) {
      await db
        .insertInto('notify_locks')
        .values({ name, owner, acquired_at: now, expires_at: expiresAt })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      // Taken over only when expired: a run that was killed leaves its row behind.
      await db
        .updateTable('notify_locks')
        .set({ owner, acquired_at: now, expires_at: expiresAt })
        .where('name', '=', name)
        .where('owner', '!=', owner)
        .where('expires_at', '<', now)
        .execute();
      const row = await db.selectFrom('notify_locks').select('owner').where('name', '=', name).executeTakeFirst();
      return row?.owner === owner;
    },
    async releaseLock(name, owner) {
      await db.deleteFrom('notify_locks').where('name', '=', name).where('owner', '=', owner).execute();
    },
  };
}
