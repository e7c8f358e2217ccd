import type { CliContext } from '../../context.js';
import { formatValue, renderRows, type Column, type Kind } from '../../output.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatSigned, renderTable, type Style } from '../../../io/text/render.js';
import { asOfDate } from './as-of.js';
import type { HoldingsOptions } from './holdings.command.js';
import { HOLDING_COLUMNS, loadHoldings } from './holdings-data.js';

type Position = Awaited<ReturnType<typeof loadHoldings>>['positions'][number];

const closed = (p: Position) => p.quantity === '0';

/** A column whose cells are muted on a closed position (kept for its realised gain, which stays in colour). */
function column(key: keyof Position & string, header: string, kind: Kind = 'text', blankWhenClosed = false): Column<Position> {
  return {
    key,
    header,
    kind,
    cell: (p, style) => {
      if (!closed(p)) return formatValue(style, kind, p[key]);
      if (blankWhenClosed) return '';
      const text = formatValue(style, kind, p[key]);
      return key === 'realizedGain' || text === '' ? text : style.paint.muted(text);
    },
  };
}

function positionColumns(valued: boolean): Array<Column<Position>> {
  const columns = [
    column('symbol', 'SYMBOL'),
    column('quantity', 'QUANTITY', 'quantity'),
    column('averageCost', 'AVG COST', 'money', true),
    column('costBasis', 'COST BASIS', 'money'),
    column('realizedGain', 'REALISED', 'signedMoney'),
    column('dividends', 'DIVIDENDS', 'money'),
    column('currency', 'CCY'),
  ];
  if (valued) columns.push(column('marketValue', 'VALUE', 'money'), column('unrealizedGain', 'UNREALISED', 'signedMoney'), column('weight', 'WEIGHT', 'percent'));
  return columns;
}

export async function runHoldings(ctx: CliContext, options: HoldingsOptions): Promise<void> {
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const method = options.method ?? (await ctx.settings())['costBasis.method'];
  const asOf = asOfDate(ctx, options.asOf);
  const { positions, cash, income, totals, pricesAsOf, warnings } = await loadHoldings(ctx, portfolio, { asOf, method, value: options.value });
  const held = positions.filter((p) => !closed(p)).map((p) => p.symbol);
  await (await import('./split-warnings.js')).warnMissingSplits(ctx, portfolio, options.portfolio, held, asOf);
  const format = ctx.format();
  // JSON is one document (positions, cash, income, totals); CSV and the table are the positions
  if (format === 'json') return ctx.json({ portfolio: portfolio.name, asOf, method, pricesAsOf, positions, cash, income, totals, warnings });
  for (const warning of warnings) ctx.info(`warning: ${warning}`);
  if (format === 'table') {
    const closes = pricesAsOf && pricesAsOf !== asOf ? `, closes of ${pricesAsOf}` : '';
    ctx.info(`${portfolio.name} — holdings as of ${asOf} (${method === 'fifo' ? 'FIFO' : 'average cost'})${closes}`);
  }
  await renderRows(ctx, { columns: positionColumns(totals !== null), rows: positions, csv: { keys: [...HOLDING_COLUMNS] }, empty: 'No positions yet.' });
  if (format === 'table') await writeCashAndTotals(ctx, await ctx.style(), cash, totals);
}

async function writeCashAndTotals(ctx: CliContext, style: Style, cash: Array<{ currency: string; amount: string }>, totals: Awaited<ReturnType<typeof loadHoldings>>['totals']) {
  if (cash.length) {
    await ctx.out(await renderTable(style, ['CASH', 'AMOUNT'], cash.map((c) => [c.currency, formatSigned(style, c.amount)]), ['left', 'right']));
  }
  if (totals) {
    const line =
      `Total ${totals.currency}: value ${formatMoney(style, totals.value)} = positions ${formatMoney(style, totals.marketValue)}` +
      ` + cash ${formatMoney(style, totals.cash)}; cost basis ${formatMoney(style, totals.costBasis)},` +
      ` unrealised ${formatSigned(style, totals.unrealizedGain)}`;
    await ctx.out(line + '\n');
  }
}
