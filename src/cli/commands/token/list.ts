import type { CliContext } from '../../context.js';
import { renderTable } from '../../render.js';
import { writeCsv } from '../../csv.js';

export async function runTokenList(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const tokens = (await (await ctx.accounts()).listTokens(user)).map((t) => ({
    id: t.id,
    label: t.label ?? '',
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
  }));
  const format = ctx.format();
  if (format === 'json') return ctx.json(tokens);
  if (format === 'csv') return writeCsv(ctx, ['id', 'label', 'createdAt', 'expiresAt', 'lastUsedAt'], tokens);
  if (tokens.length === 0) {
    ctx.info('No tokens. Create one with `folio token create --label cron`.');
    return;
  }
  const style = await ctx.style();
  const now = ctx.clock.now().getTime();
  const rows = tokens.map((t) => [
    t.id,
    t.label,
    style.date(t.createdAt.slice(0, 10)),
    t.expiresAt ? (Date.parse(t.expiresAt) <= now ? style.paint.loss(`expired ${style.date(t.expiresAt.slice(0, 10))}`) : style.date(t.expiresAt.slice(0, 10))) : 'never',
    t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace('T', ' ') : style.paint.muted('never'),
  ]);
  await ctx.out(await renderTable(style, ['ID', 'LABEL', 'CREATED', 'EXPIRES', 'LAST USED'], rows));
}
