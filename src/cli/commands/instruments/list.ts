import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';

const COLUMNS = ['symbol', 'name', 'class', 'sector', 'currency', 'source'] as const;

export async function runInstrumentsList(ctx: CliContext): Promise<void> {
  const instruments = await (await ctx.prices()).instruments();
  await renderRows(ctx, {
    columns: [
      { key: 'symbol', header: 'SYMBOL' },
      { key: 'name', header: 'NAME' },
      { key: 'class', header: 'CLASS', cell: (i, style) => i.class ?? style.paint.muted('imported') },
      { key: 'sector', header: 'SECTOR' },
      { key: 'currency', header: 'CCY' },
    ],
    rows: instruments,
    csv: { keys: [...COLUMNS] },
    empty: 'No instruments: import prices with `folio prices import FILE`.',
  });
}
