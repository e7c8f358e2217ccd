import { summarize } from '../../../core/accounts/types.js';
import type { CliContext } from '../../context.js';
import { renderRecord } from '../../output.js';

export async function runWhoami(ctx: CliContext): Promise<void> {
  const { user, credential } = await ctx.requireSession();
  if (ctx.format() !== 'table') return renderRecord(ctx, { fields: [{ key: 'id', header: 'Id' }, { key: 'email', header: 'Email' }, { key: 'name', header: 'Name' }], value: summarize(user) });
  const style = await ctx.style();
  const via = credential.kind === 'token' ? ` ${style.paint.muted(`(token ${credential.label ?? credential.id})`)}` : '';
  await ctx.out(`${user.name} <${user.email}>${via}\n`);
}
