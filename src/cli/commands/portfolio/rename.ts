import { validatePortfolioName } from '../../../core/portfolios/names.js';
import type { CliContext } from '../../context.js';
import { openPortfolio, portfolioService } from '../../portfolio-ref.js';
import type { PortfolioRenameOptions } from './portfolio.command.js';
import { portfolioJson } from './view.js';

export async function runPortfolioRename(ctx: CliContext, options: PortfolioRenameOptions): Promise<void> {
  const newName = validatePortfolioName(options.newName);
  const grant = await openPortfolio(ctx, options.portfolio, 'manage');
  const oldName = grant.portfolio.name;
  const portfolio = await (await portfolioService(ctx)).rename(grant, newName);
  if (ctx.format() === 'json') return ctx.json(portfolioJson({ ...grant, portfolio }));
  ctx.info(oldName === newName ? `"${oldName}" already has that name.` : `Renamed "${oldName}" to "${newName}".`);
}
