import { INTERVALS } from '../../../core/performance/types.js';
import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { journalCommand } from './journal.command.js';
import {
  benchmarkFlag,
  calendarDate,
  choice,
  COST_METHODS,
  dateRangeFlags,
  methodFlag,
  outputFlags,
  outputOptions,
  periodFlags,
  periodOptions,
  portfolioArg,
  symbol,
  text,
} from '../../flags.js';

/*
 * Every export writes CSV, JSON or NDJSON (some also other forms) picked with the global --format,
 * --json or --csv: each checks the format itself (`ownFormats`), since ndjson or ghostfolio are not table formats.
 */

const exportTransactions = defineCommand({
  name: 'transactions',
  description: 'transactions as the import CSV (default), JSON or NDJSON; `folio tx import` reads the CSV back',
  args: [portfolioArg],
  flags: [
    ...dateRangeFlags,
    ...outputFlags,
  ],
  examples: ['folio export transactions Retirement -o retirement.csv', 'folio export transactions Retirement --from 2024-01-01 --format ndjson'],
  ownFormats: true,
  options: (z) => z.object({ portfolio: text(z), from: calendarDate(z).optional(), to: calendarDate(z).optional(), ...outputOptions(z) }),
  run: async (ctx, options): Promise<void> => (await import('./export.js')).runExportTransactions(ctx, options),
});
export type ExportTransactionsOptions = OptionsOf<typeof exportTransactions>;

const exportHoldings = defineCommand({
  name: 'holdings',
  description: 'positions as of a date (the rows of `holdings --csv`) as CSV, JSON or NDJSON',
  args: [portfolioArg],
  flags: [
    { flags: '--to <date>', description: 'as of the end of this date (YYYY-MM-DD; default: today)' },
    methodFlag,
    { flags: '--no-value', description: 'skip market values' },
    ...outputFlags,
  ],
  examples: ['folio export holdings Retirement --to 2024-12-31 -o holdings-2024.csv', 'folio export holdings Retirement --json'],
  ownFormats: true,
  options: (z) =>
    z.object({
      portfolio: text(z),
      to: calendarDate(z).optional(),
      method: choice(z, COST_METHODS).optional(),
      value: z.boolean().default(true),
      ...outputOptions(z),
    }),
  run: async (ctx, options): Promise<void> => (await import('./export.js')).runExportHoldings(ctx, options),
});
export type ExportHoldingsOptions = OptionsOf<typeof exportHoldings>;

const exportPortfolio = defineCommand({
  name: 'portfolio',
  description: 'one JSON document with the portfolio, its targets and every transaction (`folio import portfolio` restores it)',
  args: [portfolioArg],
  flags: outputFlags,
  examples: ['folio export portfolio Retirement -o retirement.json', 'folio export portfolio Retirement --format ghostfolio -o ghostfolio.json'],
  ownFormats: true,
  options: (z) => z.object({ portfolio: text(z), ...outputOptions(z) }),
  run: async (ctx, options): Promise<void> => (await import('./export.js')).runExportPortfolio(ctx, options),
});
export type ExportPortfolioOptions = OptionsOf<typeof exportPortfolio>;

const exportPerformance = defineCommand({
  name: 'performance',
  description: 'the figures of `folio analyze` as JSON (default), NDJSON or one CSV row',
  args: [portfolioArg],
  flags: [...periodFlags, benchmarkFlag, ...outputFlags],
  examples: ['folio export performance Retirement --period 1y -o perf.json', 'folio export performance Retirement --benchmark VTI --csv >> monthly.csv'],
  ownFormats: true,
  options: (z) => periodOptions(z).extend({ benchmark: symbol(z).optional(), ...outputOptions(z) }),
  run: async (ctx, options): Promise<void> => (await import('./performance.js')).runExportPerformance(ctx, options),
});
export type ExportPerformanceOptions = OptionsOf<typeof exportPerformance>;

const exportHistory = defineCommand({
  name: 'history',
  description: 'the valuation series of `folio history` as CSV (default), JSON or NDJSON',
  args: [portfolioArg],
  flags: [
    ...periodFlags,
    { flags: '--interval <interval>', description: 'one row per day, or the last valuation day of each week or month', choices: INTERVALS, default: 'day' },
    ...outputFlags,
  ],
  examples: ['folio export history Retirement --interval month -o history.csv', 'folio export history Retirement --period ytd --format ndjson'],
  ownFormats: true,
  options: (z) => periodOptions(z).extend({ interval: choice(z, INTERVALS).default('day'), ...outputOptions(z) }),
  run: async (ctx, options): Promise<void> => (await import('./performance.js')).runExportHistory(ctx, options),
});
export type ExportHistoryOptions = OptionsOf<typeof exportHistory>;

const exportAll = defineCommand({
  name: 'all',
  description: 'your whole data into a directory: profile, settings, every portfolio you own as a document',
  flags: [
    { flags: '-o, --output <dir>', description: 'the directory to write (created if missing)', complete: 'file' },
    { flags: '--force', description: 'replace an export already in the directory' },
  ],
  examples: ['folio export all -o backup/', 'folio export all -o backup/ --force  # replace last week\'s export'],
  ownFormats: true,
  options: (z) => z.object(outputOptions(z)),
  run: async (ctx, options): Promise<void> => (await import('./all.js')).runExportAll(ctx, options),
});
export type ExportAllOptions = OptionsOf<typeof exportAll>;

export const exportGroup = defineGroup({
  name: 'export',
  description: 'export data to stdout or a file: CSV, JSON, NDJSON, portfolio documents',
  help:
    'Data streams to stdout unless --output FILE is given. --format csv|json|ndjson (the global flag) picks the format. ' +
    'An existing file is replaced only with --force; a file is written whole or not at all (a temp file renamed at the end).',
  commands: [exportTransactions, exportHoldings, exportPortfolio, exportPerformance, exportHistory, journalCommand, exportAll],
});
