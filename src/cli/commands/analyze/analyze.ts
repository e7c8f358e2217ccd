import { analyzePerformance, type Analysis } from '../../../core/performance/analyze.js';
import { renderChart } from '../../../io/text/chart.js';
import type { CliContext } from '../../context.js';
import { renderRecord } from '../../output.js';
import { formatMoney, formatPercent, formatSigned, renderFields, type Style } from '../../../io/text/render.js';
import type { AnalyzeOptions } from './analyze.command.js';
import { flattenAnalysis, performanceRequest } from './period-options.js';

export async function runAnalyze(ctx: CliContext, options: AnalyzeOptions): Promise<void> {
  const { portfolio, settings, request } = await performanceRequest(ctx, options.portfolio, options);
  const { analysis, performance } = await analyzePerformance({
    ...request,
    riskFreeRate: settings['analytics.riskFreeRate'],
    benchmark: options.benchmark ?? null,
  });

  const document = { portfolio: portfolio.name, ...analysis };
  // JSON says the warnings in the document; a table says them on stderr
  if (ctx.format() === 'table') for (const warning of analysis.warnings) ctx.info(`warning: ${warning}`);
  const row = flattenAnalysis(document);
  const chartPoints = performance.series.days.map(({ date, value }) => ({ date, value }));
  await renderRecord(ctx, {
    // CSV: one flat row, benchmark figures as benchmarkTwr, …
    fields: Object.keys(row).map((key) => ({ key, header: key })),
    value: row,
    json: document,
    layout: (style) => renderDashboard(style, portfolio.name, analysis, chartPoints, terminalWidth(ctx)),
  });
}

function terminalWidth(ctx: CliContext): number {
  const columns = (ctx.io.stdout as { columns?: number }).columns ?? Number(ctx.env.COLUMNS);
  return Number.isFinite(columns) && columns > 0 ? columns : 80;
}

/** A return for people: a signed percentage with two decimals on a terminal, the plain fraction when piped. */
function percent(style: Style, value: number, signed = true): string {
  return formatPercent(style, value, { decimals: 2, signed });
}

function ratio(style: Style, value: number): string {
  if (!style.rich) return String(value);
  return new Intl.NumberFormat(style.settings['display.locale'], { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(value);
}

/** A figure, or `n/a (why)` when it is undefined. */
function figure(style: Style, value: number | null, show: (v: number) => string, reason: string | undefined): string {
  if (value !== null) return show(value);
  return style.paint.muted(`n/a${reason ? ` (${reason})` : ''}`);
}

export function renderDashboard(
  style: Style,
  name: string,
  a: Analysis,
  points: Array<{ date: string; value: number }>,
  width: number,
): string {
  const money = (amount: string) => formatMoney(style, amount);
  const signed = (amount: string) => formatSigned(style, amount);
  const why = (key: string) => a.reasons[key];
  const out: string[] = [];
  const scope = a.scope === 'account' ? 'account (cash included)' : 'holdings';
  out.push(`${style.paint.heading(name)} — ${style.date(a.from)} → ${style.date(a.to)} · ${scope} · ${a.currency} · ${a.method === 'fifo' ? 'FIFO' : 'average cost'}`);

  if (style.rich && points.length >= 2) {
    const first = points[0]!.value;
    const last = points.at(-1)!.value;
    const compact = new Intl.NumberFormat(style.settings['display.locale'], { notation: 'compact', maximumFractionDigits: 1 });
    const chart = renderChart(points, {
      width: Math.max(20, Math.min(72, width - 12)),
      height: 6,
      label: (v) => compact.format(v),
      paint: last >= first ? style.paint.gain : style.paint.loss,
      muted: style.paint.muted,
    });
    out.push('', ...chart);
  }

  const fields: Array<[string, string]> = [
    ['Value', `${money(a.value)} ${a.currency}  ${style.paint.muted(`from ${money(a.startValue)} on ${style.date(a.startDate)}`)}`],
    ['Prices as of', a.pricesAsOf === null ? style.paint.muted('no closes') : style.date(a.pricesAsOf)],
  ];
  if (a.scope === 'account') fields.push(['  positions / cash', `${money(a.marketValue)} / ${money(a.cash)}`]);
  fields.push(
    ['Net flows', signed(a.netFlows)],
    ['Total gain', signed(a.totalGain)],
    ['  realised', signed(a.realizedGain)],
    ['  unrealised', `${signed(a.unrealizedGain)}  ${style.paint.muted(`cost basis ${money(a.costBasis)}`)}`],
    ['  currency', signed(a.currencyGain)],
    ['Dividends', money(a.dividends)],
    ['Interest', money(a.interest)],
    ['Fees', `${money(a.fees)}  ${style.paint.muted(`+ ${money(a.tradeFees)} on trades, in the cost`)}`],
    ['Taxes', a.beforeTaxes ? style.paint.muted('left out (--before-taxes)') : money(a.taxes)],
    ['TWR', figure(style, a.twr, (v) => percent(style, v), why('twr'))],
    ['  annualised', figure(style, a.twrAnnualized, (v) => percent(style, v), why('twrAnnualized'))],
    ['MWR (annual)', figure(style, a.mwr, (v) => percent(style, v), why('mwr'))],
    ['  over the period', figure(style, a.mwrPeriod, (v) => percent(style, v), why('mwrPeriod'))],
    ['Volatility', figure(style, a.volatility, (v) => percent(style, v, false), why('volatility'))],
    ['Sharpe', figure(style, a.sharpe, (v) => ratio(style, v), why('sharpe'))],
    ['Sortino', figure(style, a.sortino, (v) => ratio(style, v), why('sortino'))],
    [
      'Max drawdown',
      figure(
        style,
        a.maxDrawdown,
        (v) => (a.maxDrawdownFrom ? `${percent(style, v)}  ${style.paint.muted(`${style.date(a.maxDrawdownFrom)} → ${style.date(a.maxDrawdownTo!)}`)}` : percent(style, v)),
        why('maxDrawdown'),
      ),
    ],
  );
  const b = a.benchmark;
  if (b) {
    const bw = (key: string) => a.reasons[`benchmark.${key}`];
    fields.push(
      [`vs ${b.symbol}: TWR`, figure(style, b.twr, (v) => percent(style, v), bw('twr'))],
      ['  annualised', figure(style, b.twrAnnualized, (v) => percent(style, v), bw('twrAnnualized'))],
      ['  excess return', figure(style, b.excessReturn, (v) => percent(style, v), bw('excessReturn'))],
      ['  volatility', figure(style, b.volatility, (v) => percent(style, v, false), bw('volatility'))],
      ['  max drawdown', figure(style, b.maxDrawdown, (v) => percent(style, v), bw('maxDrawdown'))],
      ['  beta', figure(style, b.beta, (v) => ratio(style, v), bw('beta'))],
      ['  correlation', figure(style, b.correlation, (v) => ratio(style, v), bw('correlation'))],
    );
  }
  out.push('', renderFields(style, fields));
  return out.join('\n');
}
