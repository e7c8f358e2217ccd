import type { Portfolios } from '../core/portfolios/portfolios.js';
import type { PortfolioAccess, PortfolioAccessGrant } from '../core/portfolios/types.js';
import type { CliContext } from './context.js';

const services = new WeakMap<CliContext, Promise<Portfolios>>();

/** The portfolio service on this context's database, made once per invocation. */
export function portfolioService(ctx: CliContext): Promise<Portfolios> {
  let service = services.get(ctx);
  if (!service) {
    service = (async () => {
      const [{ db }, { createPortfolios }, { portfolioRepository }, { userRepository }] = await Promise.all([
        ctx.db(),
        import('../core/portfolios/portfolios.js'),
        import('../db/repositories/portfolios.js'),
        import('../db/repositories/accounts.js'),
      ]);
      return createPortfolios({ portfolios: portfolioRepository(db), users: userRepository(db), clock: ctx.clock });
    })();
    services.set(ctx, service);
  }
  return service;
}

/**
 * Opens the portfolio a command names, for the signed-in user. `ref` is one of their own portfolio
 * names, a portfolio id, or `owner@example.com/NAME` for one shared with them.
 * Not visible → not found (exit 4, as if it did not exist); visible but `access` not allowed → exit 3.
 * read: any member · write: owner or editor · manage: owner only.
 */
export async function openPortfolio(ctx: CliContext, ref: string, access: PortfolioAccess): Promise<PortfolioAccessGrant> {
  const user = await ctx.requireUser();
  return (await portfolioService(ctx)).open(user, ref, access);
}
