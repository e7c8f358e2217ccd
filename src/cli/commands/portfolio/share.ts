import { displayRef } from '../../../core/portfolios/access.js';
import type { CliContext } from '../../context.js';
import { openPortfolio, portfolioService } from '../../portfolio-ref.js';
import { EmailSchema, validEmail } from '../auth/credentials.js';
import type { PortfolioShareOptions, PortfolioUnshareOptions } from './portfolio.command.js';

/** `--with EMAIL`, else asked on a terminal, else a usage error naming `--with`. */
async function withEmail(ctx: CliContext, value: string | undefined, message: string): Promise<string> {
  const email = await ctx.need(value, '--with', (p) =>
    p.input(message, { validate: (v) => (EmailSchema.safeParse(v.trim()).success ? true : 'not a valid email address') }),
  );
  return validEmail(email, '--with');
}

export async function runPortfolioShare(ctx: CliContext, options: PortfolioShareOptions): Promise<void> {
  const grant = await openPortfolio(ctx, options.portfolio, 'manage');
  const email = await withEmail(ctx, options.with, 'Share with (email)');
  const { member, outcome } = await (await portfolioService(ctx)).share(grant, email, options.role);
  const name = grant.portfolio.name;
  if (ctx.format() === 'json') return ctx.json({ portfolio: name, email: member.email, role: options.role, outcome });
  const ref = displayRef({ ...grant, role: 'viewer' });
  ctx.info(
    outcome === 'added'
      ? `Shared "${name}" with ${member.email} as ${options.role}. They open it as ${ref}.`
      : outcome === 'changed'
        ? `${member.email} is now ${options.role === 'editor' ? 'an editor' : 'a viewer'} of "${name}".`
        : `${member.email} already is ${options.role === 'editor' ? 'an editor' : 'a viewer'} of "${name}".`,
  );
}

/** The owner removes a member; a member may also remove themselves (`--with` their own email) to leave. */
export async function runPortfolioUnshare(ctx: CliContext, options: PortfolioUnshareOptions): Promise<void> {
  const user = await ctx.requireUser();
  const email = await withEmail(ctx, options.with, 'Stop sharing with (email)');
  const { grant, member } = await (await portfolioService(ctx)).unshare(user, options.portfolio, email);
  const ref = displayRef(grant);
  if (ctx.format() === 'json') return ctx.json({ portfolio: grant.portfolio.name, email: member.email, removed: true });
  ctx.info(member.id === user.id ? `You left "${ref}".` : `Stopped sharing "${ref}" with ${member.email}.`);
}
