import type { CliContext } from '../../context.js';
import { withOutput } from '../../output-file.js';
import { flattenAnalysis, performanceRequest } from '../analyze/period-options.js';
import type { ExportHistoryOptions, ExportPerformanceOptions } from './export.command.js';
import { checkOutput, writeRows } from './export.js';
import { exportFormat } from './options.js';

export const HISTORY_COLUMNS = ['date', 'marketValue', 'value', 'netFlows', 'twrIndex', 'drawdown'] as const;

async function* fromArray<T>(rows: T[]): AsyncIterable<T> {
  yield* rows;
}

/** `folio export history P`: the rows of `folio history` (the same core), as CSV (default), JSON or NDJSON. */
export async function runExportHistory(ctx: CliContext, options: ExportHistoryOptions): Promise<void> {
  const format = exportFormat(ctx, ['csv', 'json', 'ndjson'], 'csv');
  checkOutput(options);
  const { portfolio, request } = await performanceRequest(ctx, options.portfolio, options);
  const [{ computePerformance }, { historyRows }] = await Promise.all([
    import('../../../core/performance/analyze.js'),
    import('../../../core/performance/history.js'),
  ]);
  const performance = await computePerformance({ ...request, exactDays: true });
  for (const warning of performance.series.warnings) ctx.info(`warning: ${warning}`);
  const rows = historyRows(performance, options.interval);
  const path = await withOutput(ctx, options, (sink) => writeRows(sink, format, HISTORY_COLUMNS, fromArray(rows), (row) => row));
  if (path) ctx.info(`Exported the ${options.interval} history of ${portfolio.name} to ${path}.`);
}

/**
 * `folio export performance P`: the figures of `folio analyze` (the same core) as one JSON object
 * (default), one NDJSON line, or one flat CSV row (benchmark figures as benchmarkTwr, …).
 */
export async function runExportPerformance(ctx: CliContext, options: ExportPerformanceOptions): Promise<void> {
  const format = exportFormat(ctx, ['json', 'ndjson', 'csv'], 'json');
  checkOutput(options);
  const { portfolio, settings, request } = await performanceRequest(ctx, options.portfolio, options);
  const { analyzePerformance } = await import('../../../core/performance/analyze.js');
  const { analysis } = await analyzePerformance({
    ...request,
    riskFreeRate: settings['analytics.riskFreeRate'],
    benchmark: options.benchmark ?? null,
  });
  const document = { portfolio: portfolio.name, ...analysis };
  const path = await withOutput(ctx, options, async (sink) => {
    if (format === 'json') return sink.out(JSON.stringify(document, null, 2) + '\n');
    if (format === 'ndjson') return sink.out(JSON.stringify(document) + '\n');
    const row = flattenAnalysis(document);
    return writeRows(sink, 'csv', Object.keys(row), fromArray([row]), (r) => r);
  });
  if (path) ctx.info(`Exported the performance of ${portfolio.name} to ${path}.`);
}
