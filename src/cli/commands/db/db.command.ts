import { defineCommand } from '../../command.js';

/** `db migrate` and `db status` (`db copy` is still registered in program.ts). */
export const dbMigrateCommand = defineCommand({
  name: 'migrate',
  description: 'apply pending migrations',
  examples: ['folio db migrate', 'folio --database postgres://me@db.example.com/folio db migrate --json'],
  formats: ['table', 'json'],
  options: (z) => z.object({}),
  run: async (ctx): Promise<void> => (await import('./migrate.js')).runDbMigrate(ctx),
});

export const dbStatusCommand = defineCommand({
  name: 'status',
  description: 'show the database in use and its migrations',
  examples: ['folio db status', 'folio db status --csv'],
  options: (z) => z.object({}),
  run: async (ctx): Promise<void> => (await import('./status.js')).runDbStatus(ctx),
});
