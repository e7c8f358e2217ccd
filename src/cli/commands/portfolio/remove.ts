import { cancelledError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { openPortfolio, portfolioService } from '../../portfolio-ref.js';
import type { PortfolioRemoveOptions } from './portfolio.command.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function runPortfolioRemove(ctx: CliContext, options: PortfolioRemoveOptions): Promise<void> {
  // `--yes` may also arrive as a global flag, should the root command ever declare one.
  const confirmed = options.yes === true || (ctx.globals as { yes?: boolean }).yes === true;
  const grant = await openPortfolio(ctx, options.portfolio, 'manage');
  const service = await portfolioService(ctx);
  const { name } = grant.portfolio;
  const transactions = await service.transactionCount(grant);

  if (!confirmed) {
    if (!ctx.canPrompt()) {
      throw usageError(
        `Refusing to remove "${name}" (${plural(transactions, 'transaction')}) without confirmation: pass --yes (no terminal to ask on).`,
        'missing_flag',
      );
    }
    const sure = await (await ctx.prompter()).confirm(
      `Remove portfolio "${name}" (${plural(transactions, 'transaction')})? This cannot be undone.`,
      { default: false },
    );
    if (!sure) {
      ctx.info('Nothing removed.');
      throw cancelledError();
    }
  }

  await service.remove(grant);
  if (ctx.format() === 'json') return ctx.json({ id: grant.portfolio.id, name, removed: true, transactions });
  ctx.info(`Removed portfolio "${name}" (${plural(transactions, 'transaction')}).`);
}
