import { decString } from '../../../core/decimal.js';
import { computePerformance } from '../../../core/performance/analyze.js';
import { historyRows } from '../../../core/performance/history.js';
import type { CliContext } from '../../context.js';
import { formatMoney, formatPercent, formatSigned, renderTable, type Style } from '../../../io/text/render.js';
import { performanceRequest } from '../analyze/period-options.js';
import type { HistoryOptions } from './history.command.js';

const COLUMNS = ['date', 'marketValue', 'value', 'netFlows', 'twrIndex', 'drawdown'] as const;

export async function runHistory(ctx: CliContext, options: HistoryOptions): Promise<void> {
  const { portfolio, request } = await performanceRequest(ctx, options.portfolio, options);
  const performance = await computePerformance({ ...request, exactDays: true });
  const rows = historyRows(performance, options.interval);
  const { series } = performance;

  const format = ctx.format();
  if (format === 'json') {
    return ctx.json({
      portfolio: portfolio.name,
      currency: portfolio.baseCurrency,
      scope: options.scope,
      interval: options.interval,
      from: series.from,
      to: series.to,
      pricesAsOf: series.pricesAsOf,
      startDate: series.start.date,
      startValue: decString(series.start.value),
      rows,
      warnings: series.warnings,
    });
  }
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, [...COLUMNS], rows);
  }
  for (const warning of series.warnings) ctx.info(`warning: ${warning}`);
  if (rows.length === 0) {
    ctx.info(`No valuation days from ${series.from} to ${request.end}.`);
    return;
  }
  const style = await ctx.style();
  ctx.info(`${portfolio.name} — ${options.scope} value in ${portfolio.baseCurrency}, by ${options.interval}, ${series.from} → ${series.to}`);
  const account = options.scope === 'account';
  const head = ['DATE', ...(account ? ['POSITIONS'] : []), 'VALUE', 'NET FLOWS', 'TWR INDEX', 'DRAWDOWN'];
  const table = rows.map((r) => [
    style.date(r.date),
    ...(account ? [formatMoney(style, r.marketValue)] : []),
    formatMoney(style, r.value),
    r.netFlows === '0' ? '' : formatSigned(style, r.netFlows),
    index(style, r.twrIndex),
    drawdown(style, r.drawdown),
  ]);
  await ctx.out(await renderTable(style, head, table, head.map((_, i) => (i === 0 ? 'left' : 'right'))));
}

function index(style: Style, value: number): string {
  return style.rich ? value.toFixed(4) : String(value);
}

function drawdown(style: Style, value: number): string {
  if (!style.rich) return String(value);
  if (value === 0) return '0.00%';
  return style.paint.loss(formatPercent(style, value, { decimals: 2 }));
}
