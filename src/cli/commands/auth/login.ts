import * as z from 'zod';
import { summarize } from '../../../core/accounts/types.js';
import type { CliContext } from '../../context.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { askEmail, askPassword, validEmail } from './credentials.js';
import { saveSession } from './session.js';

const Options = z.object({
  email: z.string().optional(),
  passwordStdin: z.boolean().optional(),
});

export async function runLogin(ctx: CliContext, { opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const email = validEmail(await askEmail(ctx, options.email));
  const password = await askPassword(ctx, options.passwordStdin);

  const { user, session } = await (await ctx.accounts()).login({ email, password });
  await saveSession(ctx, user, session);

  if (ctx.format() === 'json') await ctx.json(summarize(user));
  else ctx.info(`Signed in as ${user.name} <${user.email}>.`);
}
