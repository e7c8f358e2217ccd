import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';
import { renderTable } from '../../render.js';

const COLUMNS = ['symbol', 'name', 'class', 'sector', 'currency', 'source'] as const;

export async function runInstrumentsList(ctx: CliContext, _input: CommandInput): Promise<void> {
  const instruments = await (await ctx.prices()).instruments();
  const format = ctx.format();
  if (format === 'json') return ctx.json(instruments);
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, [...COLUMNS], instruments);
  }
  if (instruments.length === 0) {
    ctx.info('No instruments: import prices with `folio prices import FILE`.');
    return;
  }
  const style = await ctx.style();
  await ctx.out(
    await renderTable(
      style,
      ['SYMBOL', 'NAME', 'CLASS', 'SECTOR', 'CCY'],
      instruments.map((i) => [i.symbol, i.name, i.class ?? style.paint.muted('imported'), i.sector ?? '', i.currency]),
    ),
  );
}
