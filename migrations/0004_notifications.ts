import { sql, type Kysely } from 'kysely';
import { columnTypes } from './dialect.js';

/**
 * Alerts, notifications and their delivery, plus the admin flag of accounts.
 * - `notifications.dedupe_key` is UNIQUE: a notification is inserted (or found) before anything is
 *   sent, so two overlapping runs, or a run retried after a crash, never make it twice.
 * - `deliveries` hold one row per notification and outgoing channel (email): pending until sent,
 *   with the attempts and the last error; a run claims a row (`claimed_by`, `claimed_until`) before
 *   sending it. The inbox needs no delivery: it is the notifications table (`inbox` = 1).
 * - `notify_locks`: one row per lock name, with its owner and expiry; an expired row is taken over.
 * - `users.is_admin`: the earliest account of an existing database becomes admin.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { decimal } = columnTypes(db);
  await db.schema.alterTable('users').addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update users set is_admin = 1 where id = (select id from users order by created_at, id limit 1)`.execute(db);

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text')
    .addColumn('portfolio_id', 'text', (c) => c.references('portfolios.id').onDelete('cascade'))
    .addColumn('threshold', decimal, (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('armed'))
    .addColumn('fire_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('baseline', decimal)
    .addColumn('last_value', 'text')
    .addColumn('last_fired_at', 'text')
    .addColumn('last_checked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_user_idx').on('alerts').column('user_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.references('alerts.id').onDelete('set null'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('inbox', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('deliveries_notification_channel_unique', ['notification_id', 'channel'])
    .execute();
  await db.schema.createIndex('deliveries_status_idx').on('deliveries').column('status').execute();

  await db.schema
    .createTable('notify_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notify_locks').execute();
  await db.schema.dropTable('deliveries').execute();
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('alerts').execute();
  await db.schema.alterTable('users').dropColumn('is_admin').execute();
}
