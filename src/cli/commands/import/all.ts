import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { ALERT_TYPES, SEVERITIES } from '../../../core/alerts/types.js';
import { toCalendarDate } from '../../../core/dates.js';
import { isDecimalString } from '../../../core/decimal.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import type { ImportAllOptions } from './all.command.js';

const Index = z.object({
  format: z.literal('folio-export', { message: 'expected "format": "folio-export"' }),
  version: z.literal(1, { message: 'this folio reads export version 1' }),
  settings: z.record(z.string(), z.unknown()),
  portfolios: z.array(z.object({ name: z.string(), file: z.string().regex(/^portfolios\/[^/\\]+\.json$/, 'expected portfolios/NAME.json') })),
  alerts: z
    .array(
      z.object({
        type: z.enum(ALERT_TYPES),
        symbol: z.string().nullable(),
        portfolio: z.string().nullable(),
        threshold: z.string().refine((v) => isDecimalString(v) && Number(v) > 0, 'expected a positive decimal string'),
        severity: z.enum(SEVERITIES),
        paused: z.boolean(),
      }),
    )
    .default([]),
});

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFoundError(`No such file: ${path} (is this a directory written by \`folio export all\`?)`, 'file_not_found');
    throw usageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

type ExportIndex = z.infer<typeof Index>;

async function readIndex(indexPath: string): Promise<ExportIndex> {
  let json: unknown;
  try {
    json = JSON.parse(await readText(indexPath));
  } catch (error) {
    if (error instanceof SyntaxError) throw usageError(`${indexPath}: invalid JSON (${error.message}).`, 'bad_document');
    throw error;
  }
  const parsed = Index.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw usageError(`${indexPath}: ${issue.path.join('.') || '(top level)'}: ${issue.message}.`, 'bad_document');
  }
  const { requireSettingKey, resolveSettings } = await import('../../../core/accounts/settings.js');
  for (const key of Object.keys(parsed.data.settings)) requireSettingKey(key);
  resolveSettings(parsed.data.settings); // a bad stored value fails here, before anything is written
  return parsed.data;
}

async function readDocuments(ctx: CliContext, dir: string, index: ExportIndex) {
  const { parsePortfolioDocument, transactionSource } = await import('../../../io/portfolio-document.js');
  const today = toCalendarDate(ctx.clock.now());
  const documents: Array<{ document: ReturnType<typeof parsePortfolioDocument>; input: ReturnType<typeof transactionSource> }> = [];
  for (const entry of index.portfolios) {
    const document = parsePortfolioDocument(await readText(join(dir, entry.file)));
    documents.push({ document, input: transactionSource(document, { today, defaultCurrency: document.portfolio.baseCurrency }, entry.file) });
  }
  return documents;
}

/**
 * `folio import all DIR`: restores `folio export all --output DIR` into the signed-in account:
 * its settings, every portfolio document (targets and transactions) as a new portfolio, and the
 * alerts (armed, on the restored portfolios). One
 * database transaction: any bad document, name clash or oversell restores nothing.
 */
export async function runImportAll(ctx: CliContext, { dir }: ImportAllOptions): Promise<void> {
  const indexPath = join(dir, 'folio-export.json');
  const index = await readIndex(indexPath);
  const documents = await readDocuments(ctx, dir, index);
  const settings = index.settings;

  const user = await ctx.requireUser();
  const [database, { createPortfolios }, { portfolioRepository }, { userRepository }, { ledgerStore }, { createTransactionService }, { alertRepository }, { newAlert }] =
    await Promise.all([
      ctx.db(),
      import('../../../core/portfolios/portfolios.js'),
      import('../../../db/repositories/portfolios.js'),
      import('../../../db/repositories/accounts.js'),
      import('../../../db/repositories/ledger-store.js'),
      import('../../../core/ledger/transaction-service.js'),
      import('../../../db/repositories/notifications/alerts.js'),
      import('../../../core/alerts/new-alert.js'),
    ]);
  let transactions = 0;
  await database.db.transaction().execute(async (trx) => {
    const users = userRepository(trx);
    const portfolios = createPortfolios({ portfolios: portfolioRepository(trx), users, clock: ctx.clock });
    const service = createTransactionService(ledgerStore(trx, database.capabilities), ctx.clock);
    const ids = new Map<string, string>();
    for (const { document, input } of documents) {
      const portfolio = await portfolios.create(user, document.portfolio);
      ids.set(portfolio.name, portfolio.id);
      transactions += (await service.import(portfolio.id, input)).rows;
    }
    const alertStore = alertRepository(trx);
    for (const [i, { portfolio, paused, ...alert }] of index.alerts.entries()) {
      const portfolioId = portfolio === null ? null : ids.get(portfolio);
      if (portfolioId === undefined) throw usageError(`${indexPath}: alerts.${i}.portfolio: "${portfolio}" is not one of the exported portfolios.`, 'bad_document');
      await alertStore.insertAlert({ ...newAlert({ ...alert, userId: user.id, portfolioId }, ctx.clock.now()), paused });
    }
    // Unchanged settings are not written: a round trip into the same account leaves the profile as it was.
    if (JSON.stringify(settings) !== JSON.stringify(user.settings)) await users.update(user.id, { settings, updatedAt: ctx.clock.now().toISOString() });
  });
  const count = documents.length;
  const alerts = index.alerts.length;
  if (ctx.format() === 'json') return ctx.json({ portfolios: count, transactions, alerts, settings: Object.keys(settings).length });
  ctx.info(`Restored ${count} portfolio${count === 1 ? '' : 's'} with ${transactions.toLocaleString('en-US')} transactions, ${alerts} alert${alerts === 1 ? '' : 's'} and your settings, from ${dir}.`);
}
