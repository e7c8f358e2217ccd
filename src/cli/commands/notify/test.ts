import { unavailableError } from '../../../core/errors.js';
import { resolveSettings } from '../../../core/accounts/settings.js';
import type { CliContext } from '../../context.js';

/** `folio notify test`: one test email to the signed-in user's notification address, right now. */
export async function runNotifyTest(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const to = resolveSettings(user.settings)['notifications.email'] || user.email;
  const { createSmtpMailer, smtpConfig } = await import('../../../notify/email.js');
  const config = smtpConfig(ctx.env);
  const mailer = await createSmtpMailer(config);
  const at = ctx.clock.now().toISOString();
  try {
    await mailer.send({
      to,
      subject: 'folio test email',
      body: 'This is a test email from folio: notifications by email work.',
      figures: [
        { label: 'Account', value: user.email },
        { label: 'Sent at', value: at },
      ],
    });
  } catch (error) {
    throw unavailableError(`Could not send the test email to ${to}: ${(error as Error).message}`, 'delivery_failed');
  } finally {
    mailer.close();
  }
  if (ctx.format() === 'json') return ctx.json({ sent: true, to, at });
  ctx.info(`Sent a test email to ${to}.`);
}
