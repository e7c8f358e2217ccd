import { TRANSACTION_COLUMNS } from '../../../core/ledger/transaction-input.js';
import { transactionFields, type Transaction } from '../../../core/ledger/types.js';
import { toCalendarDate } from '../../../core/dates.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { ensureWritable, withOutput, type OutputOptions } from '../../output-file.js';
import { usageError } from '../../../core/errors.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { writeCsvStream, writeJsonArray, writeNdjson, type Sink } from '../../stream-output.js';
import { HOLDING_COLUMNS, loadHoldings } from '../holdings/holdings-data.js';
import type { ExportHoldingsOptions, ExportPortfolioOptions, ExportTransactionsOptions } from './export.command.js';
import { exportFormat, type ExportFormat } from './options.js';

/** The stored transaction itself serves as the CSV record: only the 9 import columns are read from it. */
const asRecord = (tx: Transaction) => tx as unknown as Record<string, unknown>;


/** Writes rows in the chosen format: CSV with a header, a JSON array, or one JSON object per line. */
export async function writeRows<T>(
  sink: Sink,
  format: ExportFormat,
  columns: readonly string[],
  rows: AsyncIterable<T>,
  toJson: (row: T) => object,
  toRecord: (row: T) => Record<string, unknown> = toJson as (row: T) => Record<string, unknown>,
): Promise<void> {
  if (format === 'csv') return writeCsvStream(sink, [...columns], rows, toRecord);
  if (format === 'ndjson') return writeNdjson(sink, rows, toJson);
  return writeJsonArray(sink, rows, toJson);
}

async function* fromArray<T>(rows: T[]): AsyncIterable<T> {
  yield* rows;
}

/** A note on stderr once a file is written; nothing when the data went to stdout. */
function wrote(ctx: CliContext, what: string, path: string | null): void {
  if (path) ctx.info(`Exported ${what} to ${path}.`);
}

/** Checked before any work: an existing --output without --force is exit 5 and nothing else happens. */
export function checkOutput(options: OutputOptions): void {
  if (options.output !== undefined && options.output !== '-') ensureWritable(options.output, options.force);
}

/**
 * `folio export transactions P`: the import CSV (`tx import` reads it back as is), or the same
 * fields as JSON / NDJSON, streamed in (date, entry) order.
 */
export async function runExportTransactions(ctx: CliContext, options: ExportTransactionsOptions): Promise<void> {
  if (options.from && options.to && options.from > options.to) throw usageError(`--from ${options.from} is after --to ${options.to}.`, 'bad_flag');
  const format = exportFormat(ctx, ['csv', 'json', 'ndjson'], 'csv');
  checkOutput(options);
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const { store } = await openLedger(ctx);
  const query = { from: options.from, to: options.to };
  const csv = format === 'csv' ? store.transactionText(portfolio.id, query, TRANSACTION_COLUMNS, 'csv') : null;
  const path = await withOutput(ctx, options, async (sink) => {
    if (csv === null) return writeRows(sink, format, TRANSACTION_COLUMNS, store.transactions(portfolio.id, query), transactionFields, asRecord);
    await sink.out(`${TRANSACTION_COLUMNS.join(',')}\n`);
    for await (const text of csv) await sink.out(text);
  });
  wrote(ctx, `the transactions of ${portfolio.name}`, path);
}

/** `folio export holdings P [--to DATE]`: the positions as of a date, the rows of `holdings --csv`. */
export async function runExportHoldings(ctx: CliContext, options: ExportHoldingsOptions): Promise<void> {
  const format = exportFormat(ctx, ['csv', 'json', 'ndjson'], 'csv');
  checkOutput(options);
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const method = options.method ?? (await ctx.settings())['costBasis.method'];
  const asOf = options.to ?? toCalendarDate(ctx.clock.now());
  const { positions: rows } = await loadHoldings(ctx, portfolio, { asOf, method, value: options.value });
  const path = await withOutput(ctx, options, (sink) => writeRows(sink, format, HOLDING_COLUMNS, fromArray(rows), (row) => row));
  wrote(ctx, `the holdings of ${portfolio.name} as of ${asOf}`, path);
}

/** `folio export portfolio P`: the portfolio document that `folio import portfolio` restores. */
export async function runExportPortfolio(ctx: CliContext, options: ExportPortfolioOptions): Promise<void> {
  const format = exportFormat(ctx, ['json', 'ghostfolio', 'ghostfolio-csv'], 'json');
  checkOutput(options);
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const { store } = await openLedger(ctx);
  if (format === 'ghostfolio' || format === 'ghostfolio-csv') {
    const { toGhostfolio, toGhostfolioCsv } = await import('../../../io/ghostfolio-export.js');
    const transactions = store.transactions(portfolio.id);
    const result = format === 'ghostfolio' ? await toGhostfolio(portfolio, transactions, ctx.clock.now().toISOString()) : await toGhostfolioCsv(transactions);
    const path = await withOutput(ctx, options, async (sink) => void (await sink.out(result.text)));
    if (result.skipped) ctx.info(`Left out ${result.skipped} deposit, withdrawal, tax or split transaction${result.skipped === 1 ? '' : 's'}: Ghostfolio has no such activity.`);
    return wrote(ctx, `${portfolio.name} as Ghostfolio ${format === 'ghostfolio' ? 'JSON' : 'CSV'} (${result.activities} activities)`, path);
  }
  const { writePortfolioDocument } = await import('../../../io/portfolio-document.js');
  const exportedAt = ctx.clock.now().toISOString();
  let count = 0;
  const path = await withOutput(ctx, options, async (sink) => {
    count = await writePortfolioDocument(sink, portfolio, store.transactions(portfolio.id), exportedAt);
  });
  wrote(ctx, `${portfolio.name} (${count.toLocaleString('en-US')} transaction${count === 1 ? '' : 's'})`, path);
}
