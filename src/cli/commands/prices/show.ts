import { toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { missingPriceError } from '../../../core/market/prices.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';
import { formatClose, parseSymbol } from './arguments.js';
import type { PricesShowOptions } from './prices.command.js';

export async function runPricesShow(ctx: CliContext, options: PricesShowOptions): Promise<void> {
  const symbol = parseSymbol(options.symbol);
  const from = options.from ?? '0000-01-01';
  const to = options.to ?? toCalendarDate(ctx.clock.now());
  if (from > to) throw usageError(`--from ${from} is after --to ${to}.`, 'bad_flag');
  const market = await ctx.prices();
  const points = await market.closes(symbol, from, to);
  if (points.length === 0 && (await market.firstDate(symbol)) === null) throw await missingPriceError(market, symbol, to);
  const currency = points[0]?.currency ?? (await market.instrument(symbol))?.currency ?? null;

  if (ctx.format() === 'json') return ctx.json({ symbol, currency, prices: points.map((p) => ({ date: p.date, close: p.close })) });
  if (points.length && ctx.format() === 'table') {
    ctx.info(`${symbol} — ${points.length} daily close${points.length === 1 ? '' : 's'} in ${currency}, ${points[0]!.date} to ${points.at(-1)!.date}`);
  }
  // The CSV is the import format: `folio prices show X --csv | folio prices import -` round-trips.
  await renderRows(ctx, {
    columns: [
      { key: 'date', header: 'DATE', kind: 'date' },
      { key: 'close', header: 'CLOSE', kind: 'number', cell: (p, style) => formatClose(style, p.close) },
    ],
    rows: points,
    csv: { keys: ['symbol', 'date', 'close', 'currency'] },
    empty: `No closes of ${symbol} ${options.from ? `from ${from} to ${to}` : `on or before ${to}`}.`,
  });
}
