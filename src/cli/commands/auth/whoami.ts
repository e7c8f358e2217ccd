import { summarize } from '../../../core/accounts/types.js';
import type { CliContext } from '../../context.js';

export async function runWhoami(ctx: CliContext): Promise<void> {
  const { user, credential } = await ctx.requireSession();
  if (ctx.format() === 'json') return ctx.json(summarize(user));
  const style = await ctx.style();
  const via = credential.kind === 'token' ? ` ${style.paint.muted(`(token ${credential.label ?? credential.id})`)}` : '';
  await ctx.out(`${user.name} <${user.email}>${via}\n`);
}
