import { validatePortfolioName } from '../../../core/portfolios/names.js';
import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';
import { openPortfolio, portfolioService } from '../../portfolio-ref.js';
import { portfolioJson } from './view.js';

export async function runPortfolioRename(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const newName = validatePortfolioName(String(args[1]));
  const grant = await openPortfolio(ctx, String(args[0]), 'manage');
  const oldName = grant.portfolio.name;
  const portfolio = await (await portfolioService(ctx)).rename(grant, newName);
  if (ctx.format() === 'json') return ctx.json(portfolioJson({ ...grant, portfolio }));
  ctx.info(oldName === newName ? `"${oldName}" already has that name.` : `Renamed "${oldName}" to "${newName}".`);
}
