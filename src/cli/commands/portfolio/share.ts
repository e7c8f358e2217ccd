import * as z from 'zod';
import { displayRef } from '../../../core/portfolios/access.js';
import type { CliContext } from '../../context.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { openPortfolio, portfolioService } from '../../portfolio-ref.js';
import { EmailSchema, validEmail } from '../auth/credentials.js';

/** `--with EMAIL`, else asked on a terminal, else a usage error naming `--with`. */
async function withEmail(ctx: CliContext, value: string | undefined, message: string): Promise<string> {
  const email = await ctx.need(value, '--with', (p) =>
    p.input(message, { validate: (v) => (EmailSchema.safeParse(v.trim()).success ? true : 'not a valid email address') }),
  );
  return validEmail(email, '--with');
}

const ShareOptions = z.object({
  with: z.string().optional(),
  role: z.enum(['viewer', 'editor'], { error: 'use viewer or editor' }).default('viewer'),
});

export async function runPortfolioShare(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(ShareOptions, opts);
  const grant = await openPortfolio(ctx, String(args[0]), 'manage');
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

const UnshareOptions = z.object({ with: z.string().optional() });

/** The owner removes a member; a member may also remove themselves (`--with` their own email) to leave. */
export async function runPortfolioUnshare(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(UnshareOptions, opts);
  const user = await ctx.requireUser();
  const email = await withEmail(ctx, options.with, 'Stop sharing with (email)');
  const { grant, member } = await (await portfolioService(ctx)).unshare(user, String(args[0]), email);
  const ref = displayRef(grant);
  if (ctx.format() === 'json') return ctx.json({ portfolio: grant.portfolio.name, email: member.email, removed: true });
  ctx.info(member.id === user.id ? `You left "${ref}".` : `Stopped sharing "${ref}" with ${member.email}.`);
}
