import type { CliContext } from '../../context.js';
import type { TokenRevokeOptions } from './token.command.js';

export async function runTokenRevoke(ctx: CliContext, { id }: TokenRevokeOptions): Promise<void> {
  const user = await ctx.requireUser();
  await (await ctx.accounts()).revokeToken(user, id);
  ctx.info(`Revoked token ${id}.`);
}
