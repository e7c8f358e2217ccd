import { ALLOCATION_GROUPINGS } from '../../../core/allocation/groupings.js';
import { defineCommand, type OptionsOf } from '../../command.js';
import { calendarDate, choice, portfolioArg } from '../../flags.js';

export const allocationCommand = defineCommand({
  name: 'allocation',
  description: "weights of a portfolio's value by symbol, class, sector or currency, drift from its targets, and rebalancing trades",
  args: [portfolioArg],
  flags: [
    { flags: '--by <group>', description: 'group positions by', choices: ALLOCATION_GROUPINGS, default: 'symbol' },
    { flags: '--as-of <date>', description: 'at the last closes on or before this date (YYYY-MM-DD; default: today)' },
    { flags: '--rebalance', description: 'also list the whole-share trades (sells first, within the cash) that restore the targets' },
  ],
  help:
    'The total is positions at market plus cash, in the base currency; cash is its own group, `cash`. ' +
    'Targets are shares of that total (so their cash target is 0); a held symbol without a target has a target of 0. ' +
    'Weights, targets and drift are fractions in JSON/CSV (drift 0.05 = 5 percentage points over target).',
  examples: ['folio allocation Retirement', 'folio allocation Retirement --by class --as-of 2024-12-31', 'folio allocation Retirement --rebalance --csv'],
  options: (z) =>
    z.object({
      portfolio: z.string(),
      by: choice(z, ALLOCATION_GROUPINGS).default('symbol'),
      asOf: calendarDate(z).optional(),
      rebalance: z.boolean().optional(),
    }),
  run: async (ctx, options): Promise<void> => (await import('./allocation.js')).runAllocation(ctx, options),
});
export type AllocationOptions = OptionsOf<typeof allocationCommand>;
