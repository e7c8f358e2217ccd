import { defineCommand, type OptionsOf } from '../../command.js';
import { asOfFlag, calendarDate, portfolioArg, text } from '../../flags.js';

export const lotsCommand = defineCommand({
  name: 'lots',
  description: 'open FIFO lots of one symbol',
  args: [portfolioArg, { name: 'symbol', description: 'symbol, e.g. AAPL' }],
  flags: [asOfFlag],
  examples: ['folio lots Retirement AAPL', 'folio lots Retirement AAPL --as-of 2024-12-31 --csv'],
  options: (z) =>
    z.object({
      portfolio: text(z),
      symbol: text(z).transform((s) => s.toUpperCase()),
      asOf: calendarDate(z).optional(),
    }),
  run: async (ctx, options): Promise<void> => (await import('./lots.js')).runLots(ctx, options),
});

export type LotsOptions = OptionsOf<typeof lotsCommand>;
