import { randomUUID } from 'node:crypto';
import { toCalendarDate } from '../../../core/dates.js';
import { FolioError, notFoundError, usageError } from '../../../core/errors.js';
import { createObserver } from '../../../core/notifications/observe.js';
import { runForUser, type Recipient, type UserRunReport } from '../../../core/notifications/run.js';
import type { Mailer } from '../../../core/notifications/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openNotificationStore, requireAdmin } from '../../notifications.js';
import { renderRows } from '../../output.js';
import type { NotifyRunOptions } from './notify.command.js';

/** The accounts to run for: the signed-in one, or (admins only) one named by --user or all of them. */
async function recipientsOf(ctx: CliContext, options: NotifyRunOptions): Promise<Recipient[]> {
  if (!options.user && !options.all) {
    const user = await ctx.requireUser();
    return [{ id: user.id, email: user.email, settings: user.settings }];
  }
  const { repo: admin } = await requireAdmin(ctx, options.all ? '--all' : '--user');
  const users = await admin.allUsers();
  if (options.all) return users;
  const email = options.user!.toLowerCase();
  const found = users.find((u) => u.email === email);
  if (!found) throw notFoundError(`No account for ${email}.`, 'user_not_found');
  return [found];
}

/**
 * `folio notify run [--user EMAIL | --all] [--dry-run] [--as-of DATE]`: what cron calls.
 * Exit 0 when every email went out; 6 when a delivery failed (a refused one stays pending, with its
 * error, and the next runs retry it; an unconfirmed one is not sent again); 3 for --user/--all without an admin account.
 */
export async function runNotifyRun(ctx: CliContext, options: NotifyRunOptions): Promise<void> {
  if (options.user && options.all) throw usageError('Use either --user EMAIL or --all, not both.', 'bad_flag');
  const asOf = options.asOf ?? toCalendarDate(ctx.clock.now());
  const dryRun = Boolean(options.dryRun);

  const repo = await openNotificationStore(ctx);
  const recipients = await recipientsOf(ctx, options);

  const [{ db }, { portfolioRepository }, { store }] = await Promise.all([ctx.db(), import('../../../db/repositories/portfolios.js'), openLedger(ctx)]);
  // Each account is valued with its own market data (its provider, its own imported closes).
  const observerFor = async (recipient: Recipient) =>
    createObserver({
      market: await ctx.marketFor(recipient),
      portfolios: portfolioRepository(db),
      ledgers: store,
    });
  let mailer: (Mailer & { close(): void }) | null = null;
  const deps = {
    store: repo,
    clock: ctx.clock,
    owner: `${process.pid}:${randomUUID()}`,
    mailer: async () => {
      const { createSmtpMailer, smtpConfig } = await import('../../../notify/email.js');
      mailer ??= await createSmtpMailer(smtpConfig(ctx.env));
      return mailer;
    },
  };
  const reports: UserRunReport[] = [];
  try {
    for (const recipient of recipients) reports.push(await runForUser({ ...deps, observer: await observerFor(recipient) }, recipient, { asOf, dryRun }));
  } finally {
    (mailer as (Mailer & { close(): void }) | null)?.close();
  }

  const totals = {
    users: reports.length,
    skipped: reports.filter((r) => r.skipped).length,
    alertsChecked: sumOf(reports, (r) => r.alertsChecked),
    fired: sumOf(reports, (r) => r.fired.length),
    rearmed: sumOf(reports, (r) => r.rearmed),
    digests: reports.filter((r) => r.digest).length,
    inbox: sumOf(reports, (r) => r.inbox),
    emailsSent: sumOf(reports, (r) => r.emailsSent),
    emailsFailed: sumOf(reports, (r) => r.emailsFailed),
    errors: sumOf(reports, (r) => r.errors.length),
  };
  const summary = { asOf, dryRun, totals, users: reports };
  const failed = totals.emailsFailed;
  const failure = failed
    ? new FolioError(
        'unavailable',
        `${failed} email${failed === 1 ? '' : 's'} could not be sent (${reports.flatMap((r) => r.failures)[0]!.error}); ` +
          'a refused email stays pending and the next run retries it (5 attempts in all); one sent without an answer is not sent again.',
        'delivery_failed',
        summary,
      )
    : null;
  if (ctx.format() === 'json') {
    if (failure) throw failure; // the summary is the error's details: one JSON document on stdout
    return ctx.json(summary);
  }
  await render(ctx, reports, totals, asOf, dryRun);
  if (failure) throw failure;
}

const sumOf = (reports: UserRunReport[], pick: (r: UserRunReport) => number) => reports.reduce((n, r) => n + pick(r), 0);

async function render(ctx: CliContext, reports: UserRunReport[], totals: Record<string, number>, asOf: string, dryRun: boolean) {
  await renderRows(ctx, {
    columns: [
      { key: 'user', header: 'USER' },
      { key: 'alertsChecked', header: 'ALERTS', kind: 'number', cell: (r, style) => (r.skipped ? style.paint.muted('skipped: another run is at work') : String(r.alertsChecked)) },
      { key: 'fired', header: 'FIRED', kind: 'number', cell: (r) => String(r.fired.length) },
      { key: 'digest', header: 'DIGEST', cell: (r) => (r.digest ? (r.digest.created || dryRun ? 'yes' : 'exists') : '') },
      { key: 'inbox', header: 'INBOX', kind: 'number' },
      { key: 'emailsSent', header: 'SENT', kind: 'number' },
      { key: 'emailsFailed', header: 'FAILED', kind: 'number', cell: (r, style) => (r.emailsFailed ? style.paint.loss(String(r.emailsFailed)) : '0') },
    ],
    rows: reports,
    csv: {
      keys: ['user', 'skipped', 'alertsChecked', 'fired', 'digest', 'inbox', 'emailsSent', 'emailsFailed', 'errors'],
      record: (r) => ({ ...r, fired: r.fired.length, digest: r.digest ? (r.digest.created || dryRun ? 'yes' : 'exists') : '', errors: r.errors.length }),
    },
  });
  for (const r of reports) {
    for (const fired of r.fired) ctx.info(`${dryRun ? 'would fire' : 'fired'}: ${r.user}: ${fired.subject}`);
    if (r.digest && dryRun) ctx.info(`would send: ${r.user}: ${r.digest.subject}`);
    for (const error of r.errors) ctx.info(`not checked: ${r.user}: alert ${error.alertId?.slice(-12)}: ${error.message}`);
    for (const failure of r.failures) ctx.info(`failed: ${r.user}: email to ${failure.recipient} (attempt ${failure.attempts}): ${failure.error}`);
  }
  ctx.info(
    `${dryRun ? 'Dry run, nothing written or sent' : 'Done'} (as of ${asOf}): ${totals.fired} alert${totals.fired === 1 ? '' : 's'} fired, ${totals.digests} digest${totals.digests === 1 ? '' : 's'}, ${totals.emailsSent} email${totals.emailsSent === 1 ? '' : 's'} sent, ${totals.emailsFailed} failed.`,
  );
}
