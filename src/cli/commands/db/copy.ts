import * as z from 'zod';
import { usageError } from '../../../core/errors.js';
import { copyDatabase } from '../../../db/copy.js';
import { ensureMigrated, openDatabase } from '../../../db/connect.js';
import { parseDatabaseUrl } from '../../../db/url.js';
import type { CliContext } from '../../context.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { renderTable } from '../../render.js';

const Options = z.object({ to: z.string().min(1) });

export async function runDbCopy(ctx: CliContext, { opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const source = await ctx.db();
  const target = await openDatabase(parseDatabaseUrl(options.to), { create: true, lockTimeoutMs: ctx.lockTimeoutMs() });
  try {
    if (target.description === source.description) throw usageError('--to names the database in use: give another one.');
    await ensureMigrated(target);
    const report = await copyDatabase(source, target, (table, rows) => {
      if (ctx.io.stderrIsTty) ctx.info(`copied ${table}: ${rows} rows`);
    });
    if (ctx.format() === 'json') return ctx.json({ from: source.description, to: target.description, tables: report });
    const style = await ctx.style();
    await ctx.out(await renderTable(style, ['TABLE', 'ROWS'], report.map((r) => [r.table, String(r.rows)]), ['left', 'right']));
    ctx.info(`Copied ${source.description} to ${target.description}; row counts verified. Use it with --database or FOLIO_DATABASE_URL.`);
  } finally {
    await target.close();
  }
}
