import {
  annualize,
  beta,
  correlation,
  dailyReturns,
  maxDrawdown,
  periodReturn,
  sharpe,
  sortino,
  twr,
  twrIndex,
  volatility,
  xirr,
  type Cashflow,
  type DailyReturn,
  type ValuationDay,
} from '../../analytics/index.js';
import { decString, ZERO, type Decimal } from '../decimal.js';
import { notFoundError } from '../errors.js';
import type { CostBasisMethod, LedgerEntry } from '../ledger/types.js';
import { closeSeries, fxRateMissingMessage, missingPriceError } from '../market/prices.js';
import type { PriceProvider } from '../ports.js';
import { Cursor } from './cursor.js';
import type { PerformanceCheckpoint } from './replay-checkpoints.js';
import { replayForPerformance } from './replay.js';
import type { ReplaySegment } from './replay-state.js';
import { valuationSeries, type ValuationSeries } from './series.js';
import type { Scope } from './types.js';

/**
 * `folio analyze`: performance of a portfolio over a period, by DESIGN's Analytics definitions.
 * Money figures are exact decimal strings in the base currency; returns and risk are fractions,
 * null when undefined, with the reason in `reasons` (keyed by field).
 */

export interface PerformanceRequest {
  entries: AsyncIterable<LedgerEntry>;
  market: PriceProvider;
  baseCurrency: string;
  method: CostBasisMethod;
  scope: Scope;
  /** The period's first day; null for `max`. */
  from: string | null;
  /** TO: the end asked for (--to or today); the end value is at the last closes on or before it. */
  end: string;
  exactDays?: boolean;
  /** Leave taxes out, as if none had been paid (`--before-taxes`). */
  beforeTaxes?: boolean;
  /** The replay resumes from `checkpoint.resume` (then `entries` come after its date) and leaves segments behind. */
  checkpoint?: PerformanceCheckpoint;
}

export interface AnalysisRequest extends PerformanceRequest {
  riskFreeRate: number;
  /** A symbol to compare with, or null. */
  benchmark: string | null;
}

export interface BenchmarkResult {
  symbol: string;
  twr: number | null;
  twrAnnualized: number | null;
  volatility: number | null;
  maxDrawdown: number | null;
  beta: number | null;
  correlation: number | null;
  /** The portfolio's TWR minus the benchmark's, over the same days. */
  excessReturn: number | null;
}

export interface Analysis {
  currency: string;
  scope: Scope;
  method: CostBasisMethod;
  /** The period's first day (FROM; for `max` the first flow's day). */
  from: string;
  /** TO, the end asked for. */
  to: string;
  /** The oldest close the value at TO uses (null when nothing held has a close). */
  pricesAsOf: string | null;
  /** True with `--before-taxes`: every figure as if no tax had been paid. */
  beforeTaxes: boolean;
  /** The valuation day the period is measured from (the last one before FROM). */
  startDate: string;
  startValue: string;
  /** The scope's value on TO: marketValue (holdings) or marketValue + cash (account). */
  value: string;
  marketValue: string;
  costBasis: string;
  cash: string;
  netFlows: string;
  /** value − startValue − netFlows = realizedGain + unrealizedGain + dividends + interest − fees − taxes + currencyGain. */
  totalGain: string;
  realizedGain: string;
  unrealizedGain: string;
  dividends: string;
  interest: string;
  fees: string;
  taxes: string;
  tradeFees: string;
  /** What exchange rates moving did to the cost of what was held and to foreign cash. */
  currencyGain: string;
  twr: number | null;
  twrAnnualized: number | null;
  mwr: number | null;
  /** The money-weighted return over the period itself: (1 + mwr)^(days/365) − 1. */
  mwrPeriod: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number | null;
  maxDrawdownFrom: string | null;
  maxDrawdownTo: string | null;
  benchmark?: BenchmarkResult;
  /** Why a figure is null, by its key (`benchmark.beta` for the benchmark's). */
  reasons: Record<string, string>;
  warnings: string[];
}

export interface Performance {
  series: ValuationSeries;
  /** [start point, ...period days] as the analytics functions take them. */
  valuationDays: ValuationDay[];
}

/** Both passes: the replay, then the valuation series of the scope over the period. */
export async function computePerformance(request: PerformanceRequest): Promise<Performance> {
  const { method, scope, from, beforeTaxes, checkpoint } = request;
  const segments: ReplaySegment[] = [];
  const capture = checkpoint && { every: checkpoint.every, take: (segment: ReplaySegment) => segments.push(segment) };
  const replay = await replayForPerformance(request.entries, { method, scope, from, beforeTaxes, resume: checkpoint?.resume, capture });
  // Only a cache: a database that cannot take the write now costs the next run a longer replay.
  if (segments.length > 0) await checkpoint!.save(segments).catch(() => false);
  const series = await valuationSeries({
    replay,
    market: request.market,
    baseCurrency: request.baseCurrency,
    scope: request.scope,
    from: request.from,
    end: request.end,
    exactDays: request.exactDays,
  });
  const valuationDays: ValuationDay[] = [
    { date: series.start.date, value: toNumber(series.start.value), inflow: 0, outflow: 0 },
    ...series.days.map(({ date, value, inflow, outflow }) => ({ date, value, inflow, outflow })),
  ];
  return { series, valuationDays };
}

export async function analyzePerformance(request: AnalysisRequest): Promise<{ analysis: Analysis; performance: Performance }> {
  const performance = await computePerformance(request);
  const { series, valuationDays } = performance;
  const reasons: Record<string, string> = {};
  const warnings = [...series.warnings];

  const returns = dailyReturns(valuationDays);
  const nothing =
    series.days.length === 0 ? `no valuation day from ${series.from} to ${request.end}` : returns.length === 0 ? 'nothing was held in the period' : null;
  const totalReturn = nothing === null ? twr(returns) : null;
  if (nothing) reasons.twr = nothing;
  const annualized = totalReturn === null ? null : annualize(totalReturn, series.start.date, series.to);
  if (totalReturn !== null && annualized === null) reasons.twrAnnualized = annualizeReason(totalReturn, series.start.date, series.to);
  else if (annualized === null) reasons.twrAnnualized = nothing!;

  const cashflows = moneyWeightedFlows(series);
  const mwr = xirr(cashflows);
  if (mwr === null) reasons.mwr = xirrReason(cashflows);
  const mwrPeriod = periodReturn(mwr, series.start.date, series.to);
  if (mwrPeriod === null) reasons.mwrPeriod = reasons.mwr ?? 'the period has no length';

  const vol = volatility(returns);
  if (vol === null) reasons.volatility = nothing ?? 'needs at least 2 daily returns';
  const sharpeRatio = sharpe(annualized, request.riskFreeRate, vol);
  if (sharpeRatio === null) reasons.sharpe = annualized === null ? 'no annualised TWR' : vol === null ? reasons.volatility! : 'volatility is 0';
  const sortinoRatio = sortino(annualized, request.riskFreeRate, returns);
  if (sortinoRatio === null) {
    reasons.sortino = annualized === null ? 'no annualised TWR' : returns.length === 0 ? nothing! : 'no daily return was negative (no downside)';
  }
  const drawdown = nothing === null ? maxDrawdown(twrIndex(valuationDays)) : null;
  if (drawdown === null) reasons.maxDrawdown = nothing!;

  const money = moneyFigures(performance);
  const benchmark =
    request.benchmark === null
      ? undefined
      : await compareWithBenchmark(request, request.benchmark, valuationDays, returns, totalReturn, series, reasons, warnings);
  const analysis: Analysis = {
    currency: request.baseCurrency,
    scope: request.scope,
    method: request.method,
    from: series.from,
    to: series.to,
    pricesAsOf: series.pricesAsOf,
    beforeTaxes: request.beforeTaxes ?? false,
    startDate: series.start.date,
    startValue: decString(series.start.value),
    value: decString(series.end.value),
    ...money,
    twr: totalReturn,
    twrAnnualized: annualized,
    mwr,
    mwrPeriod,
    volatility: vol,
    sharpe: sharpeRatio,
    sortino: sortinoRatio,
    maxDrawdown: drawdown?.drawdown ?? null,
    maxDrawdownFrom: drawdown?.from ?? null,
    maxDrawdownTo: drawdown?.to ?? null,
    ...(benchmark && { benchmark }),
    reasons,
    warnings,
  };
  return { analysis, performance };
}

/** Money figures of the period, exact, in the base currency, each at the rate of its own date. */
function moneyFigures({ series }: Performance) {
  const { marketValue, cash, value } = series.end;
  const f = series.figures;
  return {
    marketValue: decString(marketValue),
    costBasis: decString(f.costBasis),
    cash: decString(cash),
    netFlows: decString(series.netFlows),
    totalGain: decString(value.minus(series.start.value).minus(series.netFlows)),
    realizedGain: decString(f.realized),
    unrealizedGain: decString(f.unrealized),
    dividends: decString(f.dividends),
    interest: decString(f.interest),
    fees: decString(f.fees),
    taxes: decString(f.taxes),
    tradeFees: decString(f.tradeFees),
    currencyGain: decString(f.currencyGain),
  };
}

export function toNumber(value: Decimal): number {
  return Number(value.toFixed());
}

/**
 * MWR cash flows (xirr's sign: negative is money paid in): the starting value as money in on its
 * day, each day's net flow, and the end value as money out on TO.
 */
function moneyWeightedFlows(series: ValuationSeries): Cashflow[] {
  const flows: Cashflow[] = [];
  if (!series.start.value.eq(ZERO)) flows.push({ date: series.start.date, amount: -toNumber(series.start.value) });
  for (const day of series.days) if (day.inflow !== day.outflow) flows.push({ date: day.date, amount: day.outflow - day.inflow });
  if (!series.end.value.eq(ZERO)) flows.push({ date: series.to, amount: toNumber(series.end.value) });
  return flows;
}

function xirrReason(flows: Cashflow[]): string {
  const moving = flows.filter((f) => f.amount !== 0);
  if (!moving.some((f) => f.amount < 0) || !moving.some((f) => f.amount > 0)) return 'needs money both paid in and taken out (or a value left at the end)';
  if (moving.every((f) => f.date === moving[0]!.date)) return 'all cash flows fall on one day';
  return 'no rate solves the cash flows';
}

function annualizeReason(totalReturn: number, start: string, end: string): string {
  if (start >= end) return 'the period has no length';
  if (totalReturn < -1) return 'a loss of more than 100% has no annual rate';
  return 'too large to annualise over so short a period';
}

/** The benchmark held over the same valuation days, in the base currency, with no flows. */
async function compareWithBenchmark(
  request: AnalysisRequest,
  symbol: string,
  valuationDays: ValuationDay[],
  portfolioReturns: DailyReturn[],
  portfolioTwr: number | null,
  series: ValuationSeries,
  reasons: Record<string, string>,
  warnings: string[],
): Promise<BenchmarkResult> {
  const { market, baseCurrency: base } = request;
  if ((await market.firstDate(symbol)) === null) throw await missingPriceError(market, symbol, series.to);
  const dates = [...new Set(valuationDays.map((d) => d.date))];
  const first = dates[0]!;
  const closes = new Cursor((await closeSeries(market, [symbol], first, series.to)).get(symbol) ?? []);
  const currency = closes.first?.currency ?? base;
  let rates: Cursor<{ date: string; rate: string }> | null = null;
  if (currency !== base) {
    const points = await market.fxRates(currency, base, first, series.to);
    if (points.length === 0) throw notFoundError(fxRateMissingMessage(currency, base, series.to), 'no_fx_rate');
    rates = new Cursor(points);
  }
  if (closes.first === null) warnings.push(`The benchmark ${symbol} has no close on or before ${series.to}.`);
  else if (closes.first.date > first) warnings.push(`The benchmark ${symbol} has no close before ${closes.first.date}: its returns start there.`);

  const days: ValuationDay[] = dates.map((date) => {
    const close = closes.at(date);
    if (!close) return { date, value: 0, inflow: 0, outflow: 0 };
    const rate = rates ? Number((rates.at(date) ?? rates.first!).rate) : 1;
    return { date, value: Number(close.close) * rate, inflow: 0, outflow: 0 };
  });
  const returns = dailyReturns(days);
  const none = returns.length === 0 ? `no returns of ${symbol} in the period` : null;
  const total = none === null ? twr(returns) : null;
  const annual = total === null ? null : annualize(total, series.start.date, series.to);
  const vol = volatility(returns);
  const drawdown = none === null ? maxDrawdown(twrIndex(days)).drawdown : null;
  const result: BenchmarkResult = {
    symbol,
    twr: total,
    twrAnnualized: annual,
    volatility: vol,
    maxDrawdown: drawdown,
    beta: beta(portfolioReturns, returns),
    correlation: correlation(portfolioReturns, returns),
    excessReturn: portfolioTwr !== null && total !== null ? portfolioTwr - total : null,
  };
  const why = (key: keyof BenchmarkResult, reason: string) => {
    if (result[key] === null) reasons[`benchmark.${key}`] = reason;
  };
  why('twr', none ?? '');
  why('twrAnnualized', total === null ? none! : annualizeReason(total, series.start.date, series.to));
  why('volatility', none ?? 'needs at least 2 daily returns');
  why('maxDrawdown', none ?? '');
  const pairs = 'needs at least 2 days with returns of both, and neither constant';
  why('beta', pairs);
  why('correlation', pairs);
  why('excessReturn', 'needs both time-weighted returns');
  return result;
}
