import { summarize } from '../../../core/accounts/types.js';
import type { CliContext } from '../../context.js';
import type { LoginOptions } from './auth.command.js';
import { askEmail, askPassword, validEmail } from './credentials.js';
import { saveSession } from './session.js';

export async function runLogin(ctx: CliContext, options: LoginOptions): Promise<void> {
  const email = validEmail(await askEmail(ctx, options.email));
  const password = await askPassword(ctx, options.passwordStdin);

  const { user, session } = await (await ctx.accounts()).login({ email, password });
  await saveSession(ctx, user, session);

  if (ctx.format() === 'json') await ctx.json(summarize(user));
  else ctx.info(`Signed in as ${user.name} <${user.email}>.`);
}
