import { toCalendarDate } from '../../../core/dates.js';
import { FolioError } from '../../../core/errors.js';
import type { ImportSource, RowError } from '../../../core/ledger/transaction-service.js';
import type { TransactionFields } from '../../../core/ledger/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { loadMapping, openImportInput } from './import-input.js';
import type { TxImportOptions } from './import.command.js';

/** The rows read so far, on the context's progress line (a terminal's stderr only). */
async function progress(ctx: CliContext) {
  const line = ctx.progress();
  await line.show('Reading…');
  let last = 0;
  return {
    update(rows: number) {
      if (rows - last >= 5000) {
        last = rows;
        void line.show(`Read ${rows.toLocaleString('en-US')} rows…`);
      }
    },
    stop: () => line.stop(),
  };
}

interface Outcome {
  imported: Array<{ line: number; fields: TransactionFields }>;
  duplicates: number[];
  skipped: number[];
  refused: number[];
  rows: number;
  dryRun: boolean;
  importId: string | null;
}

/** Lines as `3, 7, 12–15` (at most 20 listed). */
function lineList(lines: number[]): string {
  const shown = lines.slice(0, 20).join(', ');
  return lines.length > 20 ? `${shown}, … (${lines.length} in all)` : shown;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * `folio tx import FILE --portfolio P [--map MAP | --preset NAME] [--dry-run] [--allow-duplicates]`.
 * All or nothing; rows already in the portfolio are skipped by the duplicate rule (README
 * "Duplicates"); a dry run shows the rows as they would be stored, with their source lines.
 */
export async function runTxImport(ctx: CliContext, options: TxImportOptions): Promise<void> {
  const mapping = await loadMapping(options);
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'write');
  const { service } = await openLedger(ctx);
  const context = { today: toCalendarDate(ctx.clock.now()), defaultCurrency: portfolio.baseCurrency };
  const spinner = await progress(ctx);
  const input = await openImportInput(ctx, options.file, mapping, context, (rows) => spinner.update(rows));

  const { DuplicateFilter } = await import('../../../core/ledger/duplicates.js');
  const filter = new DuplicateFilter();
  const outcome: Outcome = { imported: [], duplicates: [], skipped: input.skippedLines, refused: [], rows: 0, dryRun: Boolean(options.dryRun), importId: null };
  const read = input.source.read;
  const source: ImportSource = {
    source: input.source.source,
    // under the write lock: an import that commits while this one waits is seen by the duplicate rule
    prepare: async (locked) => {
      if (options.allowDuplicates || (await locked.lastDate(portfolio.id)) === null) return;
      for await (const tx of locked.transactions(portfolio.id)) filter.remember(tx);
    },
    read: (onRow: Parameters<typeof read>[0]) =>
      read((fields, line, id) => {
        if (!options.allowDuplicates && filter.isDuplicate(fields, input.ids.get(line))) return void outcome.duplicates.push(line);
        if (options.dryRun) outcome.imported.push({ line, fields });
        return onRow(fields, line, id);
      }),
  };
  try {
    const summary = await service.import(portfolio.id, source, { dryRun: options.dryRun, allowDuplicates: options.allowDuplicates });
    outcome.rows = summary.rows - outcome.duplicates.length;
    outcome.importId = summary.dryRun ? null : summary.importId;
  } catch (error) {
    if (!options.dryRun || ctx.format() === 'json' || !(error instanceof FolioError) || !Array.isArray(error.details)) throw error;
    // A dry run shows what it read and the counts, then fails as the import would.
    outcome.refused = [...new Set((error.details as RowError[]).map((e) => e.line))];
    await report(ctx, portfolio.name, outcome);
    throw error;
  } finally {
    spinner.stop();
  }
  await report(ctx, portfolio.name, outcome);
}

async function report(ctx: CliContext, portfolioName: string, outcome: Outcome): Promise<void> {
  const counts = {
    toImport: outcome.dryRun ? outcome.imported.length : outcome.rows,
    duplicates: outcome.duplicates.length,
    skipped: outcome.skipped.length,
    refused: outcome.refused.length,
  };
  const format = ctx.format();
  if (format === 'json') {
    return ctx.json({
      portfolio: portfolioName,
      dryRun: outcome.dryRun,
      importId: outcome.importId,
      rows: counts.toImport,
      counts,
      duplicateLines: outcome.duplicates,
      skippedLines: outcome.skipped,
      refusedLines: outcome.refused,
      ...(outcome.dryRun ? { transactions: outcome.imported.map(({ line, fields }) => ({ line, ...fields })) } : {}),
    });
  }
  if (outcome.dryRun) await dryRunTable(ctx, outcome);
  if (!counts.toImport && !counts.duplicates && !counts.skipped && !counts.refused) {
    return ctx.info('The file has no transactions (only a header): nothing was imported.');
  }
  const parts = [
    outcome.dryRun ? `Dry run: ${plural(counts.toImport, 'transaction')} to import into ${portfolioName}` : `Imported ${plural(counts.toImport, 'transaction')} into ${portfolioName}`,
  ];
  if (counts.duplicates) parts.push(`skipped ${plural(counts.duplicates, 'duplicate')} already in the portfolio (lines ${lineList(outcome.duplicates)}; --allow-duplicates imports them)`);
  if (counts.skipped) parts.push(`skipped ${plural(counts.skipped, 'row')} that the mapping does not import (lines ${lineList(outcome.skipped)})`);
  if (counts.refused) parts.push(`refused ${plural(counts.refused, 'row')} (lines ${lineList(outcome.refused)})`);
  ctx.info(parts.join('; ') + (outcome.dryRun ? '. Nothing was written.' : '.'));
}

const NUMBERS = new Set(['line', 'quantity', 'price', 'amount', 'fee', 'tax']);
const COLUMNS = ['line', 'date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'tax', 'currency', 'note'] as const;

/** The rows a dry run would store, with their source lines: a table, or CSV. */
async function dryRunTable(ctx: CliContext, outcome: Outcome): Promise<void> {
  const { renderRows } = await import('../../output.js');
  await renderRows(ctx, {
    columns: COLUMNS.map((key) => ({ key, header: key.toUpperCase(), kind: NUMBERS.has(key) ? ('number' as const) : ('text' as const) })),
    rows: outcome.imported.map(({ line, fields }) => ({ line, ...fields })),
  });
}
