import { resolveDateWord, toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { periodStart } from '../../../core/performance/period.js';
import { performanceCheckpoint, performanceKind } from '../../../core/performance/replay-checkpoints.js';
import type { PerformanceRequest } from '../../../core/performance/analyze.js';
import type { CliContext } from '../../context.js';
import type { PeriodOptions } from '../../flags.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';

type PeriodFlags = Omit<PeriodOptions, 'portfolio'>;

export interface ResolvedPeriod {
  /** The period's first day; null for everything (`max`). */
  from: string | null;
  /** The end asked for: --to, else today. TO is the last valuation day on or before it. */
  end: string;
}

/**
 * --from/--to, or --period (default max) ending on --to or today. A named period counts back from
 * that end: `1y` to 2026-06-30 is measured from the close of 2025-06-30.
 */
export function resolvePeriod(ctx: CliContext, flags: PeriodFlags): ResolvedPeriod {
  if (flags.period !== undefined && flags.from !== undefined) {
    throw usageError('Give either --period or --from, not both.', 'bad_flag');
  }
  const today = toCalendarDate(ctx.clock.now());
  const end = flags.to === undefined ? today : resolveDateWord(flags.to, today);
  const from = flags.from === undefined ? undefined : resolveDateWord(flags.from, today);
  if (from !== undefined && from > end) throw usageError(`--from ${from} is after --to ${end}.`, 'bad_flag');
  return { from: from ?? periodStart(flags.period ?? 'max', end), end };
}

/**
 * What every performance command (analyze, history, export performance|history, report) hands the
 * core: the portfolio's entries up to the end of the period, the market data and the period itself.
 */
export async function performanceRequest(ctx: CliContext, ref: string, flags: PeriodFlags) {
  const { from, end } = resolvePeriod(ctx, flags);
  const { portfolio } = await openPortfolio(ctx, ref, 'read');
  const settings = await ctx.settings();
  if (settings['prices.autoUpdate']) {
    const { store } = await openLedger(ctx);
    const symbols = new Set<string>();
    for await (const move of store.holdingMoves(portfolio.id)) if (move.symbol) symbols.add(move.symbol);
    await (await import('../../market-feeds.js')).autoUpdatePrices(ctx, [...symbols]);
  }
  const [{ store }, market] = await Promise.all([openLedger(ctx), ctx.prices()]);
  const method = flags.method ?? settings['costBasis.method'];
  const beforeTaxes = flags.beforeTaxes ?? false;
  // The replay resumes from the segments earlier runs left (any period: they hold every day record up to their date).
  const checkpoint = await performanceCheckpoint(store, portfolio.id, performanceKind(method, flags.scope, beforeTaxes), end);
  const request: PerformanceRequest = {
    entries: store.ledgerEntries(portfolio.id, { after: checkpoint.resume?.state.date, to: end }),
    market,
    baseCurrency: portfolio.baseCurrency,
    method,
    scope: flags.scope,
    from,
    end,
    beforeTaxes,
    checkpoint,
  };
  return { portfolio, settings, store, market, request };
}

/** An analysis as one flat record for CSV: benchmark figures become benchmarkTwr, benchmarkBeta, … */
export function flattenAnalysis(document: { benchmark?: object | null; reasons: unknown; warnings: unknown } & Record<string, unknown>) {
  const { benchmark, reasons: _reasons, warnings: _warnings, ...flat } = document;
  const row: Record<string, unknown> = { ...flat };
  if (benchmark) for (const [key, value] of Object.entries(benchmark)) row[`benchmark${key[0]!.toUpperCase()}${key.slice(1)}`] = value;
  return row;
}
