import { toCalendarDate } from '../../../core/dates.js';
import { notFoundError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import type { InstrumentsShowOptions } from './instruments.command.js';
import { renderFields } from '../../../io/text/render.js';
import { formatClose, parseSymbol } from '../prices/arguments.js';

export async function runInstrumentsShow(ctx: CliContext, options: InstrumentsShowOptions): Promise<void> {
  const symbol = parseSymbol(options.symbol);
  const market = await ctx.prices();
  const instrument = await market.instrument(symbol);
  if (!instrument) throw notFoundError(`Unknown instrument ${symbol}: see \`folio instruments list\`, or import its closes with \`folio prices import FILE\`.`, 'unknown_instrument');
  const today = toCalendarDate(ctx.clock.now());
  const [latest, firstDate, splits] = await Promise.all([market.latestClose(symbol, today), market.firstDate(symbol), market.splits(symbol)]);
  const latestClose = latest && { date: latest.date, close: latest.close, currency: latest.currency };
  const format = ctx.format();
  if (format === 'json') return ctx.json({ ...instrument, latestClose, firstDate, splits: splits.map((s) => ({ date: s.date, ratio: s.ratio })) });
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    const row = { ...instrument, latestDate: latest?.date ?? null, latestClose: latest?.close ?? null, firstDate };
    return writeCsv(ctx, ['symbol', 'name', 'class', 'sector', 'currency', 'source', 'latestDate', 'latestClose', 'firstDate'], [row]);
  }
  const style = await ctx.style();
  const fields: Array<[string, string]> = [
    ['Symbol', instrument.symbol],
    ['Name', instrument.name],
    ['Class', instrument.class ?? '—'],
    ['Sector', instrument.sector ?? '—'],
    ['Currency', instrument.currency],
    ['Source', instrument.source === 'fixture' ? 'fixture (mock prices)' : instrument.source === 'import' ? 'imported' : instrument.source],
    ['Latest close', latestClose ? `${formatClose(style, latestClose.close)} ${latestClose.currency} on ${style.date(latestClose.date)}` : '—'],
    ['Closes since', firstDate ? style.date(firstDate) : '—'],
  ];
  if (splits.length) fields.push(['Splits', splits.map((s) => `${style.date(s.date)} ${s.ratio}-for-1`).join(', ')]);
  await ctx.out(renderFields(style, fields));
}
