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

  // ---- storage ----
  const db = sub(program, 'db', 'database maintenance');
  sub(db, 'migrate', 'apply pending migrations').action(lazy(async () => (await import('./commands/db/migrate.js')).runDbMigrate));
  sub(db, 'status', 'show the database in use and its migrations').action(
    lazy(async () => (await import('./commands/db/status.js')).runDbStatus),
  );

  return program;
}
