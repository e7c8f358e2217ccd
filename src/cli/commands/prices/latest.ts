import * as z from 'zod';
import { toCalendarDate } from '../../../core/dates.js';
import { requireClose } from '../../../core/market/prices.js';
import type { PricePoint } from '../../../core/ports.js';
import type { CliContext } from '../../context.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { renderTable } from '../../render.js';
import { DateOption, formatClose, parseSymbol } from './arguments.js';

const Options = z.object({ asOf: DateOption });

export async function runPricesLatest(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const asOf = options.asOf ?? toCalendarDate(ctx.clock.now());
  const named = ((args[0] as string[] | undefined) ?? []).map(parseSymbol);
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

  const format = ctx.format();
  if (format === 'json') return ctx.json(points.map((p) => ({ symbol: p.symbol, date: p.date, close: p.close, currency: p.currency })));
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, ['symbol', 'date', 'close', 'currency'], points);
  }
  if (points.length === 0) {
    ctx.info(`No closes on or before ${asOf}.`);
    return;
  }
  const style = await ctx.style();
  ctx.info(`Last closes on or before ${asOf}`);
  await ctx.out(
    await renderTable(style, ['SYMBOL', 'DATE', 'CLOSE', 'CCY'], points.map((p) => [p.symbol, style.date(p.date), formatClose(style, p.close), p.currency]), [
      'left',
      'left',
      'right',
    ]),
  );
}
