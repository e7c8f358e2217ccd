import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { passwordLines, validPassword } from '../auth/credentials.js';
import type { PasswordChangeOptions } from './password.command.js';

async function askPasswords(ctx: CliContext, fromStdin: boolean | undefined): Promise<[string, string]> {
  if (fromStdin) {
    const [current, next] = await passwordLines(ctx, 2);
    return [current!, next!];
  }
  if (!ctx.canPrompt()) {
    throw usageError('Missing --password-stdin (no terminal to ask on): pipe the current and the new password, one per line.', 'missing_flag');
  }
  const prompter = await ctx.prompter();
  const current = await prompter.password('Current password');
  const next = await prompter.password('New password');
  if ((await prompter.password('Repeat the new password')) !== next) throw usageError('The passwords do not match.');
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
