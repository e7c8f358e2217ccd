import { Command, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { OPTIMIZE_HELP, optimizeFlags } from './commands/optimize/flags.js';
import type { CliContext, OutputFormat } from './context.js';
import type { CommandInput } from './options.js';
import { messageSafe } from './terminal-text.js';
import { checkFormat, examplesText, mount, type CommandSpec } from './command.js';
import { alertsGroup } from './commands/alerts/alerts.command.js';
import { allocationCommand } from './commands/allocation/allocation.command.js';
import { historyCommand } from './commands/history/history.command.js';
import { indicatorsCommand } from './commands/indicators/indicators.command.js';
import { adminGroup } from './commands/admin/admin.command.js';
import { loginCommand, logoutCommand, registerCommand, whoamiCommand } from './commands/auth/auth.command.js';
import { demoCommand } from './commands/demo/demo.command.js';
import { passwordGroup } from './commands/password/password.command.js';
import { tokenGroup } from './commands/token/token.command.js';
import { settingsGroup } from './commands/settings/settings.command.js';
import { pricesGroup } from './commands/prices/prices.command.js';
import { fxGroup } from './commands/fx/fx.command.js';
import { eventsCommand, quoteCommand, watchCommand } from './commands/quote/quote.command.js';
import { txImportCommand } from './commands/tx/import.command.js';
import { importMapGroup } from './commands/import-map/import-map.command.js';
import { journalCommand } from './commands/export/journal.command.js';
import { importAllCommand } from './commands/import/all.command.js';
import { notifyGroup } from './commands/notify/notify.command.js';
import { dbGroup } from './commands/db/db.command.js';
import { instrumentsGroup } from './commands/instruments/instruments.command.js';
import { notificationsGroup } from './commands/notifications/notifications.command.js';
import { portfolioGroup } from './commands/portfolio/portfolio.command.js';
import { profileGroup } from './commands/profile/profile.command.js';
import { completeCommand, completionCommand } from './commands/completion/completion.command.js';
import { lotsCommand } from './commands/holdings/lots.command.js';

export type Runner = (ctx: CliContext, input: CommandInput) => Promise<void>;

/**
 * The command tree. Commands are declared here with their flags and help, and their code is
 * imported only when one runs: `folio --version` and `--help` never load the database or zod.
 */
export function buildProgram(ctx: CliContext): Command {
  const lazy =
    (load: () => Promise<Runner>, formats?: readonly OutputFormat[]) =>
    async (...params: unknown[]) => {
      const command = params.at(-1) as Command;
      if (formats) checkFormat(ctx, { formats } as CommandSpec, command.name());
      const run = await load();
      await run(ctx, { args: command.processedArgs, opts: command.opts() });
    };

  const program = new Command('folio')
    .description('Track portfolios, transactions and performance from the terminal.')
    .version(pkg.version, '-V, --version', 'print the version')
    .option('--database <url>', 'database to use: postgres://… or a SQLite file path (default: $FOLIO_HOME/folio.db)')
    .option('--json', 'print data as JSON')
    .option('--csv', 'print data as CSV')
    .addOption(new Option('--format <format>', 'output format (ndjson, ghostfolio[-csv], hledger, ledger, beancount: folio export only; text, markdown, html: folio report only)').choices(['table', 'json', 'csv', 'ndjson', 'text', 'markdown', 'html', 'ghostfolio', 'ghostfolio-csv', 'hledger', 'ledger', 'beancount']))
    .option('--no-input', 'never prompt; fail with a usage error when a value is missing')
    .option('--offline', 'never touch the network (also FOLIO_OFFLINE=1)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.io.stdout.write(text),
      writeErr: (text) => void ctx.io.stderr.write(messageSafe(text)),
      // parse errors are reported by main.ts, like every other error
      outputError: () => {},
    })
    .hook('preAction', (_program, action) => {
      ctx.globals = action.optsWithGlobals();
    });
  const sub = (parent: Command, name: string, description: string) =>
    parent.command(name).description(description).exitOverride();

  mount(program, demoCommand, ctx);

  // ---- accounts ----
  mount(program, registerCommand, ctx);
  mount(program, loginCommand, ctx);
  mount(program, logoutCommand, ctx);
  mount(program, whoamiCommand, ctx);

  mount(program, profileGroup, ctx);

  mount(program, passwordGroup, ctx);
  mount(program, tokenGroup, ctx);
  mount(program, settingsGroup, ctx);

  // ---- portfolios ----
  mount(program, portfolioGroup, ctx);

  // ---- market data ----
  mount(program, pricesGroup, ctx);
  mount(program, fxGroup, ctx);
  mount(program, quoteCommand, ctx);
  mount(program, watchCommand, ctx);
  mount(program, eventsCommand, ctx);
  mount(program, instrumentsGroup, ctx);

  // ---- allocation and indicators ----
  mount(program, allocationCommand, ctx);
  mount(program, indicatorsCommand, ctx);

  // ---- analytics ----
  const periodFlags = (command: Command) =>
    command
      .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
      .option('--from <date>', 'first day of the period (YYYY-MM-DD, today or yesterday)')
      .option('--to <date>', 'last day of the period, valued at the last closes on or before it (YYYY-MM-DD; default: today)')
      .addOption(new Option('--period <period>', 'a period ending on --to (default: max, everything)').choices(['1d', '1w', 'wtd', 'mtd', '1m', '3m', 'qtd', 'ytd', '1y', '3y', '5y', 'max']))
      .option('--before-taxes', 'leave taxes out of every figure, as if none had been paid')
      .addOption(new Option('--scope <scope>', 'holdings: buys in, sells and dividends out · account: cash included, deposits in, withdrawals out').choices(['holdings', 'account']).default('holdings'))
      .addOption(new Option('--method <method>', 'cost basis method (default: your costBasis.method setting)').choices(['fifo', 'average']));
  periodFlags(sub(program, 'analyze', 'performance of a portfolio: value, gains, TWR, MWR, risk, drawdown, a benchmark'))
    .option('--benchmark <symbol>', 'compare with a symbol held over the same days, e.g. VTI')
    .addHelpText(
      'after',
      '\nValuation is at close on every weekday in the portfolio\'s base currency. TWR chains daily returns with money in ' +
        'at the start of its day and money out at its end; MWR is the XIRR of the flows (mwrPeriod: over the period itself); volatility and Sharpe/Sortino are annualised with √252. A period ' +
        'starts from the value at the last valuation day before --from. Undefined figures are null, with the reason.',
    )
    .action(lazy(async () => (await import('./commands/analyze/analyze.js')).runAnalyze));
  mount(program, historyCommand, ctx);

  optimizeFlags(sub(program, 'optimize', OPTIMIZE_HELP)).action(lazy(async () => (await import('./commands/optimize/optimize.js')).runOptimize));
  // ---- export ----
  const exportCommand = sub(program, 'export', 'export data to stdout or a file: CSV, JSON, NDJSON, portfolio documents').addHelpText(
    'after',
    '\nData streams to stdout unless --output FILE is given. --format csv|json|ndjson (the global flag) picks the format. ' +
      'An existing file is replaced only with --force; a file is written whole or not at all (a temp file renamed at the end).',
  );
  const exportFlags = (command: Command) =>
    command
      .option('-o, --output <file>', 'write to this file instead of stdout')
      .option('--force', 'replace the --output file if it exists');
  exportFlags(sub(exportCommand, 'transactions', 'transactions as the import CSV (default), JSON or NDJSON; `folio tx import` reads the CSV back'))
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--from <date>', 'on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'on or before this date (YYYY-MM-DD)')
    .action(lazy(async () => (await import('./commands/export/export.js')).runExportTransactions));
  exportFlags(sub(exportCommand, 'holdings', 'positions as of a date (the rows of `holdings --csv`) as CSV, JSON or NDJSON'))
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--to <date>', 'as of the end of this date (YYYY-MM-DD; default: today)')
    .addOption(new Option('--method <method>', 'cost basis method (default: your costBasis.method setting)').choices(['fifo', 'average']))
    .option('--no-value', 'skip market values')
    .action(lazy(async () => (await import('./commands/export/export.js')).runExportHoldings));
  exportFlags(sub(exportCommand, 'portfolio', 'one JSON document with the portfolio, its targets and every transaction (`folio import portfolio` restores it)'))
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .action(lazy(async () => (await import('./commands/export/export.js')).runExportPortfolio));
  periodFlags(exportFlags(sub(exportCommand, 'performance', 'the figures of `folio analyze` as JSON (default), NDJSON or one CSV row')))
    .option('--benchmark <symbol>', 'compare with a symbol held over the same days, e.g. VTI')
    .action(lazy(async () => (await import('./commands/export/performance.js')).runExportPerformance));
  periodFlags(exportFlags(sub(exportCommand, 'history', 'the valuation series of `folio history` as CSV (default), JSON or NDJSON')))
    .addOption(new Option('--interval <interval>', 'one row per day, or the last valuation day of each week or month').choices(['day', 'week', 'month']).default('day'))
    .action(lazy(async () => (await import('./commands/export/performance.js')).runExportHistory));
  sub(exportCommand, 'all', 'your whole data into a directory: profile, settings, every portfolio you own as a document')
    .option('-o, --output <dir>', 'the directory to write (created if missing)')
    .option('--force', 'replace an export already in the directory')
    .action(lazy(async () => (await import('./commands/export/all.js')).runExportAll));
  const importCommand = sub(program, 'import', 'restore exported data');
  sub(importCommand, 'portfolio', 'restore a portfolio document as a new portfolio of yours (all or nothing)')
    .argument('<file>', 'a document written by `folio export portfolio`; - for stdin')
    .option('--name <name>', 'restore under this name instead of the one in the document')
    .action(lazy(async () => (await import('./commands/import/portfolio.js')).runImportPortfolio));

  // ---- notifications ----
  mount(program, alertsGroup, ctx);

  mount(program, notifyGroup, ctx);

  mount(program, notificationsGroup, ctx);
  mount(program, adminGroup, ctx);

  // ---- report ----
  periodFlags(sub(program, 'report', 'a performance report to send to someone: text, Markdown or one self-contained HTML file'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--force', 'replace the --output file if it exists')
    .option('--frontier', "HTML only: add the efficient frontier of the holdings over the report's period (see folio optimize)")
    .addHelpText(
      'after',
      '\n--format text (default) | markdown | html picks the form. The report shows the summary figures of `folio analyze`, ' +
        'returns by month and year, allocation, top gains and losses, dividends, realised gains by year and the ' +
        "period's transactions. The HTML file has inline CSS and SVG charts (value, drawdown, allocation): it loads " +
        'nothing from the network, reads well on a phone and prints. An existing --output file is replaced only with --force.',
    )
    .action(lazy(async () => (await import('./commands/report/report.js')).runReport));

  // ---- storage ----
  mount(program, dbGroup, ctx);

  // ---- ledger ----
  const tx = sub(program, 'tx', 'record, list, change and import transactions');
  const txFields = (command: Command) =>
    command
      .option('--type <type>', 'buy, sell, dividend, interest, deposit, withdrawal, fee, tax, split, transfer-in or transfer-out')
      .option('--symbol <symbol>', 'instrument symbol, e.g. AAPL')
      .option('--quantity <n>', 'units bought or sold; for a split, the ratio (2:1, 1:3, 3/2)')
      .option('--price <price>', 'price per unit (buy, sell); cost or value per unit (transfer-in, transfer-out)')
      .option('--amount <amount>', 'money amount (dividend, interest, deposit, withdrawal, fee, tax)')
      .option('--fee <fee>', 'fee paid (buy, sell)')
      .option('--tax <tax>', 'tax withheld (dividend, interest)')
      .option('--ratio <ratio>', 'split ratio as people write it: 2:1, 1:3 (reverse), 3/2')
      .option('--date <date>', 'trade date as YYYY-MM-DD, today or yesterday (default: today, in your time zone)')
      .option('--currency <code>', "currency (default: the portfolio's)")
      .option('--note <text>', 'free text');
  txFields(sub(tx, 'add', 'record a transaction').argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME'))
    .addHelpText('after', examplesText(['folio tx add IRA  # on a terminal: asks for each field, checking every answer', 'folio tx add IRA --type buy --symbol AAPL --quantity 10 --price 187.5 --fee 1']))
    .action(lazy(async () => (await import('./commands/tx/add.js')).runTxAdd));
  sub(tx, 'list', 'list transactions: newest first on a terminal, oldest first when piped or as JSON/CSV')
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--from <date>', 'on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'on or before this date (YYYY-MM-DD)')
    .option('--symbol <symbol>', 'only this symbol')
    .option('--type <types>', 'only these types, comma-separated')
    .option('--limit <n>', 'at most N rows (the first N in the order shown)')
    .option('--reverse', 'the other order: oldest first on a terminal, newest first when piped')
    .addHelpText('after', examplesText(['folio tx list IRA --limit 20  # the latest 20 on a terminal', 'folio tx list IRA --symbol AAPL --type buy,sell --csv > aapl.csv']))
    .action(lazy(async () => (await import('./commands/tx/list.js')).runTxList));
  txFields(sub(tx, 'edit', 'change fields of a transaction').argument('<id>', 'transaction id, or the short id shown by tx list')).action(
    lazy(async () => (await import('./commands/tx/edit.js')).runTxEdit),
  );
  sub(tx, 'remove', 'delete a transaction')
    .argument('<id>', 'transaction id, or the short id shown by tx list')
    .action(lazy(async () => (await import('./commands/tx/remove.js')).runTxRemove));

  mount(tx, txImportCommand, ctx);
  mount(program, importMapGroup, ctx);
  mount(exportCommand, journalCommand, ctx);
  mount(importCommand, importAllCommand, ctx);

  sub(program, 'holdings', 'positions, cost basis, realised gains and cash of a portfolio')
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--as-of <date>', 'as of the end of this date (YYYY-MM-DD; default: today)')
    .addOption(new Option('--method <method>', 'cost basis method (default: your costBasis.method setting)').choices(['fifo', 'average']))
    .option('--no-value', 'skip market values (the plain ledger view, e.g. for symbols without prices)')
    .action(lazy(async () => (await import('./commands/holdings/holdings.js')).runHoldings));
  mount(program, lotsCommand, ctx);

  // ---- shell ----
  mount(program, completionCommand, ctx);
  mount(program, completeCommand, ctx);

  return program;
}
