import { existsSync } from 'node:fs';
import { ensureMigrated, openDatabase } from '../../../db/connect.js';
import { parseDatabaseUrl } from '../../../db/url.js';
import type { CliContext } from '../../context.js';
import type { DbInitOptions } from './db.command.js';

/** Creates (SQLite) and migrates a database: the one way besides the default file to make a new SQLite file. */
export async function runDbInit(ctx: CliContext, options: DbInitOptions): Promise<void> {
  const target = options.path ? parseDatabaseUrl(options.path) : await ctx.databaseTarget();
  const existed = target.dialect === 'postgres' || existsSync(target.path);
  const database = await openDatabase(target, { create: true, lockTimeoutMs: ctx.lockTimeoutMs() });
  try {
    await ensureMigrated(database);
  } finally {
    await database.close();
  }
  if (ctx.format() === 'json') return ctx.json({ database: database.description, created: !existed });
  ctx.info(existed ? `${database.description} is ready.` : `Created ${database.description}. Use it with --database or FOLIO_DATABASE_URL.`);
}
