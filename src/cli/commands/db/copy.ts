import { usageError } from '../../../core/errors.js';
import { copyDatabase } from '../../../db/copy.js';
import { ensureMigrated, openDatabase } from '../../../db/connect.js';
import { parseDatabaseUrl } from '../../../db/url.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';
import type { DbCopyOptions } from './db.command.js';

export async function runDbCopy(ctx: CliContext, options: DbCopyOptions): Promise<void> {
  const source = await ctx.db();
  const target = await openDatabase(parseDatabaseUrl(options.to), { create: true, lockTimeoutMs: ctx.lockTimeoutMs() });
  try {
    if (target.description === source.description) throw usageError('--to names the database in use: give another one.');
    await ensureMigrated(target);
    const report = await copyDatabase(source, target, (table, rows) => {
      if (ctx.io.stderrIsTty) ctx.info(`copied ${table}: ${rows} rows`);
    });
    if (ctx.format() === 'json') return ctx.json({ from: source.description, to: target.description, tables: report });
    await renderRows(ctx, {
      columns: [
        { key: 'table', header: 'TABLE' },
        { key: 'rows', header: 'ROWS', kind: 'number' },
      ],
      rows: report,
    });
    ctx.info(`Copied ${source.description} to ${target.description}; row counts verified. Use it with --database or FOLIO_DATABASE_URL.`);
  } finally {
    await target.close();
  }
}
