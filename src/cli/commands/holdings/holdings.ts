import type { CliContext } from '../../context.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatPercent, formatQuantity, formatSigned, renderTable } from '../../render.js';
import { asOfDate } from './as-of.js';
import type { HoldingsOptions } from './holdings.command.js';
import { HOLDING_COLUMNS, loadHoldings } from './holdings-data.js';

export async function runHoldings(ctx: CliContext, options: HoldingsOptions): Promise<void> {
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const method = options.method ?? (await ctx.settings())['costBasis.method'];
  const asOf = asOfDate(ctx, options.asOf);
  const { positions: valued, cash, income, totals, pricesAsOf, warnings } = await loadHoldings(ctx, portfolio, { asOf, method, value: options.value });
  const held = valued.filter((p) => p.quantity !== '0').map((p) => p.symbol);
  await (await import('./split-warnings.js')).warnMissingSplits(ctx, portfolio, options.portfolio, held, asOf);
  const format = ctx.format();
  if (format === 'json') return ctx.json({ portfolio: portfolio.name, asOf, method, pricesAsOf, positions: valued, cash, income, totals, warnings });
  for (const warning of warnings) ctx.info(`warning: ${warning}`);
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, [...HOLDING_COLUMNS], valued);
  }

  const style = await ctx.style();
  ctx.info(`${portfolio.name} — holdings as of ${asOf} (${method === 'fifo' ? 'FIFO' : 'average cost'})${pricesAsOf && pricesAsOf !== asOf ? `, closes of ${pricesAsOf}` : ''}`);
  if (valued.length) {
    const rows = valued.map((p) => {
      const closed = p.quantity === '0';
      const cells = [
        p.symbol,
        formatQuantity(style, p.quantity),
        closed ? '' : formatMoney(style, p.averageCost),
        formatMoney(style, p.costBasis),
        formatSigned(style, p.realizedGain),
        formatMoney(style, p.dividends),
        p.currency,
      ];
      if (totals) {
        cells.push(
          p.marketValue === null ? '' : formatMoney(style, p.marketValue),
          p.unrealizedGain === null ? '' : formatSigned(style, p.unrealizedGain),
          p.weight === null ? '' : formatPercent(style, p.weight),
        );
      }
      return closed ? cells.map((c, i) => (i === 4 ? c : style.paint.muted(c))) : cells;
    });
    const head = ['SYMBOL', 'QUANTITY', 'AVG COST', 'COST BASIS', 'REALISED', 'DIVIDENDS', 'CCY'];
    if (totals) head.push('VALUE', 'UNREALISED', 'WEIGHT');
    await ctx.out(await renderTable(style, head, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right']));
  } else {
    ctx.info('No positions yet.');
  }
  if (cash.length) {
    await ctx.out(
      await renderTable(style, ['CASH', 'AMOUNT'], cash.map((c) => [c.currency, formatSigned(style, c.amount)]), ['left', 'right']),
    );
  }
  if (totals) {
    const line =
      `Total ${totals.currency}: value ${formatMoney(style, totals.value)} = positions ${formatMoney(style, totals.marketValue)}` +
      ` + cash ${formatMoney(style, totals.cash)}; cost basis ${formatMoney(style, totals.costBasis)},` +
      ` unrealised ${formatSigned(style, totals.unrealizedGain)}`;
    await ctx.out(line + '\n');
  }
}


