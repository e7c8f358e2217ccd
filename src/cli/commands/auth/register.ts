import * as z from 'zod';
import { summarize } from '../../../core/accounts/types.js';
import type { CliContext } from '../../context.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { askEmail, askName, askPassword, validEmail, validName, validPassword } from './credentials.js';
import { saveSession } from './session.js';

const Options = z.object({
  email: z.string().optional(),
  name: z.string().optional(),
  passwordStdin: z.boolean().optional(),
});

export async function runRegister(ctx: CliContext, { opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const email = validEmail(await askEmail(ctx, options.email));
  // Without --name and nobody to ask, the name is the email's local part (change it with `profile set`).
  const name = options.name === undefined && !ctx.canPrompt() ? validName(email.split('@')[0]!) : validName(await askName(ctx, options.name));
  const password = validPassword(await askPassword(ctx, options.passwordStdin, { message: 'Choose a password', confirm: true }));

  const accounts = await ctx.accounts();
  const user = await accounts.register({ email, name, password });
  // Not `login`: a lock left by failed logins for this (then unknown) email must not strand the new account.
  const session = await accounts.openSession(user);
  await saveSession(ctx, user, session);

  if (ctx.format() === 'json') await ctx.json(summarize(user));
  else ctx.info(`Registered ${user.email} and signed in. Try \`folio settings show\` next.`);
}
