import { defineCommand, type OptionsOf } from '../../command.js';
import { asOfFlag, choice, COST_METHODS, dateOrWord, methodFlag, portfolioArg, text } from '../../flags.js';

export const holdingsCommand = defineCommand({
  name: 'holdings',
  description: 'positions, cost basis, realised gains and cash of a portfolio',
  args: [portfolioArg],
  flags: [
    { ...asOfFlag, description: 'as of the end of this date (YYYY-MM-DD, today or yesterday; default: today)' },
    methodFlag,
    { flags: '--no-value', description: 'skip market values (the plain ledger view, e.g. for symbols without prices)' },
  ],
  examples: ['folio holdings Retirement', 'folio holdings Retirement --as-of 2024-12-31 --method average --csv'],
  options: (z) =>
    z.object({
      portfolio: text(z),
      asOf: dateOrWord(z).optional(),
      method: choice(z, COST_METHODS).optional(),
      value: z.boolean().default(true),
    }),
  run: async (ctx, options): Promise<void> => (await import('./holdings.js')).runHoldings(ctx, options),
});
export type HoldingsOptions = OptionsOf<typeof holdingsCommand>;
