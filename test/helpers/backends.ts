import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { parseDatabaseUrl } from '../../src/db/url.js';
import { runFolio, tempHome, type RunOptions } from './cli.js';
import type { Surroundings } from './context.js';

/** `spawn`: this one command in a real process (a time zone, `TZ`, is always one: it belongs to the process). */
export type WorldRunOptions = RunOptions & Surroundings & { spawn?: boolean };

export interface WorldOptions {
  /**
   * Spawn bin/folio.js for every command, for what only a real process shows (exit on a signal, pipes,
   * several processes writing at once). By default folio runs in this process through main(): the
   * same code path without paying for a process per command, with a scriptable clock and prompts.
   */
  spawn?: boolean;
  /** The default; kept so a test can say it. */
  inProcess?: boolean;
  /** A fixed "now" for every in-process run of this world. */
  now?: string;
}

/** The Postgres server the suite uses, when there is one (`.ci/run` sets it). */
export const POSTGRES_URL = process.env.FOLIO_TEST_DATABASE_URL;

if (!POSTGRES_URL) {
  console.warn('FOLIO_TEST_DATABASE_URL is not set: the Postgres half of the storage tests is skipped.');
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  available: boolean;
}

/** Every storage scenario runs once per backend: `describe.each(BACKENDS)`. */
export const BACKENDS: Backend[] = [
  { name: 'sqlite', available: true },
  { name: 'postgres', available: Boolean(POSTGRES_URL) },
];

function urlWithDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh Postgres database for one test file; dropped by `drop()`. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const name = `folio_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: urlWithDatabaseName(POSTGRES_URL!, name),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A user's world for one backend: a temp FOLIO_HOME and, on Postgres, a fresh database named by
 * FOLIO_DATABASE_URL. `folio(...)` runs folio in this process (or spawns the built CLI, with `spawn`).
 */
export interface World {
  home: string;
  env: Record<string, string>;
  databaseUrl: string | undefined;
  folio(args: string[], options?: WorldRunOptions): ReturnType<typeof runFolio>;
  /** A second, independent FOLIO_HOME on the same database: another person or machine. */
  another(): World;
  cleanup(): Promise<void>;
}

export async function createWorld(backend: Backend, worldOptions: WorldOptions = {}): Promise<World> {
  const run = async (args: string[], env: Record<string, string>, options: WorldRunOptions = {}) => {
    if (worldOptions.spawn || options.spawn || options.env?.TZ !== undefined) return runFolio(args, env, options);
    const { runInProcess } = await import('./context.js');
    return runInProcess(args, env, { now: worldOptions.now, ...options });
  };
  const database = backend.name === 'postgres' ? await createPostgresDatabase() : undefined;
  const homes: Array<{ cleanup(): void }> = [];
  const make = (sqliteFile?: string): World => {
    const home = tempHome();
    homes.push(home);
    const env: Record<string, string> = { FOLIO_HOME: home.dir };
    const databaseUrl = database?.url ?? sqliteFile;
    if (databaseUrl) env.FOLIO_DATABASE_URL = databaseUrl;
    const world: World = {
      home: home.dir,
      env,
      databaseUrl,
      folio: (args, options) => run(args, env, options),
      another: () => make(databaseUrl ?? sharedSqliteFile(home.dir)),
      cleanup: async () => {
        for (const h of homes) h.cleanup();
        await database?.drop();
      },
    };
    return world;
  };
  return make();
}

/**
 * The first world's SQLite file, for other homes to name with FOLIO_DATABASE_URL. folio creates a new
 * file only at the default location (a named path must exist), so an empty one is made here if the
 * first world has not run a command yet: SQLite takes an empty file as a new database.
 */
function sharedSqliteFile(dir: string): string {
  const path = join(dir, 'folio.db');
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  return path;
}

export const PASSWORD = 'correct horse battery';

/** Registers (and so signs in) a user through the CLI. */
export async function registerUser(world: World, email: string, name = email.split('@')[0]!): Promise<void> {
  const result = await world.folio(['register', '--email', email, '--name', name, '--password-stdin'], { input: PASSWORD + '\n' });
  if (result.code !== 0) throw new Error(`register ${email} failed (${result.code}): ${result.stderr}`);
}

/** A new FOLIO_HOME on the world's database, signed in as a new user: another person or machine. */
export async function signedIn(world: World, email: string, name?: string): Promise<World> {
  const home = world.another();
  await registerUser(home, email, name);
  return home;
}

/** The database file or URL a world's FOLIO_HOME uses. */
export const databaseOf = (world: World) => world.databaseUrl ?? join(world.home, 'folio.db');

/** Direct access to the world's database, for what no command shows (hashes, stored JSON) or allows (a clock in the past). */
export async function withDatabase<T>(world: World, use: (db: Database['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase(parseDatabaseUrl(databaseOf(world)));
  try {
    return await use(database.db);
  } finally {
    await database.close();
  }
}
