import { normalizeEmail } from '../../../core/accounts/accounts.js';
import { createAdminService } from '../../../core/accounts/admin.js';
import { notFoundError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { requireAdmin } from '../../notifications.js';
import { renderRecord } from '../../output.js';
import type { AdminEmailOptions } from './admin.command.js';
import { subDays } from 'date-fns';


async function targetUser(ctx: CliContext, emailArg: unknown) {
  return findUser(ctx, normalizeEmail(String(emailArg)));
}

async function findUser(ctx: CliContext, email: string) {
  const [{ db }, { userRepository }] = await Promise.all([ctx.db(), import('../../../db/repositories/accounts.js')]);
  const user = await userRepository(db).findByEmail(email);
  if (!user) throw notFoundError(`No account for ${email}.`, 'user_not_found');
  return user;
}

/** `folio admin grant EMAIL`: makes an account an admin (admins only). */
export async function runAdminGrant(ctx: CliContext, options: AdminEmailOptions): Promise<void> {
  const { repo } = await requireAdmin(ctx, '`folio admin grant`');
  const target = await targetUser(ctx, options.email);
  await createAdminService(repo).grant(target);
  ctx.info(`${target.email} is an admin.`);
}

/** `folio admin revoke EMAIL`: takes admin away; the last admin stays one. */
export async function runAdminRevoke(ctx: CliContext, options: AdminEmailOptions): Promise<void> {
  const { repo } = await requireAdmin(ctx, '`folio admin revoke`');
  const target = await targetUser(ctx, options.email);
  const revoked = await createAdminService(repo).revoke(target);
  ctx.info(revoked ? `${target.email} is no longer an admin.` : `${target.email} is not an admin.`);
}

/** `folio admin stats`: the usage figures an operator watches. */
export async function runAdminStats(ctx: CliContext): Promise<void> {
  const { repo } = await requireAdmin(ctx, '`folio admin stats`');
  const now = ctx.clock.now();
  const stats = await repo.stats(subDays(now, 7).toISOString(), subDays(now, 30).toISOString());
  await renderRecord(ctx, {
    value: stats,
    fields: [
      { key: 'accounts', header: 'Accounts' },
      { key: 'admins', header: 'Admins' },
      { key: 'active7d', header: 'Active, last 7 days' },
      { key: 'active30d', header: 'Active, last 30 days' },
      { key: 'portfolios', header: 'Portfolios' },
      { key: 'transactions', header: 'Transactions' },
      { key: 'alerts', header: 'Alerts', cell: (s) => `${s.alerts} (${s.activeAlerts} active)` },
      ...(ctx.format() === 'csv' ? [{ key: 'activeAlerts' as const, header: 'Active alerts' }] : []),
      { key: 'notifications', header: 'Notifications' },
      { key: 'emailsSent', header: 'Emails sent' },
      { key: 'emailsFailed', header: 'Emails failed (pending retry)' },
      { key: 'emailsPending', header: 'Emails pending' },
    ],
  });
}
