import type { Allocation } from '../../../core/allocation/allocation.js';
import { FolioError, usageError } from '../../../core/errors.js';
import { toCalendarDate } from '../../../core/dates.js';
import type { ReportTransaction } from '../../../core/report/report.js';
import type { CliContext } from '../../context.js';
import { ensureWritable, withOutput } from '../../output-file.js';
import { createStyle } from '../../../io/text/render.js';
import { performanceRequest } from '../analyze/period-options.js';
import type { ReportOptions } from './report.command.js';

export const REPORT_FORMATS = ['text', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The most transactions a report lists (the latest ones); `folio export transactions` has them all. */
const MAX_TRANSACTIONS = 500;

/** The report's format: the global --format (text, markdown or html); text by default. */
function reportFormat(ctx: CliContext): ReportFormat {
  const { json, csv, format } = ctx.globals;
  if (json || csv || format === 'json' || format === 'csv' || format === 'ndjson') {
    throw usageError('A report is text, markdown or html: for the figures as JSON or CSV use `folio export performance`.', 'bad_format');
  }
  if (format === undefined || format === 'table') return 'text';
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw usageError(`--format ${format}: a report is ${REPORT_FORMATS.join(', ')}.`, 'bad_format');
}

/**
 * `folio report PORTFOLIO [--period …|--from --to] [--format text|markdown|html] [--output FILE] [--force]`:
 * a performance report for people. The figures come from the same core as `analyze`, `history`,
 * `allocation` and the ledger; core/report arranges them, io/report lays them out.
 */
export async function runReport(ctx: CliContext, options: ReportOptions): Promise<void> {
  const format = reportFormat(ctx);
  if (options.frontier && format !== 'html') throw usageError('--frontier adds a chart to the HTML report: use it with --format html.', 'bad_flag');
  const toFile = options.output !== undefined && options.output !== '-';
  if (toFile) ensureWritable(options.output!, options.force);
  const { portfolio, settings, store, market, request } = await performanceRequest(ctx, options.portfolio, options);
  const { from, end, method } = request;
  const [{ analyzePerformance }, { replayByYear }, { buildReport }] = await Promise.all([
    import('../../../core/performance/analyze.js'),
    import('../../../core/report/ledger-years.js'),
    import('../../../core/report/report.js'),
  ]);

  const { analysis, performance } = await analyzePerformance({
    ...request,
    exactDays: true,
    riskFreeRate: settings['analytics.riskFreeRate'],
    benchmark: null,
  });
  const ledger = await replayByYear(store.ledgerEntries(portfolio.id, { to: end }), method, from);

  // Allocation at TO: positions (and cash in the account scope), valued as `folio allocation` does.
  const cashIncluded = options.scope === 'account';
  const values = new Map<string, string>();
  let allocation: { bySymbol: Allocation; byClass: Allocation; cashIncluded: boolean } = {
    bySymbol: { total: '0', groups: [] },
    byClass: { total: '0', groups: [] },
    cashIncluded,
  };
  try {
    const [{ gatherAllocationInput }, { computeAllocation }] = await Promise.all([
      import('../../../core/allocation/inputs.js'),
      import('../../../core/allocation/allocation.js'),
    ]);
    const input = await gatherAllocationInput(market, {
      positions: ledger.open,
      cash: cashIncluded ? ledger.cash : [],
      baseCurrency: portfolio.baseCurrency,
      asOf: analysis.to,
      targets: {},
      quotes: false,
    });
    for (const line of input.lines) values.set(line.symbol, line.value);
    allocation = { bySymbol: computeAllocation(input, 'symbol'), byClass: computeAllocation(input, 'class'), cashIncluded };
  } catch (error) {
    // A holding with no close at all (only trade prices) has no market value to allocate.
    if (!(error instanceof FolioError && error.kind === 'notFound')) throw error;
    analysis.warnings.push(`No allocation: ${error.message}`);
  }

  // The period's transactions, the latest MAX_TRANSACTIONS of them.
  const latest: ReportTransaction[] = [];
  let total = 0;
  for await (const t of store.transactions(portfolio.id, { ...(from !== null && { from }), to: end })) {
    total++;
    latest.push({ date: t.date, type: t.type, symbol: t.symbol, quantity: t.quantity, price: t.price, amount: t.amount, fee: t.fee, tax: t.tax, currency: t.currency, note: t.note });
    if (latest.length > MAX_TRANSACTIONS) latest.shift();
  }

  const data = buildReport({
    portfolio,
    generatedOn: toCalendarDate(ctx.clock.now()),
    analysis,
    performance,
    ledger,
    allocation,
    values,
    transactions: { rows: latest, total },
  });
  if (options.frontier) {
    const { frontierReport } = await import('../../../core/optimize/frontier-report.js');
    data.frontier = await frontierReport(market, ledger.open, portfolio.baseCurrency, { from, to: analysis.to }, settings['analytics.riskFreeRate']);
  }
  for (const warning of data.warnings) ctx.info(`warning: ${warning}`);

  const { reportFormatter } = await import('../../../io/report/format.js');
  const locale = settings['display.locale'];
  const formatter = reportFormatter({ locale, decimals: settings['display.decimals'] });
  let document: string;
  if (format === 'html') document = (await import('../../../io/report/html.js')).renderReportHtml(data, formatter, locale);
  else if (format === 'markdown') document = (await import('../../../io/report/markdown.js')).renderReportMarkdown(data, formatter);
  else {
    // Boxed tables whatever the destination (a report is for people); colour only on a terminal.
    const colour = !toFile && ctx.io.stdoutIsTty;
    const style = createStyle(settings, colour ? ctx.env : { NO_COLOR: '1' }, true);
    document = await (await import('../../../io/report/text.js')).renderReportText(data, formatter, style);
  }

  const path = await withOutput(ctx, options, async (sink) => {
    await sink.out(document);
  });
  if (path) ctx.info(`Wrote the ${format} report of ${portfolio.name} (${data.summary.from} → ${data.summary.to}) to ${path}.`);
}
