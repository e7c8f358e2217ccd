import type { Accounts, Authenticated } from '../core/accounts/accounts.js';
import type { Settings } from '../core/accounts/settings.js';
import type { User } from '../core/accounts/types.js';
import { notSignedIn, usageError } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import { resolvePaths, type Paths } from '../config/paths.js';
import type { Database } from '../db/connect.js';
import type { DatabaseTarget } from '../db/url.js';
import { readAll, writeChunk, type Io } from './io.js';
import type { Prompter } from './prompter.js';
import type { Style } from '../io/text/render.js';
import { terminalSafe } from './terminal-text.js';
import { TerminalProgress } from './progress.js';

export type OutputFormat = 'table' | 'json' | 'csv';

export interface GlobalOptions {
  database?: string;
  json?: boolean;
  csv?: boolean;
  format?: string;
  input?: boolean;
  offline?: boolean;
}

interface OpenSqlite {
  handle: import('../db/sqlite-handle.js').SqliteHandle;
  path: string;
  lockTimeoutMs: number;
}

export interface Session extends Authenticated {
  /** The session or API token in use. */
  secret: string;
}

/**
 * The world as a command sees it: terminal, environment, clock, configuration, database, session.
 * Everything is created lazily, so a command pays only for what it touches.
 */
export class CliContext {
  globals: GlobalOptions = {};
  readonly paths: Paths;
  private chosen?: Promise<{ target: DatabaseTarget; isDefault: boolean }>;
  private sqliteFile?: Promise<OpenSqlite | null>;
  private database?: Promise<Database>;
  private migratedDatabase?: Promise<Database>;
  private session?: Promise<Session>;
  private accountsService?: Promise<Accounts>;
  private marketData = new Map<string, Promise<import('../core/ports.js').MarketData>>();
  private stdinText?: Promise<string>;
  private progressLine?: TerminalProgress;

  constructor(
    readonly io: Io,
    readonly env: NodeJS.ProcessEnv,
    readonly clock: Clock = { now: () => new Date() },
    /** A prompter given by the caller (tests script one); otherwise Inquirer's, loaded on first use. */
    private readonly givenPrompter?: Prompter,
  ) {
    this.paths = resolvePaths(env);
  }

  // ---- output -------------------------------------------------------------------------------

  format(): OutputFormat {
    const { json, csv, format } = this.globals;
    if (json) return 'json';
    if (csv) return 'csv';
    if (format === undefined) return 'table';
    if (format === 'json' || format === 'csv' || format === 'table') return format;
    throw usageError(`Unknown --format "${format}": use json, csv or table.`);
  }

  /** Data for stdout. */
  out(text: string): Promise<void> | void {
    // A terminal gets other people's text made harmless; a pipe or file gets the exact data.
    return writeChunk(this.io.stdout, this.io.stdoutIsTty ? terminalSafe(text) : text);
  }

  json(value: unknown): Promise<void> | void {
    return this.out(JSON.stringify(value, null, 2) + '\n');
  }

  /** Messages for people, on stderr, so stdout stays clean data. */
  info(text: string): void {
    const safe = terminalSafe(text);
    this.io.stderr.write(safe.endsWith('\n') ? safe : safe + '\n');
  }

  /** The command's one progress line on stderr (a spinner, on a terminal only). */
  progress(): TerminalProgress {
    this.progressLine ??= new TerminalProgress(this.io, this.env);
    return this.progressLine;
  }

  /** Clears a progress line still shown: an interrupted or failed run leaves the terminal as it found it. */
  clearProgress(): void {
    this.progressLine?.stop();
  }

  async style(): Promise<Style> {
    const { createStyle } = await import('../io/text/render.js');
    const settings = await this.settings();
    const custom = this.io.stdoutIsTty && settings['display.dateFormat'] !== 'yyyy-MM-dd';
    const formatDate = custom ? (await import('date-fns/format')).format : undefined;
    return createStyle(settings, this.env, this.io.stdoutIsTty, formatDate);
  }

  // ---- input --------------------------------------------------------------------------------

  /** Prompts only when both ends are a terminal and `--no-input` was not given. */
  canPrompt(): boolean {
    return this.globals.input !== false && this.io.stdinIsTty && this.io.stdoutIsTty && !this.env.CI;
  }

  async prompter(): Promise<Prompter> {
    if (this.givenPrompter) return this.givenPrompter;
    const { createInquirerPrompter } = await import('./prompter.js');
    return createInquirerPrompter();
  }

  /** A value from its flag, else a prompt on a terminal, else a usage error naming the flag. */
  async need(value: string | undefined, flag: string, ask: (prompter: Prompter) => Promise<string>): Promise<string> {
    if (value !== undefined) return value;
    if (!this.canPrompt()) throw usageError(`Missing ${flag} (no terminal to ask on).`, 'missing_flag');
    return ask(await this.prompter());
  }

  /** Standard input as text, read once; refused when stdin is a terminal so nothing ever waits. */
  stdin(flag: string): Promise<string> {
    if (this.io.stdinIsTty) throw usageError(`${flag} reads from standard input: pipe a value into it.`);
    this.stdinText ??= readAll(this.io.stdin);
    return this.stdinText;
  }

  // ---- storage ------------------------------------------------------------------------------

  // zod-backed modules (config file, session file, settings) are imported on use, never at start-up.
  async databaseTarget(): Promise<DatabaseTarget> {
    return (await this.chosenDatabase()).target;
  }

  /** The database named by --database, FOLIO_DATABASE_URL or the config file, else the default file. */
  private chosenDatabase(): Promise<{ target: DatabaseTarget; isDefault: boolean }> {
    this.chosen ??= (async () => {
      const named =
        this.globals.database ||
        this.env.FOLIO_DATABASE_URL ||
        (await (await import('./start-up.js')).readConfigFile(this.paths.configFile)).database;
      const { parseDatabaseUrl } = await import('./start-up.js');
      return { target: parseDatabaseUrl(named || this.paths.defaultDatabaseFile), isDefault: !named };
    })();
    return this.chosen;
  }

  /**
   * SQLite: the open file, without Kysely (the session check needs only prepared statements); db()
   * wraps the same handle. Null on Postgres.
   */
  private sqlite(): Promise<OpenSqlite | null> {
    this.sqliteFile ??= (async () => {
      const { target, isDefault } = await this.chosenDatabase();
      if (target.dialect !== 'sqlite') return null;
      const requestedTimeout = this.lockTimeoutMs();
      const { openSqliteHandle, DEFAULT_LOCK_TIMEOUT_MS } = await import('./start-up.js');
      const lockTimeoutMs = requestedTimeout ?? DEFAULT_LOCK_TIMEOUT_MS;
      // Only the default file appears by itself: a mistyped --database path must not become a new, empty database.
      return { handle: openSqliteHandle(target.path, isDefault, lockTimeoutMs), path: target.path, lockTimeoutMs };
    })();
    return this.sqliteFile;
  }

  /** FOLIO_LOCK_TIMEOUT (seconds): how long a write waits for another folio process's write. */
  lockTimeoutMs(): number | undefined {
    const raw = this.env.FOLIO_LOCK_TIMEOUT?.trim();
    if (!raw) return undefined;
    const seconds = Number(raw);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
      throw usageError('FOLIO_LOCK_TIMEOUT must be a number of seconds from 0 to 3600.', 'invalid_env');
    }
    return seconds * 1000;
  }

  /** The database, migrated to the latest schema unless `migrate` is false (for `db status`). */
  db(options: { migrate?: boolean } = {}): Promise<Database> {
    this.database ??= (async () => {
      const [{ openDatabase, wrapSqlite }, sqlite] = await Promise.all([import('../db/connect.js'), this.sqlite()]);
      if (sqlite) return wrapSqlite(sqlite.handle, sqlite.path, sqlite.lockTimeoutMs);
      return openDatabase((await this.chosenDatabase()).target, { lockTimeoutMs: this.lockTimeoutMs() });
    })();
    if (options.migrate === false) return this.database;
    // Once per invocation: parallel callers share one check (and at most one migration run).
    this.migratedDatabase ??= this.database.then(async (database) => {
      const { ensureMigrated } = await import('../db/connect.js');
      await ensureMigrated(database);
      return database;
    });
    return this.migratedDatabase;
  }

  accounts(): Promise<Accounts> {
    this.accountsService ??= (async () => {
      const [{ db }, { createAccounts }, repos] = await Promise.all([
        this.db(),
        import('../core/accounts/accounts.js'),
        import('../db/repositories/accounts.js'),
      ]);
      return createAccounts({
        users: repos.userRepository(db),
        credentials: repos.credentialRepository(db),
        attempts: repos.loginAttemptRepository(db),
        clock: this.clock,
      });
    })();
    return this.accountsService;
  }

  /** The signed-in user: FOLIO_TOKEN first, then the session file; otherwise exit 3. */
  requireSession(): Promise<Session> {
    this.session ??= (async () => {
      const secret =
        this.env.FOLIO_TOKEN?.trim() || (await import('./start-up.js')).readSessionFile(this.paths.sessionFile)?.token;
      if (!secret) throw notSignedIn();
      return { ...(await this.authenticate(secret)), secret };
    })();
    return this.session;
  }

  /** On a migrated SQLite file the secret is checked with prepared statements, without loading Kysely. */
  private async authenticate(secret: string): Promise<Authenticated> {
    const sqlite = await this.sqlite();
    const { isMigrated, authenticate, sqliteSessionRepositories } = await import('./start-up.js');
    if (!sqlite || !isMigrated(sqlite.handle)) return (await this.accounts()).authenticate(secret);
    return authenticate({ ...sqliteSessionRepositories(sqlite.handle), clock: this.clock }, secret);
  }

  async requireUser(): Promise<User> {
    return (await this.requireSession()).user;
  }

  /** The signed-in user's settings, or the defaults when nobody is signed in. */
  async settings(): Promise<Settings> {
    const session = await this.requireSession().catch(() => null);
    const stored = session?.user.settings ?? {};
    if (Object.keys(stored).length === 0) return (await import('./start-up.js')).defaultSettings();
    const { resolveSettings } = await import('../core/accounts/settings.js');
    return resolveSettings(stored);
  }

  /** `--offline` or FOLIO_OFFLINE=1: nothing may touch the network. */
  offline(): boolean {
    return this.globals.offline === true || this.env.FOLIO_OFFLINE === '1';
  }

  /**
   * Market data for the signed-in account (or the shared data when nobody is): its provider's
   * closes, its own imports, then the shared cache (src/prices/market-data.ts). The mock feed is
   * cached in the database on first use; `FOLIO_FIXTURES_DIR` points it at other fixture files.
   */
  async prices(): Promise<import('../core/ports.js').MarketData> {
    const session = await this.requireSession().catch(() => null);
    return this.marketFor(session ? { id: session.user.id, settings: session.user.settings } : null);
  }

  /** Market data as one account sees it (`notify run --all` values every account its own way). */
  marketFor(account: { id: string; settings: Record<string, unknown> } | null): Promise<import('../core/ports.js').MarketData> {
    const key = account?.id ?? '';
    let market = this.marketData.get(key);
    if (!market) {
      market = (async () => {
        const [database, { openMarketData }, { defaultFixturesDir }, { resolveSettings }] = await Promise.all([
          this.db(),
          import('../prices/market-data.js'),
          import('../prices/fixture-feed.js'),
          import('../core/accounts/settings.js'),
        ]);
        const settings = resolveSettings(account?.settings ?? {});
        const customFixtures = this.env.FOLIO_FIXTURES_DIR?.trim();
        return openMarketData(database, {
          fixturesDir: customFixtures || defaultFixturesDir(),
          extendFixtures: !customFixtures,
          clock: this.clock,
          account: account && { id: account.id, priceProvider: settings['prices.provider'], fxProvider: settings['fx.provider'] },
        });
      })();
      this.marketData.set(key, market);
    }
    return market;
  }

  async close(): Promise<void> {
    this.clearProgress();
    const database = await this.database?.catch(() => undefined);
    if (database) return database.close();
    (await this.sqliteFile?.catch(() => null))?.handle.close();
  }
}
