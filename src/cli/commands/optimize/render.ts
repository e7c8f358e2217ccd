import type { RebalancePlan } from '../../../core/allocation/rebalance.js';
import type { Optimization, PointFigures, Weights } from '../../../core/optimize/optimize.js';
import type { CliContext } from '../../context.js';
import { formatPercent, renderTable, type Style } from '../../../io/text/render.js';
import { renderScatter } from '../../scatter-chart.js';
import { renderPlan } from '../allocation/allocation.js';

interface OptimizationView {
  result: Optimization;
  current: Weights | null;
  plan: RebalancePlan | null;
  portfolio: string;
  currency: string;
  covariance: string;
  riskFreeRate: number;
}

const OBJECTIVE_NAMES: Record<Optimization['objective'], string> = {
  'min-volatility': 'minimum volatility',
  'max-sharpe': 'maximum Sharpe ratio',
  'target-return': 'target return',
  'target-volatility': 'target volatility',
  'risk-parity': 'risk parity (equal risk contributions)',
  hrp: 'hierarchical risk parity',
};

const percent = (style: Style, value: number | null | undefined) => (value === null || value === undefined ? '' : formatPercent(style, value));
const ratio = (style: Style, value: number | null) =>
  value === null ? '' : style.rich ? new Intl.NumberFormat(style.settings['display.locale'], { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(value) : String(value);

/** Symbols by optimised weight, largest first. */
const ranked = (weights: Weights) => Object.entries(weights).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));

function terminalWidth(ctx: CliContext): number {
  const columns = (ctx.io.stdout as { columns?: number }).columns ?? Number(ctx.env.COLUMNS);
  return Number.isFinite(columns) && columns > 0 ? columns : 80;
}

export async function renderOptimization(ctx: CliContext, view: OptimizationView): Promise<void> {
  const { result, current } = view;
  const style = await ctx.style();
  ctx.info(
    `${view.portfolio} — ${OBJECTIVE_NAMES[result.objective]} over ${result.symbols.length} symbols, ${result.from} to ${result.to} ` +
      `(${result.closes} common closes, ${view.covariance} covariance, in ${view.currency})`,
  );
  const rows = ranked(result.weights).map(([symbol, w]) => {
    const now = current?.[symbol];
    return [symbol, percent(style, w), percent(style, now), now === undefined ? '' : formatPercent(style, w - now, { signed: style.rich })];
  });
  await ctx.out(await renderTable(style, ['SYMBOL', 'WEIGHT', 'CURRENT', 'CHANGE'], rows, ['left', 'right', 'right', 'right']));
  await ctx.out(await figuresTable(style, result, result.current, view.riskFreeRate));
  if (!current) ctx.info(`${view.portfolio} holds none of these symbols: no current weights.`);
  if (result.frontier) await renderFrontier(ctx, style, result);
  if (view.plan) await renderPlan(ctx, style, view.currency, view.plan);
}

async function figuresTable(style: Style, chosen: PointFigures, current: PointFigures | null, riskFreeRate: number): Promise<string> {
  const column = (f: PointFigures) => [percent(style, f.expectedReturn), percent(style, f.volatility), ratio(style, f.sharpe)];
  const [optimised, now] = [column(chosen), current ? column(current) : null];
  const labels = ['Expected return (yearly)', 'Volatility (yearly)', `Sharpe ratio (risk-free ${percent(style, riskFreeRate)})`];
  const rows = labels.map((label, i) => [label, optimised[i]!, ...(now ? [now[i]!] : [])]);
  return renderTable(style, ['', 'OPTIMISED', ...(now ? ['CURRENT'] : [])], rows, ['left', 'right', 'right']);
}

async function renderFrontier(ctx: CliContext, style: Style, result: Optimization): Promise<void> {
  const frontier = result.frontier!;
  ctx.info(`Efficient frontier: ${frontier.length} points from the minimum-volatility portfolio to the highest expected return.`);
  if (style.rich) {
    const point = (f: PointFigures) => ({ x: f.volatility, y: f.expectedReturn });
    const label = (v: number) => formatPercent(style, v);
    const chart = renderScatter(
      [
        { points: frontier.map(point), glyph: '·', line: true, paint: style.paint.label },
        ...(result.current ? [{ points: [point(result.current)], glyph: '◆', paint: style.paint.warn }] : []),
        { points: [point(result)], glyph: '●', paint: style.paint.gain },
      ],
      { width: Math.max(30, Math.min(72, terminalWidth(ctx) - 12)), height: 14, xLabel: label, yLabel: label, muted: style.paint.muted },
    );
    await ctx.out(
      [
        style.paint.muted('expected return ↑   volatility →'),
        ...chart,
        `${style.paint.label('·')} frontier  ${style.paint.gain('●')} ${result.objective}${result.current ? `  ${style.paint.warn('◆')} current` : ''}`,
        '',
      ].join('\n'),
    );
  }
  const rows = frontier.map((f, i) => [
    String(i + 1),
    percent(style, f.expectedReturn),
    percent(style, f.volatility),
    ratio(style, f.sharpe),
    ranked(f.weights)
      .filter(([, w]) => w >= 0.0005)
      .slice(0, 4)
      .map(([s, w]) => `${s} ${percent(style, w)}`)
      .join(style.rich ? ', ' : ' '),
  ]);
  await ctx.out(await renderTable(style, ['#', 'RETURN', 'VOLATILITY', 'SHARPE', 'LARGEST WEIGHTS'], rows, ['right', 'right', 'right', 'right', 'left']));
}

/** One CSV table: the trades with --trades, the frontier (a column per symbol) with --frontier, else the weights. */
export async function renderOptimizationCsv(ctx: CliContext, result: Optimization, current: Weights | null, plan: RebalancePlan | null): Promise<void> {
  const { writeCsv } = await import('../../csv.js');
  if (plan) return writeCsv(ctx, ['symbol', 'side', 'quantity', 'price', 'currency', 'value', 'baseValue'], plan.trades);
  if (result.frontier) {
    const rows = result.frontier.map((f, i) => ({ point: i + 1, expectedReturn: f.expectedReturn, volatility: f.volatility, sharpe: f.sharpe, ...f.weights }));
    return writeCsv(ctx, ['point', 'expectedReturn', 'volatility', 'sharpe', ...result.symbols] as Array<keyof (typeof rows)[number] & string>, rows);
  }
  const rows = ranked(result.weights).map(([symbol, weight]) => ({ symbol, weight, currentWeight: current ? (current[symbol] ?? 0) : null }));
  return writeCsv(ctx, ['symbol', 'weight', 'currentWeight'], rows);
}
