import { authError } from '../core/errors.js';
import type { CliContext } from './context.js';

async function database(ctx: CliContext) {
  return (await ctx.db()).db;
}

/** The alerts repository on this context's database. */
export async function openAlerts(ctx: CliContext) {
  const [db, { alertRepository }] = await Promise.all([database(ctx), import('../db/repositories/notifications/alerts.js')]);
  return alertRepository(db);
}

/** The inbox repository on this context's database. */
export async function openInbox(ctx: CliContext) {
  const [db, { inboxRepository }] = await Promise.all([database(ctx), import('../db/repositories/notifications/inbox.js')]);
  return inboxRepository(db);
}

/** What a notify run stores (alerts' state, notifications, deliveries, locks) on this context's database. */
export async function openNotificationStore(ctx: CliContext) {
  const [db, { notificationStore }] = await Promise.all([database(ctx), import('../db/repositories/notifications/store.js')]);
  return notificationStore(db);
}

/** The admin repository on this context's database. */
export async function openAdmin(ctx: CliContext) {
  const [db, { adminRepository }] = await Promise.all([database(ctx), import('../db/repositories/admin.js')]);
  return adminRepository(db);
}

/** The signed-in user, who must be an admin (exit 3 otherwise). */
export async function requireAdmin(ctx: CliContext, what: string) {
  const user = await ctx.requireUser();
  const repo = await openAdmin(ctx);
  if (!(await repo.isAdmin(user.id))) {
    throw authError(`${what} needs an admin account (the first account of the database is one; an admin can run \`folio admin grant EMAIL\`).`, 'not_admin');
  }
  return { user, repo };
}
