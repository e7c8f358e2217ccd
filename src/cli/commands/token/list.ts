import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';

interface TokenRow {
  id: string;
  label: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export async function runTokenList(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const tokens: TokenRow[] = (await (await ctx.accounts()).listTokens(user)).map((t) => ({
    id: t.id,
    label: t.label ?? '',
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
  }));
  const now = ctx.clock.now().getTime();
  await renderRows(ctx, {
    columns: [
      { key: 'id', header: 'ID' },
      { key: 'label', header: 'LABEL' },
      { key: 'createdAt', header: 'CREATED', kind: 'date' },
      {
        key: 'expiresAt',
        header: 'EXPIRES',
        cell: (t, style) =>
          t.expiresAt === null
            ? 'never'
            : Date.parse(t.expiresAt) <= now
              ? style.paint.loss(`expired ${style.date(t.expiresAt.slice(0, 10))}`)
              : style.date(t.expiresAt.slice(0, 10)),
      },
      { key: 'lastUsedAt', header: 'LAST USED', cell: (t, style) => (t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace('T', ' ') : style.paint.muted('never')) },
    ],
    rows: tokens,
    empty: 'No tokens. Create one with `folio token create --label cron`.',
  });
}
