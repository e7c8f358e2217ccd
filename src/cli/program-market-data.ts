import type { Command } from 'commander';
import type { Runner } from './program.js';

type Sub = (parent: Command, name: string, description: string) => Command;
type Lazy = (load: () => Promise<Runner>) => (...params: unknown[]) => Promise<void>;

/** Real market data (issue 12): `prices update`, `quote`, `watch`, `events`. Code loads only when one runs. */
export function addMarketDataCommands(program: Command, prices: Command, sub: Sub, lazy: Lazy): void {
  sub(prices, 'update', 'fetch missing closes, splits and dividends from your prices.provider (and FX rates from fx.provider)')
    .argument('[symbols...]', 'symbols, e.g. AAPL VWRL.L (or --all)')
    .option('--all', 'every symbol you hold or watch, and the FX rates your portfolios need (for cron)')
    .option('--from <date>', 'fetch from this date (default: 5 days before the last stored close, or the first trade)')
    .option('--to <date>', 'fetch up to this date (default: today)')
    .addHelpText('after', '\nExit codes: 0 all fetched · 4 a symbol the provider does not know · 6 a provider unreachable or throttled past the retries (the other symbols are kept).')
    .action(lazy(async () => (await import('./commands/prices/update.js')).runPricesUpdate));
  sub(program, 'quote', 'the latest price of symbols, with its time and the change on the day')
    .argument('<symbols...>', 'symbols, e.g. AAPL BTC-USD')
    .action(lazy(async () => (await import('./commands/quote/quote.js')).runQuote));
  sub(program, 'watch', 'a live holdings view on a terminal, refreshed from quotes (q or Ctrl-C to leave)')
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--interval <seconds>', 'seconds between refreshes', '60')
    .action(lazy(async () => (await import('./commands/quote/watch.js')).runWatch));
  sub(program, 'events', 'splits and dividends of a symbol, from your provider (or the mock feed)')
    .argument('<symbol>', 'symbol, e.g. AAPL')
    .action(lazy(async () => (await import('./commands/quote/events.js')).runEvents));
}
