import { toCalendarDate } from '../../../core/dates.js';
import { requireClose } from '../../../core/market/prices.js';
import type { PricePoint } from '../../../core/ports.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';
import { formatClose, parseSymbol } from './arguments.js';
import type { PricesLatestOptions } from './prices.command.js';

export async function runPricesLatest(ctx: CliContext, options: PricesLatestOptions): Promise<void> {
  const asOf = options.asOf ?? toCalendarDate(ctx.clock.now());
  const named = options.symbols.map(parseSymbol);
  const market = await ctx.prices();
  let points: PricePoint[];
  if (named.length) {
    // Named symbols must have a close: a missing one is exit 4 with how to import it.
    points = [];
    for (const symbol of [...new Set(named)]) points.push(await requireClose(market, symbol, asOf));
  } else {
    // Every instrument that has a close by then.
    const found = await Promise.all((await market.instruments()).map((i) => market.latestClose(i.symbol, asOf)));
    points = found.filter((p): p is PricePoint => p !== null);
  }

  if (points.length && ctx.format() === 'table') ctx.info(`Last closes on or before ${asOf}`);
  await renderRows(ctx, {
    columns: [
      { key: 'symbol', header: 'SYMBOL' },
      { key: 'date', header: 'DATE', kind: 'date' },
      { key: 'close', header: 'CLOSE', kind: 'number', cell: (p, style) => formatClose(style, p.close) },
      { key: 'currency', header: 'CCY' },
    ],
    rows: points,
    json: (p) => ({ symbol: p.symbol, date: p.date, close: p.close, currency: p.currency }),
    empty: `No closes on or before ${asOf}.`,
  });
}
