import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { text } from '../../flags.js';

/** `db migrate`, `status`, `init` and `copy`. */
const dbMigrateCommand = defineCommand({
  name: 'migrate',
  description: 'apply pending migrations',
  examples: ['folio db migrate', 'folio --database postgres://me@db.example.com/folio db migrate --json'],
  formats: ['table', 'json'],
  run: async (ctx): Promise<void> => (await import('./migrate.js')).runDbMigrate(ctx),
});

const dbStatusCommand = defineCommand({
  name: 'status',
  description: 'show the database in use and its migrations',
  examples: ['folio db status', 'folio db status --csv'],
  run: async (ctx): Promise<void> => (await import('./status.js')).runDbStatus(ctx),
});

const dbInitCommand = defineCommand({
  name: 'init',
  description: 'create a new SQLite database file (or migrate a Postgres one)',
  args: [{ name: 'path', description: 'SQLite file path or postgres:// URL (default: the database in use)', optional: true, complete: 'file' }],
  examples: ['folio db init ~/folio/work.db', 'folio db init postgres://me@db.example.com/folio'],
  formats: ['table', 'json'],
  options: (z) => z.object({ path: text(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./init.js')).runDbInit(ctx, options),
});
export type DbInitOptions = OptionsOf<typeof dbInitCommand>;

const dbCopyCommand = defineCommand({
  name: 'copy',
  description: 'copy everything into another, empty database (e.g. SQLite to Postgres)',
  flags: [{ flags: '--to <url>', description: 'target database: postgres://… or a SQLite file path (required)', complete: 'file' }],
  examples: ['folio db copy --to postgres://me@db.example.com/folio', 'folio db copy --to backup.db --json'],
  options: (z) => z.object({ to: z.string({ message: 'required: the database to copy into' }).min(1, 'must not be empty') }),
  run: async (ctx, options): Promise<void> => (await import('./copy.js')).runDbCopy(ctx, options),
});
export type DbCopyOptions = OptionsOf<typeof dbCopyCommand>;

export const dbGroup = defineGroup({
  name: 'db',
  description: 'database maintenance',
  commands: [dbMigrateCommand, dbStatusCommand, dbInitCommand, dbCopyCommand],
});
