import type { Kysely, Selectable } from 'kysely';
import type { Alert, AlertType, Severity } from '../../core/alerts/types.js';
import { newId } from '../../core/ids.js';
import type { NotificationStore } from '../../core/notifications/run.js';
import type { Figure, NotificationKind, StoredNotification } from '../../core/notifications/types.js';
import type { AlertsTable, NotificationsTable, Schema } from '../schema.js';

function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as AlertType,
    symbol: row.symbol,
    portfolioId: row.portfolio_id,
    threshold: String(row.threshold),
    severity: row.severity as Severity,
    paused: Boolean(row.paused),
    state: row.state,
    fireCount: Number(row.fire_count),
    baseline: row.baseline === null ? null : String(row.baseline),
    lastValue: row.last_value,
    lastFiredAt: row.last_fired_at,
    lastCheckedAt: row.last_checked_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toNotification(row: Selectable<NotificationsTable>): StoredNotification {
  return {
    id: row.id,
    userId: row.user_id,
    dedupeKey: row.dedupe_key,
    kind: row.kind as NotificationKind,
    alertId: row.alert_id,
    severity: row.severity as Severity,
    subject: row.subject,
    body: row.body,
    figures: JSON.parse(row.figures) as Figure[],
    inbox: Boolean(row.inbox),
    readAt: row.read_at,
    createdAt: row.created_at,
  };
}

/** Alerts, the inbox, deliveries and locks; implements the core's NotificationStore. */
export function notificationRepository(db: Kysely<Schema>) {
  const store: NotificationStore = {
    async alertsOf(userId) {
      const rows = await db.selectFrom('alerts').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toAlert);
    },
    async saveAlertState(id, patch) {
      await db
        .updateTable('alerts')
        .set({
          state: patch.state,
          fire_count: patch.fireCount,
          baseline: patch.baseline,
          last_value: patch.lastValue,
          last_fired_at: patch.lastFiredAt,
          last_checked_at: patch.lastCheckedAt,
        })
        .where('id', '=', id)
        .execute();
    },
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

  return {
    ...store,

    async insertAlert(alert: Alert): Promise<void> {
      await db
        .insertInto('alerts')
        .values({
          id: alert.id,
          user_id: alert.userId,
          type: alert.type,
          symbol: alert.symbol,
          portfolio_id: alert.portfolioId,
          threshold: alert.threshold,
          severity: alert.severity,
          paused: alert.paused ? 1 : 0,
          state: alert.state,
          fire_count: alert.fireCount,
          baseline: alert.baseline,
          last_value: alert.lastValue,
          last_fired_at: alert.lastFiredAt,
          last_checked_at: alert.lastCheckedAt,
          created_at: alert.createdAt,
          updated_at: alert.updatedAt,
        })
        .execute();
    },
    /** The user's alerts with the name of the portfolio each one watches. */
    async listAlerts(userId: string): Promise<Array<Alert & { portfolioName: string | null }>> {
      const rows = await db
        .selectFrom('alerts as a')
        .leftJoin('portfolios as p', 'p.id', 'a.portfolio_id')
        .selectAll('a')
        .select('p.name as portfolio_name')
        .where('a.user_id', '=', userId)
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute();
      return rows.map((row) => ({ ...toAlert(row), portfolioName: row.portfolio_name }));
    },
    async setPaused(id: string, paused: boolean, at: string): Promise<void> {
      // Resuming re-arms it: a condition that still holds notifies again once.
      await db
        .updateTable('alerts')
        .set({ paused: paused ? 1 : 0, updated_at: at, ...(paused ? {} : { state: 'armed' as const }) })
        .where('id', '=', id)
        .execute();
    },
    async removeAlert(id: string): Promise<void> {
      await db.deleteFrom('alerts').where('id', '=', id).execute();
    },

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

    async isAdmin(userId: string): Promise<boolean> {
      const row = await db.selectFrom('users').select('is_admin').where('id', '=', userId).executeTakeFirst();
      return Boolean(Number(row?.is_admin ?? 0));
    },
    async setAdmin(userId: string, admin: boolean): Promise<void> {
      await db.updateTable('users').set({ is_admin: admin ? 1 : 0 }).where('id', '=', userId).execute();
    },
    async countAdmins(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('is_admin', '=', 1).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Every account, oldest first: the users `notify run --all` goes through. */
    async allUsers(): Promise<Array<{ id: string; email: string; settings: Record<string, unknown> }>> {
      const rows = await db.selectFrom('users').select(['id', 'email', 'settings']).orderBy('created_at').orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, email: row.email, settings: JSON.parse(row.settings) as Record<string, unknown> }));
    },

    /** The usage figures of `folio admin stats`; `since7`/`since30` are ISO timestamps. */
    async stats(since7: string, since30: string) {
      const countOf = async (table: 'users' | 'portfolios' | 'transactions' | 'alerts' | 'notifications') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      // Active: a session or token of the account was created or used since then.
      const active = async (since: string) =>
        Number(
          (
            await db
              .selectFrom('sessions')
              .select((eb) => eb.fn.count('user_id').distinct().as('n'))
              .where((eb) => eb.or([eb('last_used_at', '>=', since), eb('created_at', '>=', since)]))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const deliveries = async (where: 'sent' | 'failed' | 'pending') => {
        let query = db.selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n'));
        if (where === 'sent') query = query.where('status', '=', 'sent');
        else if (where === 'failed')
          query = query.where((eb) => eb.or([eb('status', 'in', ['failed', 'unconfirmed']), eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])]));
        else query = query.where('status', '=', 'pending');
        return Number((await query.executeTakeFirstOrThrow()).n);
      };
      return {
        accounts: await countOf('users'),
        admins: await this.countAdmins(),
        active7d: await active(since7),
        active30d: await active(since30),
        portfolios: await countOf('portfolios'),
        transactions: await countOf('transactions'),
        alerts: await countOf('alerts'),
        activeAlerts: Number(
          (await db.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).where('paused', '=', 0).executeTakeFirstOrThrow()).n,
        ),
        notifications: await countOf('notifications'),
        emailsSent: await deliveries('sent'),
        emailsPending: await deliveries('pending'),
        emailsFailed: await deliveries('failed'),
      };
    },
  };
}

export type NotificationRepository = ReturnType<typeof notificationRepository>;
