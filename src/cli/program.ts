import { Command, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { CliContext } from './context.js';
import { messageSafe } from './terminal-text.js';
import { mount, type CommandNode } from './command.js';

/**
 * The command declarations, in two modules (two chunks of the bundle): the account commands, which
 * scripts call in loops (`whoami`), and all the others. A run loads the one holding its command; help
 * and suggestions load both. (One chunk per command would make help load some 30 more files.)
 */
const accountCommands = () => import('./commands/auth/auth.command.js');
const otherCommands = () => import('./commands/declarations.js');

/** Every command, in the order `folio --help` lists them: its name, and its declaration when a run needs it. */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<CommandNode>]> = [
  ['demo', () => otherCommands().then((m) => m.demoCommand)],
  // accounts
  ['register', () => accountCommands().then((m) => m.registerCommand)],
  ['login', () => accountCommands().then((m) => m.loginCommand)],
  ['logout', () => accountCommands().then((m) => m.logoutCommand)],
  ['whoami', () => accountCommands().then((m) => m.whoamiCommand)],
  ['profile', () => otherCommands().then((m) => m.profileGroup)],
  ['password', () => otherCommands().then((m) => m.passwordGroup)],
  ['token', () => otherCommands().then((m) => m.tokenGroup)],
  ['settings', () => otherCommands().then((m) => m.settingsGroup)],
  // portfolios and the ledger
  ['portfolio', () => otherCommands().then((m) => m.portfolioGroup)],
  ['tx', () => otherCommands().then((m) => m.txGroup)],
  ['holdings', () => otherCommands().then((m) => m.holdingsCommand)],
  ['lots', () => otherCommands().then((m) => m.lotsCommand)],
  ['import-map', () => otherCommands().then((m) => m.importMapGroup)],
  // market data
  ['prices', () => otherCommands().then((m) => m.pricesGroup)],
  ['fx', () => otherCommands().then((m) => m.fxGroup)],
  ['quote', () => otherCommands().then((m) => m.quoteCommand)],
  ['watch', () => otherCommands().then((m) => m.watchCommand)],
  ['events', () => otherCommands().then((m) => m.eventsCommand)],
  ['instruments', () => otherCommands().then((m) => m.instrumentsGroup)],
  // analytics
  ['allocation', () => otherCommands().then((m) => m.allocationCommand)],
  ['indicators', () => otherCommands().then((m) => m.indicatorsCommand)],
  ['analyze', () => otherCommands().then((m) => m.analyzeCommand)],
  ['history', () => otherCommands().then((m) => m.historyCommand)],
  ['optimize', () => otherCommands().then((m) => m.optimizeCommand)],
  ['report', () => otherCommands().then((m) => m.reportCommand)],
  // data in and out
  ['export', () => otherCommands().then((m) => m.exportGroup)],
  ['import', () => otherCommands().then((m) => m.importGroup)],
  // notifications
  ['alerts', () => otherCommands().then((m) => m.alertsGroup)],
  ['notify', () => otherCommands().then((m) => m.notifyGroup)],
  ['notifications', () => otherCommands().then((m) => m.notificationsGroup)],
  // administration and the shell
  ['admin', () => otherCommands().then((m) => m.adminGroup)],
  ['db', () => otherCommands().then((m) => m.dbGroup)],
  ['completion', () => otherCommands().then((m) => m.completionCommand)],
  ['__complete', () => otherCommands().then((m) => m.completeCommand)],
];

const FORMATS = ['table', 'json', 'csv', 'ndjson', 'text', 'markdown', 'html', 'ghostfolio', 'ghostfolio-csv', 'hledger', 'ledger', 'beancount'];

/** The global flags that take a value, and those that do not: what may come before the command's name. */
const VALUE_FLAGS = ['--database', '--format'];
const PLAIN_FLAGS = ['--json', '--csv', '--no-input', '--offline'];

/**
 * The commands a run needs: the one its first word names, else all of them (the root's help,
 * suggestions for a mistyped name). Loading and mounting all ~100 costs about 15 ms of a start-up.
 */
export function commandsFor(argv: readonly string[]): typeof COMMANDS {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (VALUE_FLAGS.includes(word)) i++;
    else if (!PLAIN_FLAGS.includes(word) && !VALUE_FLAGS.some((flag) => word.startsWith(`${flag}=`))) {
      const named = COMMANDS.find(([name]) => name === word);
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
export async function buildProgram(ctx: CliContext, argv?: readonly string[]): Promise<Command> {
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
  const nodes = await Promise.all((argv ? commandsFor(argv) : COMMANDS).map(([, load]) => load()));
  for (const node of nodes) mount(program, node, ctx);
  return program;
}
