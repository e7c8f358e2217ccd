import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';

export async function runTokenRevoke(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const id = String(args[0]).trim();
  const user = await ctx.requireUser();
  await (await ctx.accounts()).revokeToken(user, id);
  ctx.info(`Revoked token ${id}.`);
}
