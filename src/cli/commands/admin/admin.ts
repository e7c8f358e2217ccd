import { DEMO_EMAIL, normalizeEmail } from '../../../core/accounts/accounts.js';
import { conflictError, notFoundError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { requireAdmin } from '../../notifications.js';
import type { CommandInput } from '../../options.js';
import { renderFields } from '../../render.js';

const DAY_MS = 86_400_000;

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
export async function runAdminGrant(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const { repo } = await requireAdmin(ctx, '`folio admin grant`');
  const target = await targetUser(ctx, args[0]);
  if (target.email === DEMO_EMAIL) throw usageError('The demo account has a public password: it can never be an admin.', 'demo_not_admin');
  await repo.setAdmin(target.id, true);
  ctx.info(`${target.email} is an admin.`);
}

/** `folio admin revoke EMAIL`: takes admin away; the last admin stays one. */
export async function runAdminRevoke(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const { repo } = await requireAdmin(ctx, '`folio admin revoke`');
  const target = await targetUser(ctx, args[0]);
  if (!(await repo.isAdmin(target.id))) {
    ctx.info(`${target.email} is not an admin.`);
    return;
  }
  if ((await repo.countAdmins()) <= 1) throw conflictError(`${target.email} is the last admin: grant another account first.`, 'last_admin');
  await repo.setAdmin(target.id, false);
  ctx.info(`${target.email} is no longer an admin.`);
}

/** `folio admin stats`: the usage figures an operator watches. */
export async function runAdminStats(ctx: CliContext): Promise<void> {
  const { repo } = await requireAdmin(ctx, '`folio admin stats`');
  const now = ctx.clock.now().getTime();
  const stats = await repo.stats(new Date(now - 7 * DAY_MS).toISOString(), new Date(now - 30 * DAY_MS).toISOString());
  if (ctx.format() === 'json') return ctx.json(stats);
  const style = await ctx.style();
  await ctx.out(
    renderFields(style, [
      ['Accounts', String(stats.accounts)],
      ['Admins', String(stats.admins)],
      ['Active, last 7 days', String(stats.active7d)],
      ['Active, last 30 days', String(stats.active30d)],
      ['Portfolios', String(stats.portfolios)],
      ['Transactions', String(stats.transactions)],
      ['Alerts', `${stats.alerts} (${stats.activeAlerts} active)`],
      ['Notifications', String(stats.notifications)],
      ['Emails sent', String(stats.emailsSent)],
      ['Emails failed (pending retry)', String(stats.emailsFailed)],
      ['Emails pending', String(stats.emailsPending)],
    ]),
  );
}
