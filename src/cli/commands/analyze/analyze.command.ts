import { defineCommand, type OptionsOf } from '../../command.js';
import { benchmarkFlag, periodFlags, periodOptions, portfolioArg, symbol } from '../../flags.js';

export const analyzeCommand = defineCommand({
  name: 'analyze',
  description: 'performance of a portfolio: value, gains, TWR, MWR, risk, drawdown, a benchmark',
  args: [portfolioArg],
  flags: [...periodFlags, benchmarkFlag],
  examples: ['folio analyze Retirement --period 1y', 'folio analyze Retirement --from 2024-01-01 --benchmark VTI --json'],
  help:
    "Valuation is at close on every weekday in the portfolio's base currency. TWR chains daily returns with money in " +
    'at the start of its day and money out at its end; MWR is the XIRR of the flows (mwrPeriod: over the period itself); volatility and Sharpe/Sortino are annualised with √252. A period ' +
    'starts from the value at the last valuation day before --from. Undefined figures are null, with the reason.',
  options: (z) => periodOptions(z).extend({ benchmark: symbol(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./analyze.js')).runAnalyze(ctx, options),
});
export type AnalyzeOptions = OptionsOf<typeof analyzeCommand>;
