import type { Kysely } from 'kysely';
import type { Schema } from '../../schema.js';
import type { DeliveryRepository } from '../../../core/ports.js';
import type { Figure } from '../../../core/notifications/types.js';

/** Email deliveries of notifications: claimed before sending, settled after. */
export function deliveryRepository(db: Kysely<Schema>): DeliveryRepository {
  return {
    async pendingDeliveries(userId) {
      const rows = await db
        .selectFrom('deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .select(['d.id', 'd.notification_id', 'd.recipient', 'd.attempts', 'd.last_error', 'n.subject', 'n.body', 'n.figures'])
        .where('n.user_id', '=', userId)
        .where('d.status', '=', 'pending')
        .orderBy('d.created_at')
        .orderBy('d.id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        notificationId: row.notification_id,
        recipient: row.recipient,
        attempts: Number(row.attempts),
        lastError: row.last_error,
        subject: row.subject,
        body: row.body,
        figures: JSON.parse(row.figures) as Figure[],
      }));
    },
    async claimDelivery(id, owner, now, until) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'sending', claimed_by: owner, claimed_until: until })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async markSent(id, owner, at) {
      await db
        .updateTable('deliveries')
        .set((eb) => ({ status: 'sent', sent_at: at, attempts: eb('attempts', '+', 1), last_error: null, claimed_by: null, claimed_until: null }))
        .where('id', '=', id)
        .where('claimed_by', '=', owner)
        .execute();
    },
    async markFailed(id, owner, error, giveUp) {
      await db
        .updateTable('deliveries')
        .set((eb) => ({ status: giveUp ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), last_error: error.slice(0, 1000), claimed_by: null, claimed_until: null }))
        .where('id', '=', id)
        .where('claimed_by', '=', owner)
        .execute();
    },
    async markUnconfirmed(id, owner, error) {
      await db
        .updateTable('deliveries')
        .set((eb) => ({ status: 'unconfirmed', attempts: eb('attempts', '+', 1), last_error: error.slice(0, 1000), claimed_by: null, claimed_until: null }))
        .where('id', '=', id)
        .where('claimed_by', '=', owner)
        .execute();
    },
    async settleInFlight(userId, now) {
      const stale = await db
        .selectFrom('deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .select(['d.id', 'd.recipient', 'd.attempts'])
        .where('n.user_id', '=', userId)
        .where('d.status', '=', 'sending')
        .where('d.claimed_until', '<', now)
        .execute();
      for (const row of stale) {
        await db
          .updateTable('deliveries')
          .set((eb) => ({ status: 'unconfirmed', attempts: eb('attempts', '+', 1), last_error: 'in flight when its run stopped', claimed_by: null, claimed_until: null }))
          .where('id', '=', row.id)
          .where('status', '=', 'sending')
          .execute();
      }
      return stale.map((row) => ({ id: row.id, recipient: row.recipient, attempts: Number(row.attempts) }));
    },
  };
}
