import { defineCommand, defineGroup, type OptionsOf, type Zod } from '../../command.js';
import { calendarDate, dateRangeFlags, text } from '../../flags.js';

const symbolArg = { name: 'symbol', description: 'symbol, e.g. AAPL' };
const symbolsArg = { name: 'symbols', description: 'symbols, e.g. AAPL VTI', variadic: true };
const fileArg = { name: 'file', description: 'CSV file with a header naming the columns symbol,date,close,currency (any order); - for stdin', complete: 'file' as const };
const sharedFlag = { flags: '--shared', description: 'write the shared market data every account falls back on (admins only)' };
const symbols = (z: Zod) => z.array(z.string()).default([]);

const pricesShow = defineCommand({
  name: 'show',
  description: "a symbol's daily closes, oldest first",
  args: [symbolArg],
  flags: [
    ...dateRangeFlags,
  ],
  examples: ['folio prices show AAPL --from 2024-01-01', 'folio prices show AAPL --csv > aapl.csv  # the `prices import` format'],
  options: (z) => z.object({ symbol: text(z), from: calendarDate(z).optional(), to: calendarDate(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./show.js')).runPricesShow(ctx, options),
});
export type PricesShowOptions = OptionsOf<typeof pricesShow>;

const pricesLatest = defineCommand({
  name: 'latest',
  description: 'the last close of symbols (default: every instrument)',
  args: [symbolsArg],
  flags: [{ flags: '--as-of <date>', description: 'the last close on or before this date (YYYY-MM-DD; default: today)' }],
  examples: ['folio prices latest AAPL VTI', 'folio prices latest --as-of 2024-12-31 --json'],
  options: (z) => z.object({ symbols: symbols(z), asOf: calendarDate(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./latest.js')).runPricesLatest(ctx, options),
});
export type PricesLatestOptions = OptionsOf<typeof pricesLatest>;

const pricesImport = defineCommand({
  name: 'import',
  description: 'import daily closes from CSV (all or nothing; needs a sign-in)',
  args: [fileArg],
  flags: [sharedFlag],
  examples: ['folio prices import closes.csv', 'folio prices show AAPL --csv | folio prices import -'],
  help:
    'Every row is checked first (a real date not in the future, a plain decimal close > 0, a 3-letter currency); ' +
    'if any is wrong nothing is written. Importing a close for a symbol and day that was imported before replaces it. ' +
    "Imported closes are your account's own: they override the shared feed for you only (after your prices.provider, before the mock prices).",
  formats: ['table', 'json'],
  options: (z) => z.object({ file: text(z), shared: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./import.js')).runPricesImport(ctx, options),
});
export type MarketImportOptions = OptionsOf<typeof pricesImport>;

const pricesUpdate = defineCommand({
  name: 'update',
  description: 'fetch missing closes, splits and dividends from your prices.provider (and FX rates from fx.provider)',
  args: [{ name: 'symbols', description: 'symbols, e.g. AAPL VWRL.L (or --all)', variadic: true }],
  flags: [
    { flags: '--all', description: 'every symbol you hold or watch, and the FX rates your portfolios need (for cron)' },
    { flags: '--from <date>', description: 'fetch from this date (default: 5 days before the last stored close, or the first trade)' },
    { flags: '--to <date>', description: 'fetch up to this date (default: today)' },
  ],
  examples: ['folio prices update AAPL VWRL.L', 'folio prices update --all  # for cron'],
  help: 'Exit codes: 0 all fetched · 4 a symbol the provider does not know · 6 a provider unreachable or throttled past the retries (the other symbols are kept).',
  formats: ['table', 'json'],
  options: (z) => z.object({ symbols: symbols(z), all: z.boolean().optional(), from: calendarDate(z).optional(), to: calendarDate(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./update.js')).runPricesUpdate(ctx, options),
});
export type PricesUpdateOptions = OptionsOf<typeof pricesUpdate>;

export const pricesGroup = defineGroup({
  name: 'prices',
  description: 'daily closes: update from a provider, show, latest, import your own',
  help:
    'show and latest need no sign-in (then they read the shared data). Signed in, closes come from your prices.provider ' +
    '(fixtures: mock closes, the default; yahoo; tiingo), then the closes you imported, then the shared cache.',
  commands: [pricesShow, pricesLatest, pricesImport, pricesUpdate],
});
