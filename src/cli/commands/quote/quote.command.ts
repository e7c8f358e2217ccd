import { defineCommand, type OptionsOf } from '../../command.js';
import { portfolioArg, text } from '../../flags.js';

export const quoteCommand = defineCommand({
  name: 'quote',
  description: 'the latest price of symbols, with its time and the change on the day',
  args: [{ name: 'symbols', description: 'symbols, e.g. AAPL BTC-USD', variadic: true }],
  examples: ['folio quote AAPL BTC-USD', 'folio quote VTI --json'],
  options: (z) => z.object({ symbols: z.array(z.string()).min(1, 'name at least one symbol') }),
  run: async (ctx, options): Promise<void> => (await import('./quote.js')).runQuote(ctx, options),
});
export type QuoteOptions = OptionsOf<typeof quoteCommand>;

export const watchCommand = defineCommand({
  name: 'watch',
  description: 'a live holdings view on a terminal, refreshed from quotes (q or Ctrl-C to leave)',
  args: [portfolioArg],
  flags: [{ flags: '--interval <seconds>', description: 'seconds between refreshes', default: '60' }],
  examples: ['folio watch IRA', 'folio watch IRA --interval 15'],
  // a screen redrawn in place: there is no data to print as JSON or CSV
  formats: ['table'],
  options: (z) =>
    z.object({
      portfolio: text(z),
      interval: z.coerce.number().int('must be whole seconds').min(1, 'must be at least 1 second').max(86_400),
    }),
  run: async (ctx, options): Promise<void> => (await import('./watch.js')).runWatch(ctx, options),
});
export type WatchOptions = OptionsOf<typeof watchCommand>;

export const eventsCommand = defineCommand({
  name: 'events',
  description: 'splits and dividends of a symbol, from your provider (or the mock feed)',
  args: [{ name: 'symbol', description: 'symbol, e.g. AAPL' }],
  examples: ['folio events AAPL', 'folio events AAPL --csv'],
  options: (z) => z.object({ symbol: text(z) }),
  run: async (ctx, options): Promise<void> => (await import('./events.js')).runEvents(ctx, options),
});
export type EventsOptions = OptionsOf<typeof eventsCommand>;
