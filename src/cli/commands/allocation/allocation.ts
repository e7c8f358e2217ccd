import { CASH_GROUP, computeAllocation, type AllocationGroup } from '../../../core/allocation/allocation.js';
import { gatherAllocationInput } from '../../../core/allocation/inputs.js';
import { planRebalance, type RebalancePlan } from '../../../core/allocation/rebalance.js';
import { usageError } from '../../../core/errors.js';
import { ledgerAsOf } from '../../../core/ledger/checkpoints.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatPercent, formatQuantity, formatSigned, renderTable, type Style } from '../../../io/text/render.js';
import { asOfDate } from '../holdings/as-of.js';
import type { AllocationOptions } from './allocation.command.js';
import { weekdaysAfter } from '../../../core/performance/period.js';
import { stalePricesWarning } from '../../../core/performance/series.js';

/**
 * `folio allocation PORTFOLIO [--by symbol|class|sector|currency] [--as-of DATE] [--rebalance]`.
 * Weights of the portfolio's value (positions + cash) at the as-of closes, drift against its
 * targets, and with --rebalance the whole-share trades that bring it back (see core/allocation).
 */
export async function runAllocation(ctx: CliContext, options: AllocationOptions): Promise<void> {
  if (options.rebalance && options.by !== 'symbol') throw usageError('--rebalance trades symbols: use it with --by symbol (the default).', 'bad_flag');
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const asOf = asOfDate(ctx, options.asOf);
  if (options.rebalance && Object.keys(portfolio.targets).length === 0) {
    throw usageError(`${portfolio.name} has no targets to rebalance to: set them with \`folio portfolio set-targets ${portfolio.name} SYMBOL=PERCENT,…\`.`, 'no_targets');
  }
  const { store } = await openLedger(ctx);
  // Quantities and cash do not depend on the cost-basis method.
  const { ledger } = await ledgerAsOf(store, portfolio.id, 'fifo', asOf);
  const input = await gatherAllocationInput(await ctx.prices(), {
    positions: ledger.positions(),
    cash: ledger.cash(),
    baseCurrency: portfolio.baseCurrency,
    asOf,
    targets: portfolio.targets,
    quotes: Boolean(options.rebalance),
  });
  const allocation = computeAllocation(input, options.by);
  const plan = options.rebalance ? planRebalance(input) : null;

  const format = ctx.format();
  const pricesAsOf = input.pricesAsOf ?? null;
  const report = { portfolio: portfolio.name, currency: portfolio.baseCurrency, asOf, pricesAsOf, by: options.by, total: allocation.total, groups: allocation.groups };
  if (pricesAsOf !== null && weekdaysAfter(pricesAsOf, asOf) > 5) ctx.info(`warning: ${stalePricesWarning(pricesAsOf, asOf)}`);
  if (format === 'json') return ctx.json(plan ? { ...report, rebalance: plan } : report);
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    if (plan) return writeCsv(ctx, ['symbol', 'side', 'quantity', 'price', 'currency', 'value', 'baseValue'], plan.trades);
    return writeCsv(ctx, ['key', 'value', 'weight', 'target', 'drift', 'difference'], allocation.groups);
  }

  const style = await ctx.style();
  const currency = portfolio.baseCurrency;
  ctx.info(`${portfolio.name} — allocation by ${options.by} as of ${asOf}: ${formatMoney(style, allocation.total, currency)}`);
  if (allocation.groups.length === 0) {
    ctx.info(`Nothing held and no cash on ${asOf}.`);
    return;
  }
  const withTargets = allocation.groups.some((g) => g.target !== null);
  await ctx.out(await groupTable(style, options.by.toUpperCase(), allocation.groups, withTargets));
  if (allocation.groups.some((g) => g.weight === null)) ctx.info('Weights are blank: the portfolio is worth nothing or less (cash below zero).');
  if (plan) await renderPlan(ctx, style, currency, plan);
}

async function groupTable(style: Style, label: string, groups: Array<AllocationGroup & { quantity?: string | null }>, withTargets: boolean) {
  const withQuantity = groups.some((g) => g.quantity !== undefined);
  const head = [label, ...(withQuantity ? ['QUANTITY'] : []), 'VALUE', 'WEIGHT', ...(withTargets ? ['TARGET', 'DRIFT', 'DIFFERENCE'] : [])];
  const rows = groups.map((g) => {
    const key = g.key === CASH_GROUP ? style.paint.muted(g.key) : g.key;
    const cells = [key];
    if (withQuantity) cells.push(g.quantity == null ? '' : formatQuantity(style, g.quantity));
    cells.push(formatMoney(style, g.value), percent(style, g.weight));
    if (withTargets) cells.push(percent(style, g.target), drift(style, g.drift), g.difference === null ? '' : formatSigned(style, g.difference));
    return cells;
  });
  return renderTable(style, head, rows, ['left', ...head.slice(1).map(() => 'right' as const)]);
}

export async function renderPlan(ctx: CliContext, style: Style, currency: string, plan: RebalancePlan): Promise<void> {
  if (plan.trades.length === 0) {
    ctx.info('Rebalance: no whole-share trade brings the portfolio closer to its targets.');
  } else {
    ctx.info(`Rebalance: ${plan.trades.length} trade${plan.trades.length === 1 ? '' : 's'} at the as-of closes (sells first; no fees):`);
    const rows = plan.trades.map((t) => [
      t.side === 'sell' ? style.paint.loss('sell') : style.paint.gain('buy'),
      t.symbol,
      formatQuantity(style, t.quantity),
      formatMoney(style, t.price),
      t.currency,
      formatMoney(style, t.value),
      formatMoney(style, t.baseValue),
    ]);
    await ctx.out(
      await renderTable(style, ['SIDE', 'SYMBOL', 'QUANTITY', 'PRICE', 'CCY', 'VALUE', `VALUE ${currency}`], rows, [
        'left',
        'left',
        'right',
        'right',
        'left',
        'right',
        'right',
      ]),
    );
    ctx.info('After the trades:');
    await ctx.out(await groupTable(style, 'SYMBOL', plan.groups, true));
  }
  await ctx.out(
    `Cash available ${formatMoney(style, plan.cashAvailable, currency)} (cash + sells); left after the trades ${formatMoney(style, plan.cash, currency)}\n`,
  );
}

/** A fraction for people, or blank when there is none. */
function percent(style: Style, value: number | null): string {
  return value === null ? '' : formatPercent(style, value);
}

/** Drift in percentage points, signed: over target in the warning colour, under in the loss colour (piped: the fraction). */
function drift(style: Style, value: number | null): string {
  if (value === null) return '';
  if (!style.rich) return String(value);
  const points = value * 100;
  const text = `${points > 0 ? '+' : ''}${new Intl.NumberFormat(style.settings['display.locale'], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(points)} pp`;
  if (Math.abs(points) < 0.05) return text;
  return points > 0 ? style.paint.warn(text) : style.paint.loss(text);
}
