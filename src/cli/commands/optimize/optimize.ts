import { BOUNDED_OBJECTIVES } from '../../../analytics/optimize/index.js';
import { gatherAllocationInput } from '../../../core/allocation/inputs.js';
import { planRebalance, type RebalancePlan } from '../../../core/allocation/rebalance.js';
import { toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { replay } from '../../../core/ledger/holdings.js';
import { currentWeights, optimizeMatrix, weightsAsTargets, type Optimization, type Weights } from '../../../core/optimize/optimize.js';
import { gatherPriceMatrix } from '../../../core/optimize/price-matrix.js';
import { periodStart } from '../../../core/performance/period.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { parseSymbol } from '../prices/arguments.js';
import type { OptimizeOptions } from './optimize.command.js';

const DEFAULT_POINTS = 20;

function checkFlags(options: OptimizeOptions, format: string): void {
  const targeted = options.objective === 'target-return' || options.objective === 'target-volatility';
  if (targeted && options.target === undefined) throw usageError(`--objective ${options.objective} needs --target, e.g. --target 0.12.`, 'missing_flag');
  if (!targeted && options.target !== undefined) throw usageError('--target goes with --objective target-return or target-volatility.', 'bad_flag');
  if (!BOUNDED_OBJECTIVES.includes(options.objective) && (options.minWeight !== undefined || options.maxWeight !== undefined)) {
    throw usageError(`--min-weight/--max-weight do not apply to ${options.objective}, which has no bounds to meet.`, 'bad_flag');
  }
  if (options.points !== undefined && !options.frontier) throw usageError('--points goes with --frontier.', 'bad_flag');
  if (options.period !== undefined && options.from !== undefined) throw usageError('Give either --period or --from, not both.', 'bad_flag');
  if (format === 'csv' && options.frontier && options.trades) {
    throw usageError('--csv prints one table: use --frontier or --trades (or --json for both).', 'bad_flag');
  }
}

function parseSymbols(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean).map(parseSymbol))];
}

/**
 * `folio optimize PORTFOLIO`: weights that minimise volatility, maximise the Sharpe ratio, meet a
 * target return or volatility, equalise risk contributions or follow HRP, over the daily closes of
 * the window; with the efficient frontier and the trades that get there (see analytics/optimize).
 */
export async function runOptimize(ctx: CliContext, options: OptimizeOptions): Promise<void> {
  const format = ctx.format();
  checkFlags(options, format);
  const end = options.to ?? toCalendarDate(ctx.clock.now());
  if (options.from !== undefined && options.from > end) throw usageError(`--from ${options.from} is after --to ${end}.`, 'bad_flag');
  const from = options.from ?? periodStart(options.period ?? '3y', end);

  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const [settings, { store }, market] = await Promise.all([ctx.settings(), openLedger(ctx), ctx.prices()]);
  // Quantities and cash do not depend on the cost-basis method.
  const ledger = await replay(store.ledgerEntries(portfolio.id, { to: end }), 'fifo');
  const positions = ledger.positions().filter((p) => p.quantity !== '0');
  const symbols = options.symbols !== undefined ? parseSymbols(options.symbols) : positions.map((p) => p.symbol).sort();
  if (symbols.length < 2) {
    const held = options.symbols === undefined ? `${portfolio.name} holds ${symbols.length === 0 ? 'nothing' : `only ${symbols[0]}`} on ${end}; ` : '';
    throw usageError(`Optimisation needs at least two symbols: ${held}name them with --symbols A,B,…`, 'too_few_symbols');
  }
  const holdings = { positions, cash: ledger.cash(), baseCurrency: portfolio.baseCurrency, asOf: end };
  const current = currentWeights((await gatherAllocationInput(market, { ...holdings, targets: {}, quotes: false })).lines, symbols);
  const matrix = await gatherPriceMatrix(market, symbols, portfolio.baseCurrency, from, end);
  const result = optimizeMatrix(
    matrix,
    {
      objective: options.objective,
      covariance: options.cov,
      lower: options.minWeight ?? 0,
      upper: options.maxWeight ?? 1,
      riskFreeRate: options.riskFree ?? settings['analytics.riskFreeRate'],
      target: options.target,
      frontierPoints: options.frontier ? (options.points ?? DEFAULT_POINTS) : undefined,
    },
    current,
  );
  const plan = options.trades ? planRebalance(await gatherAllocationInput(market, { ...holdings, targets: weightsAsTargets(result.weights), quotes: true })) : null;

  const report = { portfolio: portfolio.name, currency: portfolio.baseCurrency, covariance: options.cov, riskFreeRate: options.riskFree ?? settings['analytics.riskFreeRate'] };
  if (format === 'json') return ctx.json(optimizationDocument(result, current, plan, report));
  const { renderOptimizationCsv, renderOptimization } = await import('./render.js');
  if (format === 'csv') return renderOptimizationCsv(ctx, result, current, plan);
  return renderOptimization(ctx, { result, current, plan, ...report });
}

/** The JSON document: the issue's keys first, fractions as numbers, money as decimal strings. */
export function optimizationDocument(result: Optimization, current: Weights | null, plan: RebalancePlan | null, report: { portfolio: string; currency: string; covariance: string; riskFreeRate: number }) {
  return {
    objective: result.objective,
    from: result.from,
    to: result.to,
    symbols: result.symbols,
    weights: result.weights,
    currentWeights: current,
    expectedReturn: result.expectedReturn,
    volatility: result.volatility,
    sharpe: result.sharpe,
    ...report,
    closes: result.closes,
    current: result.current,
    ...(result.frontier ? { frontier: result.frontier } : {}),
    ...(plan ? { trades: plan.trades, cashAvailable: plan.cashAvailable, cashLeft: plan.cash } : {}),
  };
}
