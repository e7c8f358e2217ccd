import { Migrator } from 'kysely';
import { migrations } from '../../../../migrations/index.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';

export async function runDbStatus(ctx: CliContext): Promise<void> {
  const database = await ctx.db({ migrate: false });
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
  const list = (await migrator.getMigrations()).map((m) => ({
    name: m.name,
    appliedAt: m.executedAt ? m.executedAt.toISOString() : null,
  }));
  const pending = list.filter((m) => !m.appliedAt).length;
  if (ctx.format() === 'json') {
    return ctx.json({ database: database.description, dialect: database.capabilities.dialect, migrations: list, pending });
  }
  ctx.info(`Database: ${database.description}`);
  await renderRows(ctx, {
    columns: [
      { key: 'name', header: 'MIGRATION' },
      { key: 'appliedAt', header: 'APPLIED', cell: (m, style) => m.appliedAt ?? style.paint.warn('pending') },
    ],
    rows: list,
  });
  if (pending) ctx.info(`${pending} pending: they run on the next command, or now with \`folio db migrate\`.`);
}
