import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { askPassword, passwordLines, validPassword } from '../auth/credentials.js';
import type { PasswordChangeOptions } from './password.command.js';

async function askPasswords(ctx: CliContext, fromStdin: boolean | undefined): Promise<[string, string]> {
  if (fromStdin) {
    const [current, next] = await passwordLines(ctx, 2);
    return [current!, next!];
  }
  if (!ctx.canPrompt()) {
    throw usageError('Missing --password-stdin (no terminal to ask on): pipe the current and the new password, one per line.', 'missing_flag');
  }
  const current = await (await ctx.prompter()).password('Current password');
  // a short new password or a mismatched repeat asks again rather than ending the command
  const next = await askPassword(ctx, false, { message: 'New password', confirm: true });
  return [current, next];
}

export async function runPasswordChange(ctx: CliContext, options: PasswordChangeOptions): Promise<void> {
  const session = await ctx.requireSession();
  const [current, next] = await askPasswords(ctx, options.passwordStdin);
  validPassword(next);
  const keep = session.credential.kind === 'session' ? session.credential.id : null;
  await (await ctx.accounts()).changePassword(session.user, current, next, keep);
  ctx.info('Password changed; your other sessions were signed out.');
}
