import { authError } from '../core/errors.js';
import type { CliContext } from './context.js';

/** The notifications repository on this context's database. */
export async function openNotifications(ctx: CliContext) {
  const [{ db }, { notificationRepository }] = await Promise.all([ctx.db(), import('../db/repositories/notifications.js')]);
  return notificationRepository(db);
}

/** The signed-in user, who must be an admin (exit 3 otherwise). */
export async function requireAdmin(ctx: CliContext, what: string) {
  const user = await ctx.requireUser();
  const repo = await openNotifications(ctx);
  if (!(await repo.isAdmin(user.id))) {
    throw authError(`${what} needs an admin account (the first account of the database is one; an admin can run \`folio admin grant EMAIL\`).`, 'not_admin');
  }
  return { user, repo };
}
