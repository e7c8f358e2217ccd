import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { toCalendarDate } from '../../../core/dates.js';
import { conflictError, FolioError, notFoundError, usageError } from '../../../core/errors.js';
import type { RowError } from '../../../core/ledger/transaction-service.js';
import { validatePortfolioName } from '../../../core/portfolios/names.js';
import type { CliContext } from '../../context.js';
import { readAll } from '../../io.js';
import type { ImportPortfolioOptions } from './import.command.js';

async function readDocument(ctx: CliContext, file: string): Promise<{ text: string; source: string }> {
  if (file === '-') {
    if (ctx.io.stdinIsTty) throw usageError('Reading a portfolio document from standard input: pipe it into `folio import portfolio -`.');
    return { text: await readAll(ctx.io.stdin), source: 'stdin' };
  }
  try {
    return { text: await readFile(file, 'utf8'), source: basename(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw notFoundError(`No such file: ${file}`, 'file_not_found');
    throw usageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * `folio import portfolio FILE [--name NEW]`: restores a portfolio document as a new portfolio of
 * the signed-in user. The portfolio and its transactions are written in one database transaction
 * through the transaction service's import (the oversell check included): all or nothing.
 */
export async function runImportPortfolio(ctx: CliContext, options: ImportPortfolioOptions): Promise<void> {
  const rename = options.name === undefined ? undefined : validatePortfolioName(options.name);
  const { text, source } = await readDocument(ctx, options.file);
  const { parsePortfolioDocument, transactionSource } = await import('../../../io/portfolio-document.js');
  const document = parsePortfolioDocument(text);
  const metadata = { ...document.portfolio, name: rename ?? document.portfolio.name };
  const input = transactionSource(document, { today: toCalendarDate(ctx.clock.now()), defaultCurrency: metadata.baseCurrency }, source);

  const user = await ctx.requireUser();
  const [database, { createPortfolios }, { portfolioRepository }, { userRepository }, { ledgerStore }, { createTransactionService }] =
    await Promise.all([
      ctx.db(),
      import('../../../core/portfolios/portfolios.js'),
      import('../../../db/repositories/portfolios.js'),
      import('../../../db/repositories/accounts.js'),
      import('../../../db/repositories/ledger-store.js'),
      import('../../../core/ledger/transaction-service.js'),
    ]);
  let rows = 0;
  try {
    await database.db.transaction().execute(async (trx) => {
      const portfolios = createPortfolios({ portfolios: portfolioRepository(trx), users: userRepository(trx), clock: ctx.clock });
      const portfolio = await portfolios.create(user, metadata);
      const transactions = createTransactionService(ledgerStore(trx, database.capabilities), ctx.clock);
      rows = (await transactions.import(portfolio.id, input)).rows;
    });
  } catch (error) {
    throw inDocumentTerms(error);
  }
  if (ctx.format() === 'json') return ctx.json({ portfolio: metadata.name, currency: metadata.baseCurrency, transactions: rows });
  ctx.info(`Imported portfolio "${metadata.name}" (${metadata.baseCurrency}) with ${rows.toLocaleString('en-US')} transaction${rows === 1 ? '' : 's'}.`);
}

/** The service numbers rows as lines of a file; in a document they are transactions, counted from 1. */
function inDocumentTerms(error: unknown): unknown {
  if (error instanceof FolioError && error.code === 'portfolio_exists') {
    return conflictError(`${error.message} Import it under another name with --name NEW.`, error.code);
  }
  if (!(error instanceof FolioError) || error.code !== 'insufficient_holdings') return error;
  const [row] = (error.details as RowError[] | undefined) ?? [];
  const where = row && row.line > 0 ? `transaction ${row.line}, quantity` : 'a transaction';
  return usageError(`Nothing was imported:\n  ${where}: ${row?.message ?? error.message}`, error.code, error.details);
}
