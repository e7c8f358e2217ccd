import { usageError } from '../../../core/errors.js';
import { parseTargets } from '../../../core/portfolios/targets.js';
import type { CliContext } from '../../context.js';
import { openPortfolio, portfolioService } from '../../portfolio-ref.js';
import type { PortfolioSetTargetsOptions } from './portfolio.command.js';
import { describeTargets, portfolioJson } from './view.js';

/**
 * `set-targets NAME AAPL=40,VTI=60` replaces the whole target allocation; `--clear` removes it.
 * An empty list is refused (exit 2) rather than read as "clear", so an unset shell variable cannot wipe targets.
 */
export async function runPortfolioSetTargets(ctx: CliContext, options: PortfolioSetTargetsOptions): Promise<void> {
  const list = options.targets;
  if (options.clear && list !== undefined) throw usageError('Give either TARGETS or --clear, not both.');
  if (!options.clear && list === undefined) {
    throw usageError('Missing TARGETS: give SYMBOL=PERCENT pairs such as AAPL=40,VTI=60, or --clear to remove the targets.', 'missing_flag');
  }
  const targets = options.clear ? {} : parseTargets(list!);

  const grant = await openPortfolio(ctx, options.portfolio, 'write');
  const portfolio = await (await portfolioService(ctx)).setTargets(grant, targets);
  if (ctx.format() === 'json') return ctx.json(portfolioJson({ ...grant, portfolio }));
  ctx.info(
    options.clear ? `Cleared the targets of "${portfolio.name}".` : `Targets of "${portfolio.name}": ${describeTargets(targets)}.`,
  );
}
