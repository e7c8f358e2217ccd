import { Command, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { CliContext } from './context.js';
import { messageSafe } from './terminal-text.js';
import { mount, type CommandNode } from './command.js';
import { adminGroup } from './commands/admin/admin.command.js';
import { alertsGroup } from './commands/alerts/alerts.command.js';
import { allocationCommand } from './commands/allocation/allocation.command.js';
import { analyzeCommand } from './commands/analyze/analyze.command.js';
import { loginCommand, logoutCommand, registerCommand, whoamiCommand } from './commands/auth/auth.command.js';
import { completeCommand, completionCommand } from './commands/completion/completion.command.js';
import { dbGroup } from './commands/db/db.command.js';
import { demoCommand } from './commands/demo/demo.command.js';
import { exportGroup } from './commands/export/export.command.js';
import { fxGroup } from './commands/fx/fx.command.js';
import { historyCommand } from './commands/history/history.command.js';
import { holdingsCommand } from './commands/holdings/holdings.command.js';
import { lotsCommand } from './commands/holdings/lots.command.js';
import { importMapGroup } from './commands/import-map/import-map.command.js';
import { importGroup } from './commands/import/import.command.js';
import { indicatorsCommand } from './commands/indicators/indicators.command.js';
import { instrumentsGroup } from './commands/instruments/instruments.command.js';
import { notificationsGroup } from './commands/notifications/notifications.command.js';
import { notifyGroup } from './commands/notify/notify.command.js';
import { optimizeCommand } from './commands/optimize/optimize.command.js';
import { passwordGroup } from './commands/password/password.command.js';
import { portfolioGroup } from './commands/portfolio/portfolio.command.js';
import { pricesGroup } from './commands/prices/prices.command.js';
import { profileGroup } from './commands/profile/profile.command.js';
import { eventsCommand, quoteCommand, watchCommand } from './commands/quote/quote.command.js';
import { reportCommand } from './commands/report/report.command.js';
import { settingsGroup } from './commands/settings/settings.command.js';
import { tokenGroup } from './commands/token/token.command.js';
import { txGroup } from './commands/tx/tx.command.js';

/** Every command, in the order `folio --help` lists them. */
const COMMANDS: readonly CommandNode[] = [
  demoCommand,
  // accounts
  registerCommand,
  loginCommand,
  logoutCommand,
  whoamiCommand,
  profileGroup,
  passwordGroup,
  tokenGroup,
  settingsGroup,
  // portfolios and the ledger
  portfolioGroup,
  txGroup,
  holdingsCommand,
  lotsCommand,
  importMapGroup,
  // market data
  pricesGroup,
  fxGroup,
  quoteCommand,
  watchCommand,
  eventsCommand,
  instrumentsGroup,
  // analytics
  allocationCommand,
  indicatorsCommand,
  analyzeCommand,
  historyCommand,
  optimizeCommand,
  reportCommand,
  // data in and out
  exportGroup,
  importGroup,
  // notifications
  alertsGroup,
  notifyGroup,
  notificationsGroup,
  // administration and the shell
  adminGroup,
  dbGroup,
  completionCommand,
  completeCommand,
];

const FORMATS = ['table', 'json', 'csv', 'ndjson', 'text', 'markdown', 'html', 'ghostfolio', 'ghostfolio-csv', 'hledger', 'ledger', 'beancount'];

/** The global flags that take a value, and those that do not: what may come before the command's name. */
const VALUE_FLAGS = ['--database', '--format'];
const PLAIN_FLAGS = ['--json', '--csv', '--no-input', '--offline'];

/**
 * The command modules a run needs: the one its first word names, else all of them (the root's help,
 * suggestions for a mistyped name). Mounting all ~100 commands costs about 10 ms of every start-up.
 */
export function commandsFor(argv: readonly string[]): readonly CommandNode[] {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (VALUE_FLAGS.includes(word)) i++;
    else if (!PLAIN_FLAGS.includes(word) && !VALUE_FLAGS.some((flag) => word.startsWith(`${flag}=`))) {
      const named = COMMANDS.find((node) => node.name === word);
      return named ? [named] : COMMANDS;
    }
  }
  return COMMANDS;
}

/**
 * The command tree: the global flags, then the command modules (all of them unless `argv` names one).
 * Modules are declarations; each loads its code only when it runs, so `folio --help` never loads the
 * database or zod.
 */
export function buildProgram(ctx: CliContext, argv?: readonly string[]): Command {
  const program = new Command('folio')
    .description('Track portfolios, transactions and performance from the terminal.')
    .version(pkg.version, '-V, --version', 'print the version')
    .option('--database <url>', 'database to use: postgres://… or a SQLite file path (default: $FOLIO_HOME/folio.db)')
    .option('--json', 'print data as JSON')
    .option('--csv', 'print data as CSV')
    .addOption(new Option('--format <format>', 'output format (ndjson, ghostfolio[-csv], hledger, ledger, beancount: folio export only; text, markdown, html: folio report only)').choices(FORMATS))
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
  for (const node of argv ? commandsFor(argv) : COMMANDS) mount(program, node, ctx);
  return program;
}
