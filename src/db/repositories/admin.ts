import type { Kysely } from 'kysely';
import type { Schema } from '../schema.js';

/**
 * Admin rights on accounts (the AdminRepository of core/ports.ts) and the operator's view of the
 * database (`folio admin stats`, `notify run --all`).
 */
export function adminRepository(db: Kysely<Schema>) {
  async function countAdmins(): Promise<number> {
    const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('is_admin', '=', 1).executeTakeFirstOrThrow();
    return Number(row.n);
  }
  return {
    async isAdmin(userId: string): Promise<boolean> {
      const row = await db.selectFrom('users').select('is_admin').where('id', '=', userId).executeTakeFirst();
      return Boolean(Number(row?.is_admin ?? 0));
    },
    async setAdmin(userId: string, admin: boolean): Promise<void> {
      await db.updateTable('users').set({ is_admin: admin ? 1 : 0 }).where('id', '=', userId).execute();
    },
    countAdmins,
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
        admins: await countAdmins(),
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
