import type { Kysely } from 'kysely';
import type { Schema } from '../../schema.js';
import { newId } from '../../../core/ids.js';
import type { NotificationLog } from '../../../core/ports.js';
import type { StoredNotification } from '../../../core/notifications/types.js';
import { toNotification } from './rows.js';

/** The notifications made for each user (deduplicated by key) and the inbox that shows them. */
export function inboxRepository(db: Kysely<Schema>) {
  const log: NotificationLog = {
    async saveNotification(notification, emailTo) {
      const result = await db
        .insertInto('notifications')
        .values({
          id: newId(),
          user_id: notification.userId,
          dedupe_key: notification.dedupeKey,
          kind: notification.kind,
          alert_id: notification.alertId,
          severity: notification.severity,
          subject: notification.subject,
          body: notification.body,
          figures: JSON.stringify(notification.figures),
          inbox: notification.inbox ? 1 : 0,
          read_at: null,
          created_at: notification.createdAt,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      const created = result !== undefined;
      if (emailTo) {
        // Made by whoever created the notification, or by the retry of a run that crashed in between.
        const stored = await db.selectFrom('notifications').select('id').where('dedupe_key', '=', notification.dedupeKey).executeTakeFirstOrThrow();
        await db
          .insertInto('deliveries')
          .values({
            id: newId(),
            notification_id: stored.id,
            channel: 'email',
            recipient: emailTo,
            status: 'pending',
            attempts: 0,
            last_error: null,
            claimed_by: null,
            claimed_until: null,
            sent_at: null,
            created_at: notification.createdAt,
          })
          .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
          .execute();
      }
      return created;
    },
    async hasNotification(dedupeKey) {
      return Boolean(await db.selectFrom('notifications').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst());
    },
  };
  return {
    ...log,

    async inbox(userId: string, unreadOnly: boolean): Promise<StoredNotification[]> {
      let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('inbox', '=', 1);
      if (unreadOnly) query = query.where('read_at', 'is', null);
      return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toNotification);
    },
    /** Marks inbox notifications read (all unread ones when `ids` is null); returns how many. */
    async markRead(userId: string, ids: string[] | null, at: string): Promise<number> {
      let query = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('inbox', '=', 1).where('read_at', 'is', null);
      if (ids) query = query.where('id', 'in', ids);
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    },
    /**
     * Takes notifications out of the inbox (all of them, or only read ones). The rows stay, hidden:
     * their dedupe keys must survive, or a cleared digest would be made again in the same period.
     */
    async clearInbox(userId: string, readOnly: boolean): Promise<number> {
      let query = db.updateTable('notifications').set({ inbox: 0 }).where('user_id', '=', userId).where('inbox', '=', 1);
      if (readOnly) query = query.where('read_at', 'is not', null);
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    },
  };
}
