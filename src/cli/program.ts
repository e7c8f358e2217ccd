import { Command, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { CliContext, OutputFormat } from './context.js';
import { addFxCommands } from './commands/fx/commands.js';
import type { CommandInput } from './options.js';
import { messageSafe } from './terminal-text.js';
import { addMarketDataCommands } from './program-market-data.js';
import { addImportExportCommands } from './program-import.js';
import { checkFormat, examplesText, mount, type CommandSpec } from './command.js';
import { alertsGroup } from './commands/alerts/alerts.command.js';
import { allocationCommand } from './commands/allocation/allocation.command.js';
import { historyCommand } from './commands/history/history.command.js';
import { indicatorsCommand } from './commands/indicators/indicators.command.js';
import { adminGroup } from './commands/admin/admin.command.js';
import { loginCommand, logoutCommand, whoamiCommand } from './commands/auth/auth.command.js';
import { dbMigrateCommand, dbStatusCommand } from './commands/db/db.command.js';
import { instrumentsGroup } from './commands/instruments/instruments.command.js';
import { notificationsGroup } from './commands/notifications/notifications.command.js';
import { portfolioGroup } from './commands/portfolio/portfolio.command.js';
import { profileGroup } from './commands/profile/profile.command.js';
import { completeCommand, completionCommand } from './commands/completion/completion.command.js';
import { lotsCommand } from './commands/holdings/lots.command.js';
import { holdingsCommand } from './commands/holdings/holdings.command.js';
import { analyzeCommand } from './commands/analyze/analyze.command.js';
import { optimizeCommand } from './commands/optimize/optimize.command.js';
import { reportCommand } from './commands/report/report.command.js';
import { exportGroup } from './commands/export/export.command.js';
import { importGroup } from './commands/import/import.command.js';
import { txGroup } from './commands/tx/tx.command.js';

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

  sub(program, 'demo', 'a first look: a demo account with sample portfolios at mock prices')
    .option('-y, --yes', 'on Postgres: make the demo account (public password) anyway')
    .action(
    lazy(async () => (await import('./commands/demo/demo.js')).runDemo, ['table', 'json']),
  );

  // ---- accounts ----
  sub(program, 'register', 'create an account')
    .option('--email <email>', 'email address')
    .option('--name <name>', 'your name')
    .option('--password-stdin', 'read the password from standard input')
    .addHelpText('after', examplesText(['folio register  # asks for each value, and again when one is refused', 'printf %s "$PW" | folio register --email ann@example.com --name Ann --password-stdin']))
    .action(lazy(async () => (await import('./commands/auth/register.js')).runRegister));
  mount(program, loginCommand, ctx);
  mount(program, logoutCommand, ctx);
  mount(program, whoamiCommand, ctx);

  mount(program, profileGroup, ctx);

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
  mount(program, portfolioGroup, ctx);

  // ---- market data ----
  const prices = sub(program, 'prices', 'daily closes: update from a provider, show, latest, import your own').addHelpText(
    'after',
    '\nshow and latest need no sign-in (then they read the shared data). Signed in, closes come from your prices.provider ' +
      '(fixtures: mock closes, the default; yahoo; tiingo), then the closes you imported, then the shared cache.',
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
    .option('--shared', 'write the shared market data every account falls back on (admins only)')
    .addHelpText(
      'after',
      '\nEvery row is checked first (a real date not in the future, a plain decimal close > 0, a 3-letter currency); ' +
        'if any is wrong nothing is written. Importing a close for a symbol and day that was imported before replaces it. ' +
        'Imported closes are your account\'s own: they override the shared feed for you only (after your prices.provider, before the mock prices).',
    )
    .action(lazy(async () => (await import('./commands/prices/import.js')).runPricesImport));

  addFxCommands(sub(program, 'fx', 'exchange rates: show them, import your own'), sub, lazy);
  addMarketDataCommands(program, prices, sub, lazy);
  mount(program, instrumentsGroup, ctx);

  // ---- allocation and indicators ----
  mount(program, allocationCommand, ctx);
  mount(program, indicatorsCommand, ctx);

  // ---- analytics ----
  mount(program, analyzeCommand, ctx);
  mount(program, historyCommand, ctx);
  mount(program, optimizeCommand, ctx);

  // ---- export ----
  const exportCommand = mount(program, exportGroup, ctx);
  const exportFlags = (command: Command) =>
    command
      .option('-o, --output <file>', 'write to this file instead of stdout')
      .option('--force', 'replace the --output file if it exists');
  sub(exportCommand, 'all', 'your whole data into a directory: profile, settings, every portfolio you own as a document')
    .option('-o, --output <dir>', 'the directory to write (created if missing)')
    .option('--force', 'replace an export already in the directory')
    .action(lazy(async () => (await import('./commands/export/all.js')).runExportAll));
  const importCommand = mount(program, importGroup, ctx);

  // ---- notifications ----
  mount(program, alertsGroup, ctx);

  const notify = sub(program, 'notify', 'evaluate alerts and send notifications (for cron)');
  sub(notify, 'run', 'evaluate alerts, make the digest when due, and deliver (email, inbox); retries failed emails')
    .option('--user <email>', 'run for this account (admins only)')
    .option('--all', 'run for every account (admins only)')
    .option('--dry-run', 'show what would fire and be sent; write and send nothing')
    .option('--as-of <date>', 'evaluate at the closes of this date (YYYY-MM-DD; default: today)')
    .addHelpText(
      'after',
      '\nExit codes: 0 everything went out (or nothing was due) · 6 an email did not go out for sure: a refused one stays pending and the next runs retry it (5 attempts), one sent without an answer is not sent again · ' +
        '3 not signed in, or --user/--all without an admin account. Email needs FOLIO_SMTP_URL (smtp://user:pass@host:587) and FOLIO_MAIL_FROM.',
    )
    .action(lazy(async () => (await import('./commands/notify/run.js')).runNotifyRun));
  sub(notify, 'test', 'send a test email to your notification address').action(
    lazy(async () => (await import('./commands/notify/test.js')).runNotifyTest),
  );

  mount(program, notificationsGroup, ctx);
  mount(program, adminGroup, ctx);

  // ---- report ----
  mount(program, reportCommand, ctx);

  // ---- storage ----
  const db = sub(program, 'db', 'database maintenance');
  mount(db, dbMigrateCommand, ctx);
  mount(db, dbStatusCommand, ctx);
  sub(db, 'init', 'create a new SQLite database file (or migrate a Postgres one)')
    .argument('[path]', 'SQLite file path or postgres:// URL (default: the database in use)')
    .action(lazy(async () => (await import('./commands/db/init.js')).runDbInit));
  sub(db, 'copy', 'copy everything into another, empty database (e.g. SQLite to Postgres)')
    .requiredOption('--to <url>', 'target database: postgres://… or a SQLite file path')
    .action(lazy(async () => (await import('./commands/db/copy.js')).runDbCopy));

  // ---- ledger ----
  const tx = mount(program, txGroup, ctx);

  addImportExportCommands({ program, tx, exportCommand, importCommand, sub, lazy, exportFlags });

  mount(program, holdingsCommand, ctx);
  mount(program, lotsCommand, ctx);

  // ---- shell ----
  mount(program, completionCommand, ctx);
  mount(program, completeCommand, ctx);

  return program;
}
