import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { calendarDate } from '../../flags.js';

const notifyRun = defineCommand({
  name: 'run',
  description: 'evaluate alerts, make the digest when due, and deliver (email, inbox); retries failed emails',
  flags: [
    { flags: '--user <email>', description: 'run for this account (admins only)' },
    { flags: '--all', description: 'run for every account (admins only)' },
    { flags: '--dry-run', description: 'show what would fire and be sent; write and send nothing' },
    { flags: '--as-of <date>', description: 'evaluate at the closes of this date (YYYY-MM-DD; default: today)' },
  ],
  examples: ['folio notify run --dry-run', 'folio notify run --all  # from cron, signed in as an admin'],
  help:
    'Exit codes: 0 everything went out (or nothing was due) · 6 an email did not go out for sure: a refused one stays pending and the next runs retry it (5 attempts), one sent without an answer is not sent again · ' +
    '3 not signed in, or --user/--all without an admin account. Email needs FOLIO_SMTP_URL (smtp://user:pass@host:587) and FOLIO_MAIL_FROM.',
  options: (z) =>
    z.object({
      user: z.string().trim().min(1, 'must not be empty').optional(),
      all: z.boolean().optional(),
      dryRun: z.boolean().optional(),
      asOf: calendarDate(z).optional(),
    }),
  run: async (ctx, options): Promise<void> => (await import('./run.js')).runNotifyRun(ctx, options),
});
export type NotifyRunOptions = OptionsOf<typeof notifyRun>;

const notifyTest = defineCommand({
  name: 'test',
  description: 'send a test email to your notification address',
  examples: ['folio notify test  # with FOLIO_SMTP_URL and FOLIO_MAIL_FROM set'],
  formats: ['table', 'json'],
  run: async (ctx): Promise<void> => (await import('./test.js')).runNotifyTest(ctx),
});

export const notifyGroup = defineGroup({ name: 'notify', description: 'evaluate alerts and send notifications (for cron)', commands: [notifyRun, notifyTest] });
