import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import * as z from 'zod';
import { toCalendarDate } from '../../../core/dates.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { openPortfolio } from '../../portfolio-ref.js';

const Options = z.object({
  portfolio: z.string({ message: 'required: the portfolio to import into' }).min(1),
  dryRun: z.boolean().optional(),
  allowDuplicates: z.boolean().optional(),
});

async function openInput(ctx: CliContext, file: string): Promise<{ stream: Readable; source: string }> {
  if (file === '-') {
    if (ctx.io.stdinIsTty) throw usageError('Reading transactions from standard input: pipe a CSV file into `folio tx import -`.');
    return { stream: ctx.io.stdin, source: 'stdin' };
  }
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? notFoundError(`No such file: ${file}`, 'file_not_found') : usageError(`Cannot read ${file}: ${error.message}`)),
    );
  });
  return { stream, source: basename(file) };
}

/** A spinner with a row count, only when stderr is a terminal. */
async function progress(ctx: CliContext) {
  if (!ctx.io.stderrIsTty) return { update: () => {}, stop: () => {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ text: 'Reading…', stream: ctx.io.stderr, discardStdin: false }).start();
  let last = 0;
  return {
    update(rows: number) {
      if (rows - last >= 5000) {
        last = rows;
        spinner.text = `Read ${rows.toLocaleString('en-US')} rows…`;
      }
    },
    stop: () => spinner.stop(),
  };
}

export async function runTxImport(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'write');
  const { stream, source } = await openInput(ctx, String(args[0]));
  const { readTransactionCsv } = await import('../../../io/transaction-csv.js');
  const { service } = await openLedger(ctx);
  const context = { today: toCalendarDate(ctx.clock.now()), defaultCurrency: portfolio.baseCurrency };
  const spinner = await progress(ctx);
  let summary;
  try {
    summary = await service.import(
      portfolio.id,
      {
        source,
        read: (onRow) => readTransactionCsv(stream, { context, maxErrors: 20, onRow, onProgress: (rows) => spinner.update(rows) }),
      },
      { dryRun: options.dryRun, allowDuplicates: options.allowDuplicates },
    );
  } finally {
    spinner.stop();
  }
  if (ctx.format() === 'json') {
    return ctx.json({ portfolio: portfolio.name, rows: summary.rows, dryRun: summary.dryRun, importId: summary.dryRun ? null : summary.importId });
  }
  const count = `${summary.rows.toLocaleString('en-US')} transaction${summary.rows === 1 ? '' : 's'}`;
  if (!summary.rows) return ctx.info('The file has no transactions (only a header): nothing was imported.');
  ctx.info(summary.dryRun ? `Dry run: ${count} are valid; nothing was written.` : `Imported ${count} into ${portfolio.name}.`);
}
