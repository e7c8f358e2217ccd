import * as z from 'zod';
import { toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { missingPriceError } from '../../../core/market/prices.js';
import type { CliContext } from '../../context.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { renderTable } from '../../render.js';
import { DateOption, formatClose, parseSymbol } from './arguments.js';

const Options = z.object({ from: DateOption, to: DateOption });

export async function runPricesShow(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const symbol = parseSymbol(args[0]);
  const from = options.from ?? '0000-01-01';
  const to = options.to ?? toCalendarDate(ctx.clock.now());
  if (from > to) throw usageError(`--from ${from} is after --to ${to}.`, 'bad_flag');
  const market = await ctx.prices();
  const points = await market.closes(symbol, from, to);
  if (points.length === 0 && (await market.firstDate(symbol)) === null) throw await missingPriceError(market, symbol, to);
  const currency = points[0]?.currency ?? (await market.instrument(symbol))?.currency ?? null;

  const format = ctx.format();
  if (format === 'json') return ctx.json({ symbol, currency, prices: points.map((p) => ({ date: p.date, close: p.close })) });
  if (format === 'csv') {
    // The import format: `folio prices show X --csv | folio prices import -` round-trips.
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, ['symbol', 'date', 'close', 'currency'], points);
  }
  if (points.length === 0) {
    ctx.info(`No closes of ${symbol} ${options.from ? `from ${from} to ${to}` : `on or before ${to}`}.`);
    return;
  }
  const style = await ctx.style();
  ctx.info(`${symbol} — ${points.length} daily close${points.length === 1 ? '' : 's'} in ${currency}, ${points[0]!.date} to ${points.at(-1)!.date}`);
  await ctx.out(await renderTable(style, ['DATE', 'CLOSE'], points.map((p) => [style.date(p.date), formatClose(style, p.close)]), ['left', 'right']));
}
