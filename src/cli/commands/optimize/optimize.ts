import * as z from 'zod';
import { BOUNDED_OBJECTIVES, COVARIANCES, OBJECTIVES } from '../../../analytics/optimize/index.js';
import { gatherAllocationInput } from '../../../core/allocation/inputs.js';
import { planRebalance, type RebalancePlan } from '../../../core/allocation/rebalance.js';
import { isCalendarDate, toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { replay } from '../../../core/ledger/holdings.js';
import { currentWeights, optimizeMatrix, weightsAsTargets, type Optimization, type Weights } from '../../../core/optimize/optimize.js';
import { gatherPriceMatrix } from '../../../core/optimize/price-matrix.js';
import { periodStart } from '../../../core/performance/period.js';
import { PERIODS } from '../../../core/performance/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { parseSymbol } from '../prices/arguments.js';

const DateFlag = z.string().refine(isCalendarDate, 'expected a date as YYYY-MM-DD').optional();
/** A fraction as 0.12 or 12%. */
const Fraction = z
  .string()
  .trim()
  .regex(/^[-+]?(\d+\.?\d*|\.\d+)%?$/, 'expected a fraction such as 0.12, or a percentage such as 12%')
  .transform((text) => (text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text)));
const Weight = Fraction.refine((w) => w >= 0 && w <= 1, 'expected a weight from 0 to 1 (or 0% to 100%)');

const Options = z.object({
  symbols: z.string().optional(),
  period: z.enum(PERIODS, { message: `expected one of ${PERIODS.join(', ')}` }).optional(),
  from: DateFlag,
  to: DateFlag,
  objective: z.enum(OBJECTIVES, { message: `expected one of ${OBJECTIVES.join(', ')}` }).default('min-volatility'),
  target: Fraction.refine((t) => Math.abs(t) <= 100, 'expected a yearly fraction such as 0.12').optional(),
  minWeight: Weight.optional(),
  maxWeight: Weight.optional(),
  riskFree: Fraction.refine((r) => r >= -1 && r <= 1, 'expected a yearly rate from -1 to 1, e.g. 0.03').optional(),
  cov: z.enum(COVARIANCES, { message: `expected one of ${COVARIANCES.join(', ')}` }).default('sample'),
  frontier: z.boolean().optional(),
  points: z
    .string()
    .regex(/^\d+$/, 'expected a whole number of points such as 20')
    .transform(Number)
    .refine((n) => n >= 2 && n <= 500, 'must be from 2 to 500')
    .optional(),
  trades: z.boolean().optional(),
});
type OptimizeFlags = z.infer<typeof Options>;

const DEFAULT_POINTS = 20;

function checkFlags(options: OptimizeFlags, format: string): void {
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
export async function runOptimize(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const format = ctx.format();
  checkFlags(options, format);
  const end = options.to ?? toCalendarDate(ctx.clock.now());
  if (options.from !== undefined && options.from > end) throw usageError(`--from ${options.from} is after --to ${end}.`, 'bad_flag');
  const from = options.from ?? periodStart(options.period ?? '3y', end);

  const { portfolio } = await openPortfolio(ctx, String(args[0]), 'read');
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
