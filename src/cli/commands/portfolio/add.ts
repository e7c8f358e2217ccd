import { resolveSettings } from '../../../core/accounts/settings.js';
import { validateCurrency, validateDescription, validatePortfolioName } from '../../../core/portfolios/names.js';
import { parseTargets } from '../../../core/portfolios/targets.js';
import type { CliContext } from '../../context.js';
import { portfolioService } from '../../portfolio-ref.js';
import type { PortfolioAddOptions } from './portfolio.command.js';
import { describeTargets, portfolioJson } from './view.js';

const check = (validate: (value: string) => unknown) => (value: string) => {
  try {
    validate(value);
    return true as const;
  } catch (error) {
    return (error as Error).message;
  }
};

export async function runPortfolioAdd(ctx: CliContext, options: PortfolioAddOptions): Promise<void> {
  const description = validateDescription(options.description);
  const targets = options.target === undefined ? {} : parseTargets(options.target);
  let currency = options.currency === undefined ? undefined : validateCurrency(options.currency);

  const user = await ctx.requireUser();
  const name = validatePortfolioName(
    await ctx.need(options.name, 'NAME', (p) => p.input('Portfolio name', { validate: check(validatePortfolioName) })),
  );
  if (currency === undefined) {
    const fallback = resolveSettings(user.settings)['display.currency'];
    currency = ctx.canPrompt()
      ? validateCurrency(await (await ctx.prompter()).input('Base currency', { default: fallback, validate: check(validateCurrency) }))
      : fallback;
  }

  const portfolio = await (await portfolioService(ctx)).create(user, { name, baseCurrency: currency, description, targets });
  if (ctx.format() === 'json') return ctx.json(portfolioJson({ portfolio, role: 'owner', ownerEmail: user.email }));
  const withTargets = Object.keys(targets).length > 0 ? `, targets ${describeTargets(targets)}` : '';
  ctx.info(`Created portfolio "${name}" (${currency}${withTargets}).`);
}
