import { summarize } from '../../../core/accounts/types.js';
import type { CliContext } from '../../context.js';
import type { RegisterOptions } from './auth.command.js';
import { askEmail, askName, askPassword, validEmail, validName, validPassword } from './credentials.js';
import { saveSession } from './session.js';

export async function runRegister(ctx: CliContext, options: RegisterOptions): Promise<void> {
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
