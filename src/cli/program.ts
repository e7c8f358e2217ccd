import { Command, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { CliContext } from './context.js';
import type { CommandInput } from './options.js';

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
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']))
    .option('--no-input', 'never prompt; fail with a usage error when a value is missing')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.io.stdout.write(text),
      writeErr: (text) => void ctx.io.stderr.write(text),
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
  sub(program, 'whoami', 'show the signed-in account').action(
    lazy(async () => (await import('./commands/auth/whoami.js')).runWhoami),
  );

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
  sub(program, 'lots', 'open FIFO lots of one symbol')
    .argument('<portfolio>', 'portfolio name, id or owner@example.com/NAME')
    .argument('<symbol>', 'symbol, e.g. AAPL')
    .option('--as-of <date>', 'as of the end of this date (YYYY-MM-DD; default: today)')
    .action(lazy(async () => (await import('./commands/holdings/lots.js')).runLots));

  return program;
}
