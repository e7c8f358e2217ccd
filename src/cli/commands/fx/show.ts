import * as z from 'zod';
import { toCalendarDate } from '../../../core/dates.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import { currencySchema } from '../../../core/market/price-input.js';
import { fxRateMissingMessage } from '../../../core/market/prices.js';
import type { CliContext } from '../../context.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { renderTable } from '../../render.js';
import { DateOption } from '../prices/arguments.js';

const Options = z.object({ from: DateOption, to: DateOption });

function currency(value: unknown, name: string): string {
  const parsed = currencySchema.safeParse(String(value));
  if (!parsed.success) throw usageError(`${name}: ${parsed.error.issues[0]!.message} (got "${String(value)}")`, 'bad_argument');
  return parsed.data;
}

/**
 * `folio fx show BASE QUOTE [--from --to]`: the rate valuation uses on each day it changes (the
 * stored pair, else its inverse, else a cross rate through USD), oldest first; the first row is
 * the rate in effect on --from. `--csv` is the `fx import` format.
 */
export async function runFxShow(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const base = currency(args[0], 'BASE');
  const quote = currency(args[1], 'QUOTE');
  const to = options.to ?? toCalendarDate(ctx.clock.now());
  const from = options.from ?? to;
  if (from > to) throw usageError(`--from ${from} is after --to ${to}.`, 'bad_flag');
  const market = await ctx.prices();
  const rates = await market.fxRates(base, quote, from, to);
  if (rates.length === 0) throw notFoundError(fxRateMissingMessage(base, quote, to), 'no_fx_rate');

  const format = ctx.format();
  if (format === 'json') return ctx.json({ base, quote, rates });
  const rows = rates.map((r) => ({ date: r.date, base, quote, rate: r.rate }));
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, ['date', 'base', 'quote', 'rate'], rows);
  }
  const style = await ctx.style();
  ctx.info(`1 ${base} in ${quote}, ${from === to ? `on ${to}` : `${from} to ${to}`}`);
  await ctx.out(await renderTable(style, ['DATE', 'RATE'], rows.map((r) => [style.date(r.date), r.rate]), ['left', 'right']));
}
