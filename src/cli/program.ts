import { Command, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { CliContext } from './context.js';
import type { CommandInput } from './options.js';
import { mount } from './command.js';
import { whoamiCommand } from './commands/auth/whoami.command.js';
import { lotsCommand } from './commands/holdings/lots.command.js';

type Runner = (ctx: CliContext, input: CommandInput) => Promise<void>;

/**
 * The command tree. Commands are declared here with their flags and help, and their code is
 * imported only when one runs: `folio --version` and `--help` never load the database or zod.
 */
export function buildProgram(ctx: CliContext): Command {
  const lazy =
    (load: () => Promise<Runner>) =>
    async (...params: unknown[]) => {
      const command = params.at(-1) as Command;
      const run = await load();
      await run(ctx, { args: command.processedArgs, opts: command.opts() });
    };

  const program = new Command('folio')
    .description('Track portfolios, transactions and performance from the terminal.')
    .version(pkg.version, '-V, --version', 'print the version')
    .option('--database <url>', 'database to use: postgres://… or a SQLite file path (default: $FOLIO_HOME/folio.db)')
    .option('--json', 'print data as JSON')
    .option('--csv', 'print data as CSV')
    .addOption(new Option('--format <format>', 'output format (ndjson: folio export only; text, markdown, html: folio report only)').choices(['table', 'json', 'csv', 'ndjson', 'text', 'markdown', 'html']))
    .option('--no-input', 'never prompt; fail with a usage error when a value is missing')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.io.stdout.write(text),
      writeErr: (text) => void ctx.io.stderr.write(text),
      // parse errors are reported by main.ts, like every other error
      outputError: () => {},
    })
    .hook('preAction', (_program, action) => {
      ctx.globals = action.optsWithGlobals();
    });
  const sub = (parent: Command, name: string, description: string) =>
    parent.command(name).description(description).exitOverride();

  sub(program, 'demo', 'a first look: a demo account with sample portfolios at mock prices').action(
    lazy(async () => (await import('./commands/demo/demo.js')).runDemo),
  );

  // ---- accounts ----
  sub(program, 'register', 'create an account')
    .option('--email <email>', 'email address')
    .option('--name <name>', 'your name')
    .option('--password-stdin', 'read the password from standard input')
    .action(lazy(async () => (await import('./commands/auth/register.js')).runRegister));
  sub(program, 'login', 'sign in and start a session')
    .option('--email <email>', 'email address')
    .option('--password-stdin', 'read the password from standard input')
    .action(lazy(async () => (await import('./commands/auth/login.js')).runLogin));
  sub(program, 'logout', 'end the current session').action(
    lazy(async () => (await import('./commands/auth/logout.js')).runLogout),
  );
  mount(program, whoamiCommand, ctx);

  const profile = sub(program, 'profile', 'show or change your name and email');
  sub(profile, 'show', 'show your profile').action(lazy(async () => (await import('./commands/profile/show.js')).runProfileShow));
  sub(profile, 'set', 'change your name or email')
    .option('--name <name>', 'new name')
    .option('--email <email>', 'new email address')
    .action(lazy(async () => (await import('./commands/profile/set.js')).runProfileSet));

  const password = sub(program, 'password', 'manage your password');
  sub(password, 'change', 'change your password (signs out your other sessions)')
    .option('--password-stdin', 'read the current and the new password, one per line, from standard input')
    .action(lazy(async () => (await import('./commands/password/change.js')).runPasswordChange));

  const token = sub(program, 'token', 'API tokens for scripts and cron jobs (FOLIO_TOKEN)');
  sub(token, 'create', 'create a token; it is shown once')
    .option('--label <label>', 'what the token is for')
    .option('--expires <duration>', 'lifetime such as 30d, 12w, 1y, or never', '90d')
    .action(lazy(async () => (await import('./commands/token/create.js')).runTokenCreate));
  sub(token, 'list', 'list your tokens').action(lazy(async () => (await import('./commands/token/list.js')).runTokenList));
  sub(token, 'revoke', 'revoke a token')
    .argument('<id>', 'token id (from folio token list)')
    .action(lazy(async () => (await import('./commands/token/revoke.js')).runTokenRevoke));

  const settings = sub(program, 'settings', 'show and change your settings');
  sub(settings, 'show', 'list every setting with its value, default and allowed values').action(
    lazy(async () => (await import('./commands/settings/settings.js')).runSettingsShow),
  );
  sub(settings, 'get', 'print one setting')
    .argument('<key>', 'setting name, e.g. display.currency')
    .action(lazy(async () => (await import('./commands/settings/settings.js')).runSettingsGet));
  sub(settings, 'set', 'change one setting')
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value')
    .action(lazy(async () => (await import('./commands/settings/settings.js')).runSettingsSet));
  sub(settings, 'reset', 'restore one setting, or all of them, to the default')
    .argument('[key]', 'setting name (all settings when omitted)')
    .action(lazy(async () => (await import('./commands/settings/settings.js')).runSettingsReset));

  // ---- portfolios ----
  const portfolio = sub(program, 'portfolio', 'create, share and organise portfolios').addHelpText(
    'after',
    '\nA PORTFOLIO is one of your portfolio names, a portfolio id, or owner@example.com/NAME for one shared with you.',
  );
  sub(portfolio, 'add', 'create a portfolio')
    .argument('[name]', 'portfolio name (asked on a terminal when omitted)')
    .option('--currency <code>', 'base currency, e.g. USD (default: your display.currency setting)')
    .option('--description <text>', 'what the portfolio is for')
    .option('--target <targets>', 'target allocation in percent, adding up to 100, e.g. AAPL=40,VTI=60')
    .action(lazy(async () => (await import('./commands/portfolio/add.js')).runPortfolioAdd));
  sub(portfolio, 'list', 'list your portfolios and those shared with you').action(
    lazy(async () => (await import('./commands/portfolio/list.js')).runPortfolioList),
  );
  sub(portfolio, 'show', 'show a portfolio, its targets and who it is shared with')
    .argument('<portfolio>', 'name, id or owner@example.com/NAME')
    .action(lazy(async () => (await import('./commands/portfolio/show.js')).runPortfolioShow));
  sub(portfolio, 'rename', 'rename a portfolio (owner only)')
    .argument('<portfolio>', 'name, id or owner@example.com/NAME')
    .argument('<new-name>', 'new name')
    .action(lazy(async () => (await import('./commands/portfolio/rename.js')).runPortfolioRename));
  sub(portfolio, 'remove', 'delete a portfolio with its transactions (owner only)')
    .argument('<portfolio>', 'name, id or owner@example.com/NAME')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .action(lazy(async () => (await import('./commands/portfolio/remove.js')).runPortfolioRemove));
  sub(portfolio, 'set-targets', 'replace the target allocation (owner or editor)')
    .argument('<portfolio>', 'name, id or owner@example.com/NAME')
    .argument('[targets]', 'SYMBOL=PERCENT pairs adding up to exactly 100, e.g. AAPL=40,VTI=60 (replaces all targets)')
    .option('--clear', 'remove the target allocation (an empty TARGETS list is refused)')
    .action(lazy(async () => (await import('./commands/portfolio/set-targets.js')).runPortfolioSetTargets));
  sub(portfolio, 'share', 'share a portfolio with another account, or change their role (owner only)')
    .argument('<portfolio>', 'name, id or owner@example.com/NAME')
    .option('--with <email>', 'the account to share with')
    .addOption(new Option('--role <role>', 'viewer: read only; editor: may also add transactions and set targets').choices(['viewer', 'editor']).default('viewer'))
    .action(lazy(async () => (await import('./commands/portfolio/share.js')).runPortfolioShare));
  sub(portfolio, 'unshare', 'stop sharing a portfolio with an account (owner), or leave one shared with you (your own email)')
    .argument('<portfolio>', 'name, id or owner@example.com/NAME')
    .option('--with <email>', 'the account to remove')
    .action(lazy(async () => (await import('./commands/portfolio/share.js')).runPortfolioUnshare));

  // ---- market data ----
  const prices = sub(program, 'prices', 'daily closes: show, latest, import your own').addHelpText(
    'after',
    '\nPrices are shared market data, not user data: show and latest need no sign-in. Until real feeds are plugged in, ' +
      'mock closes come from the fixtures; closes you import override them day by day.',
  );
  sub(prices, 'show', "a symbol's daily closes, oldest first")
    .argument('<symbol>', 'symbol, e.g. AAPL')
    .option('--from <date>', 'on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'on or before this date (YYYY-MM-DD)')
    .action(lazy(async () => (await import('./commands/prices/show.js')).runPricesShow));
  sub(prices, 'latest', 'the last close of symbols (default: every instrument)')
    .argument('[symbols...]', 'symbols, e.g. AAPL VTI')
    .option('--as-of <date>', 'the last close on or before this date (YYYY-MM-DD; default: today)')
    .action(lazy(async () => (await import('./commands/prices/latest.js')).runPricesLatest));
  sub(prices, 'import', 'import daily closes from CSV (all or nothing; needs a sign-in)')
    .argument('<file>', 'CSV file with a header naming the columns symbol,date,close,currency (any order); - for stdin')
    .addHelpText(
      'after',
      '\nEvery row is checked first (a real date not in the future, a plain decimal close > 0, a 3-letter currency); ' +
        'if any is wrong nothing is written. Importing a close for a symbol and day that was imported before replaces it. ' +
        'Imported closes are shared by every user of the database and take precedence over the mock fixture prices.',
    )
    .action(lazy(async () => (await import('./commands/prices/import.js')).runPricesImport));

  const instruments = sub(program, 'instruments', 'the instruments market data knows');
  sub(instruments, 'list', 'list instruments').action(lazy(async () => (await import('./commands/instruments/list.js')).runInstrumentsList));
  sub(instruments, 'show', 'show an instrument with its latest close')
    .argument('<symbol>', 'symbol, e.g. AAPL')
    .action(lazy(async () => (await import('./commands/instruments/show.js')).runInstrumentsShow));

  // ---- allocation and indicators ----
  sub(program, 'allocation', "weights of a portfolio's value by symbol, class, sector or currency, drift from its targets, and rebalancing trades")
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .addOption(new Option('--by <group>', 'group positions by').choices(['symbol', 'class', 'sector', 'currency']).default('symbol'))
    .option('--as-of <date>', 'at the last closes on or before this date (YYYY-MM-DD; default: today)')
    .option('--rebalance', 'also list the whole-share trades (sells first, within the cash) that restore the targets')
    .addHelpText(
      'after',
      '\nThe total is positions at market plus cash, in the base currency; cash is its own group, `cash`. ' +
        'Targets are shares of that total (so their cash target is 0); a held symbol without a target has a target of 0. ' +
        'Weights, targets and drift are fractions in JSON/CSV (drift 0.05 = 5 percentage points over target).',
    )
    .action(lazy(async () => (await import('./commands/allocation/allocation.js')).runAllocation));
  sub(program, 'indicators', "technical indicators on a symbol's daily closes: SMA, EMA, RSI, MACD, Bollinger bands")
    .argument('<symbol>', 'symbol, e.g. AAPL')
    .option('--sma <n>', 'simple moving average period (default: 20)')
    .option('--ema <n>', 'exponential moving average period, seeded with the SMA (default: 20)')
    .option('--rsi <n>', "Wilder's RSI period (default: 14)")
    .option('--macd', 'show MACD (12, 26, 9) in the table')
    .option('--bollinger', 'show Bollinger bands (20, 2) in the table')
    .option('--from <date>', 'rows on or after this date (YYYY-MM-DD); indicators still use the closes before it')
    .option('--to <date>', 'rows and closes on or before this date (YYYY-MM-DD; default: today)')
    .addHelpText(
      'after',
      '\nJSON and CSV always carry every indicator (null until it has enough closes). The table shows the last 20 closes ' +
        'unless --from/--to is given, with SMA, EMA and RSI, or only the indicators named by flags.',
    )
    .action(lazy(async () => (await import('./commands/indicators/indicators.js')).runIndicators));

  // ---- analytics ----
  const periodFlags = (command: Command) =>
    command
      .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
      .option('--from <date>', 'first day of the period (YYYY-MM-DD)')
      .option('--to <date>', 'last day of the period (YYYY-MM-DD; default: today, i.e. the last day with prices)')
      .addOption(new Option('--period <period>', 'a period ending on --to (default: max, everything)').choices(['1m', '3m', 'ytd', '1y', '3y', '5y', 'max']))
      .addOption(new Option('--scope <scope>', 'holdings: buys in, sells and dividends out · account: cash included, deposits in, withdrawals out').choices(['holdings', 'account']).default('holdings'))
      .addOption(new Option('--method <method>', 'cost basis method (default: your costBasis.method setting)').choices(['fifo', 'average']));
  periodFlags(sub(program, 'analyze', 'performance of a portfolio: value, gains, TWR, MWR, risk, drawdown, a benchmark'))
    .option('--benchmark <symbol>', 'compare with a symbol held over the same days, e.g. VTI')
    .addHelpText(
      'after',
      '\nValuation is daily at close in the portfolio\'s base currency. TWR chains daily returns with flows at the end of ' +
        'their day; MWR is the XIRR of the flows; volatility and Sharpe/Sortino are annualised with √252. A period ' +
        'starts from the value at the last valuation day before --from. Undefined figures are null, with the reason.',
    )
    .action(lazy(async () => (await import('./commands/analyze/analyze.js')).runAnalyze));
  periodFlags(sub(program, 'history', 'the daily valuation series: value, net flows, TWR index, drawdown'))
    .addOption(new Option('--interval <interval>', 'one row per day, or the last valuation day of each week or month').choices(['day', 'week', 'month']).default('day'))
    .action(lazy(async () => (await import('./commands/history/history.js')).runHistory));

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
  const alerts = sub(program, 'alerts', 'price, move, portfolio-change and drift alerts, delivered by `folio notify run`').addHelpText(
    'after',
    '\nTypes and thresholds: price-above / price-below (a price level of --symbol), move (--symbol moves beyond ±X% in a day), ' +
      'portfolio-change (--portfolio value changes beyond ±X% since the last update), drift (--portfolio drifts X percentage points from a target). ' +
      'An alert fires once per crossing and re-arms when its condition clears.',
  );
  sub(alerts, 'add', 'add an alert (asks on a terminal for what is missing)')
    .addOption(new Option('--type <type>', 'alert type').choices(['price-above', 'price-below', 'move', 'portfolio-change', 'drift']))
    .option('--symbol <symbol>', 'symbol to watch (price-above, price-below, move)')
    .option('--portfolio <portfolio>', 'portfolio to watch (portfolio-change, drift)')
    .option('--threshold <x>', 'price level, or percent (move, portfolio-change), or percentage points (drift)')
    .addOption(new Option('--severity <severity>', 'severity (default: warning; info for drift)').choices(['info', 'warning', 'critical']))
    .action(lazy(async () => (await import('./commands/alerts/alerts.js')).runAlertsAdd));
  sub(alerts, 'list', 'list your alerts and their state').action(lazy(async () => (await import('./commands/alerts/alerts.js')).runAlertsList));
  sub(alerts, 'remove', 'delete an alert')
    .argument('<id>', 'alert id, or the short id shown by alerts list')
    .action(lazy(async () => (await import('./commands/alerts/alerts.js')).runAlertsRemove));
  sub(alerts, 'pause', 'stop evaluating an alert')
    .argument('<id>', 'alert id, or the short id shown by alerts list')
    .action(lazy(async () => (await import('./commands/alerts/alerts.js')).runAlertsPause));
  sub(alerts, 'resume', 'evaluate a paused alert again (re-armed)')
    .argument('<id>', 'alert id, or the short id shown by alerts list')
    .action(lazy(async () => (await import('./commands/alerts/alerts.js')).runAlertsResume));

  const notify = sub(program, 'notify', 'evaluate alerts and send notifications (for cron)');
  sub(notify, 'run', 'evaluate alerts, make the digest when due, and deliver (email, inbox); retries failed emails')
    .option('--user <email>', 'run for this account (admins only)')
    .option('--all', 'run for every account (admins only)')
    .option('--dry-run', 'show what would fire and be sent; write and send nothing')
    .option('--as-of <date>', 'evaluate at the closes of this date (YYYY-MM-DD; default: today)')
    .addHelpText(
      'after',
      '\nExit codes: 0 everything went out (or nothing was due) · 6 an email could not be sent: it stays pending with its error and the next run retries it · ' +
        '3 not signed in, or --user/--all without an admin account. Email needs FOLIO_SMTP_URL (smtp://user:pass@host:587) and FOLIO_MAIL_FROM.',
    )
    .action(lazy(async () => (await import('./commands/notify/run.js')).runNotifyRun));
  sub(notify, 'test', 'send a test email to your notification address').action(
    lazy(async () => (await import('./commands/notify/test.js')).runNotifyTest),
  );

  const notifications = sub(program, 'notifications', 'your inbox of alerts and portfolio updates');
  sub(notifications, 'list', 'list notifications, newest first')
    .option('--unread', 'only unread ones')
    .action(lazy(async () => (await import('./commands/notifications/notifications.js')).runNotificationsList));
  sub(notifications, 'read', 'mark notifications read')
    .argument('[ids...]', 'notification ids, or the short ids shown by notifications list')
    .option('--all', 'mark every notification read')
    .action(lazy(async () => (await import('./commands/notifications/notifications.js')).runNotificationsRead));
  sub(notifications, 'clear', 'remove notifications from the inbox')
    .option('--read', 'only those already read')
    .action(lazy(async () => (await import('./commands/notifications/notifications.js')).runNotificationsClear));

  const admin = sub(program, 'admin', 'operator commands (admin accounts only; the first account is one)');
  sub(admin, 'grant', 'make an account an admin')
    .argument('<email>', 'the account')
    .action(lazy(async () => (await import('./commands/admin/admin.js')).runAdminGrant));
  sub(admin, 'revoke', 'take admin rights away from an account')
    .argument('<email>', 'the account')
    .action(lazy(async () => (await import('./commands/admin/admin.js')).runAdminRevoke));
  sub(admin, 'stats', 'usage figures: accounts, activity, portfolios, transactions, alerts, notifications').action(
    lazy(async () => (await import('./commands/admin/admin.js')).runAdminStats),
  );

  // ---- report ----
  periodFlags(sub(program, 'report', 'a performance report to send to someone: text, Markdown or one self-contained HTML file'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--force', 'replace the --output file if it exists')
    .addHelpText(
      'after',
      '\n--format text (default) | markdown | html picks the form. The report shows the summary figures of `folio analyze`, ' +
        'returns by month and year, allocation, top gains and losses, dividends, realised gains by year and the ' +
        "period's transactions. The HTML file has inline CSS and SVG charts (value, drawdown, allocation): it loads " +
        'nothing from the network, reads well on a phone and prints. An existing --output file is replaced only with --force.',
    )
    .action(lazy(async () => (await import('./commands/report/report.js')).runReport));

  // ---- storage ----
  const db = sub(program, 'db', 'database maintenance');
  sub(db, 'migrate', 'apply pending migrations').action(lazy(async () => (await import('./commands/db/migrate.js')).runDbMigrate));
  sub(db, 'status', 'show the database in use and its migrations').action(
    lazy(async () => (await import('./commands/db/status.js')).runDbStatus),
  );
  sub(db, 'copy', 'copy everything into another, empty database (e.g. SQLite to Postgres)')
    .requiredOption('--to <url>', 'target database: postgres://… or a SQLite file path')
    .action(lazy(async () => (await import('./commands/db/copy.js')).runDbCopy));

  // ---- ledger ----
  const tx = sub(program, 'tx', 'record, list, change and import transactions');
  const txFields = (command: Command) =>
    command
      .option('--type <type>', 'buy, sell, dividend, interest, deposit, withdrawal, fee or split')
      .option('--symbol <symbol>', 'instrument symbol, e.g. AAPL')
      .option('--quantity <n>', 'units bought or sold; for a split, the ratio (2 = 2-for-1)')
      .option('--price <price>', 'price per unit (buy, sell)')
      .option('--amount <amount>', 'money amount (dividend, interest, deposit, withdrawal, fee)')
      .option('--fee <fee>', 'fee paid (buy, sell)')
      .option('--date <date>', 'trade date as YYYY-MM-DD (default: today)')
      .option('--currency <code>', "currency (default: the portfolio's)")
      .option('--note <text>', 'free text');
  txFields(sub(tx, 'add', 'record a transaction').argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')).action(
    lazy(async () => (await import('./commands/tx/add.js')).runTxAdd),
  );
  sub(tx, 'list', 'list transactions (oldest first)')
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--from <date>', 'on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'on or before this date (YYYY-MM-DD)')
    .option('--symbol <symbol>', 'only this symbol')
    .option('--type <types>', 'only these types, comma-separated')
    .action(lazy(async () => (await import('./commands/tx/list.js')).runTxList));
  txFields(sub(tx, 'edit', 'change fields of a transaction').argument('<id>', 'transaction id, or the short id shown by tx list')).action(
    lazy(async () => (await import('./commands/tx/edit.js')).runTxEdit),
  );
  sub(tx, 'remove', 'delete a transaction')
    .argument('<id>', 'transaction id, or the short id shown by tx list')
    .action(lazy(async () => (await import('./commands/tx/remove.js')).runTxRemove));

  sub(tx, 'import', 'import transactions from CSV (all or nothing)')
    .argument('<file>', 'CSV file with columns date,type,symbol,quantity,price,amount,fee,currency,note; - for stdin')
    .option('--portfolio <portfolio>', 'portfolio to import into')
    .option('--dry-run', 'validate everything, write nothing')
    .option('--allow-duplicates', 'import a file even if it was imported before')
    .action(lazy(async () => (await import('./commands/tx/import.js')).runTxImport));

  sub(program, 'holdings', 'positions, cost basis, realised gains and cash of a portfolio')
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .option('--as-of <date>', 'as of the end of this date (YYYY-MM-DD; default: today)')
    .addOption(new Option('--method <method>', 'cost basis method (default: your costBasis.method setting)').choices(['fifo', 'average']))
    .option('--no-value', 'skip market values (the plain ledger view, e.g. for symbols without prices)')
    .action(lazy(async () => (await import('./commands/holdings/holdings.js')).runHoldings));
  mount(program, lotsCommand, ctx);

  return program;
}
