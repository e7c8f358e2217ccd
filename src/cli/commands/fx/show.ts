import { toCalendarDate } from '../../../core/dates.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import { currencySchema } from '../../../core/market/price-input.js';
import { fxRateMissingMessage } from '../../../core/market/prices.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';
import type { FxShowOptions } from './fx.command.js';

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
export async function runFxShow(ctx: CliContext, options: FxShowOptions): Promise<void> {
  const base = currency(options.base, 'BASE');
  const quote = currency(options.quote, 'QUOTE');
  const to = options.to ?? toCalendarDate(ctx.clock.now());
  const from = options.from ?? to;
  if (from > to) throw usageError(`--from ${from} is after --to ${to}.`, 'bad_flag');
  const market = await ctx.prices();
  const rates = await market.fxRates(base, quote, from, to);
  if (rates.length === 0) throw notFoundError(fxRateMissingMessage(base, quote, to), 'no_fx_rate');

  if (ctx.format() === 'json') return ctx.json({ base, quote, rates });
  if (ctx.format() === 'table') ctx.info(`1 ${base} in ${quote}, ${from === to ? `on ${to}` : `${from} to ${to}`}`);
  await renderRows(ctx, {
    columns: [
      { key: 'date', header: 'DATE', kind: 'date' },
      { key: 'rate', header: 'RATE', kind: 'number' },
    ],
    rows: rates.map((r) => ({ date: r.date, base, quote, rate: r.rate })),
    csv: { keys: ['date', 'base', 'quote', 'rate'] },
  });
}
