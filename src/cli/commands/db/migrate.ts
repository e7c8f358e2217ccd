import { migrateToLatest } from '../../../db/connect.js';
import { unavailableError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

export async function runDbMigrate(ctx: CliContext): Promise<void> {
  const database = await ctx.db({ migrate: false });
  const { error, results = [] } = await migrateToLatest(database.db);
  const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const failed = results.find((r) => r.status === 'Error');
  if (error) {
    throw unavailableError(
      `Migration ${failed?.migrationName ?? ''} failed on ${database.description}: ${(error as Error).message}`.replace('  ', ' '),
    );
  }
  if (ctx.format() === 'json') return ctx.json({ database: database.description, applied });
  ctx.info(applied.length ? `Applied ${applied.join(', ')} to ${database.description}.` : `${database.description} is up to date.`);
}
