import { INTERVALS } from '../../../core/performance/types.js';
import { defineCommand, type OptionsOf } from '../../command.js';
import { choice, periodFlags, periodOptions, portfolioArg } from '../../flags.js';

export const historyCommand = defineCommand({
  name: 'history',
  description: 'the daily valuation series: value, net flows, TWR index, drawdown',
  args: [portfolioArg],
  flags: [
    ...periodFlags,
    { flags: '--interval <interval>', description: 'one row per day, or the last valuation day of each week or month', choices: INTERVALS, default: 'day' },
  ],
  examples: ['folio history Retirement --period 1y --interval month', 'folio history Retirement --from 2024-01-01 --csv > history.csv'],
  options: (z) => periodOptions(z).extend({ portfolio: z.string(), interval: choice(z, INTERVALS).default('day') }),
  run: async (ctx, options): Promise<void> => (await import('./history.js')).runHistory(ctx, options),
});
export type HistoryOptions = OptionsOf<typeof historyCommand>;
