import { summarize } from '../../../core/accounts/types.js';
import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { validEmail, validName } from '../auth/credentials.js';
import type { ProfileSetOptions } from './profile.command.js';

export async function runProfileSet(ctx: CliContext, options: ProfileSetOptions): Promise<void> {
  if (options.name === undefined && options.email === undefined) {
    throw usageError('Nothing to change: give --name and/or --email.');
  }
  const patch = {
    ...(options.name !== undefined && { name: validName(options.name) }),
    ...(options.email !== undefined && { email: validEmail(options.email) }),
  };
  const user = await (await ctx.accounts()).updateProfile(await ctx.requireUser(), patch);
  if (ctx.format() === 'json') await ctx.json(summarize(user));
  else ctx.info(`Profile updated: ${user.name} <${user.email}>.`);
}
