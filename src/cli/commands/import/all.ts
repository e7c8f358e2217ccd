import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { ALERT_TYPES, SEVERITIES, type Alert } from '../../../core/alerts/types.js';
import { toCalendarDate } from '../../../core/dates.js';
import { isDecimalString } from '../../../core/decimal.js';
import { newId } from '../../../core/ids.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';

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

/**
 * `folio import all DIR`: restores `folio export all --output DIR` into the signed-in account:
 * its settings, every portfolio document (targets and transactions) as a new portfolio, and the
 * alerts (armed, on the restored portfolios). One
 * database transaction: any bad document, name clash or oversell restores nothing.
 */
export async function runImportAll(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const dir = String(args[0]);
  const indexPath = join(dir, 'folio-export.json');
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
  const { parsePortfolioDocument, transactionSource } = await import('../../../io/portfolio-document.js');
  const today = toCalendarDate(ctx.clock.now());
  const documents: Array<{ document: ReturnType<typeof parsePortfolioDocument>; input: ReturnType<typeof transactionSource> }> = [];
  for (const entry of parsed.data.portfolios) {
    const document = parsePortfolioDocument(await readText(join(dir, entry.file)));
    documents.push({ document, input: transactionSource(document, { today, defaultCurrency: document.portfolio.baseCurrency }, entry.file) });
  }
  const { requireSettingKey, resolveSettings } = await import('../../../core/accounts/settings.js');
  const settings = parsed.data.settings;
  for (const key of Object.keys(settings)) requireSettingKey(key);
  resolveSettings(settings); // a bad stored value fails here, before anything is written

  const user = await ctx.requireUser();
  const [database, { createPortfolios }, { portfolioRepository }, { userRepository }, { ledgerStore }, { createTransactionService }, { notificationRepository }] = await Promise.all([
    ctx.db(),
    import('../../../core/portfolios/portfolios.js'),
    import('../../../db/repositories/portfolios.js'),
    import('../../../db/repositories/accounts.js'),
    import('../../../db/repositories/ledger-store.js'),
    import('../../../core/ledger/transaction-service.js'),
    import('../../../db/repositories/notifications.js'),
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
    const alertStore = notificationRepository(trx);
    const now = ctx.clock.now().toISOString();
    for (const [i, a] of parsed.data.alerts.entries()) {
      const portfolioId = a.portfolio === null ? null : ids.get(a.portfolio);
      if (portfolioId === undefined) throw usageError(`${indexPath}: alerts.${i}.portfolio: "${a.portfolio}" is not one of the exported portfolios.`, 'bad_document');
      const alert: Alert = {
        id: newId(),
        userId: user.id,
        ...a,
        portfolioId,
        state: 'armed',
        fireCount: 0,
        baseline: null,
        lastValue: null,
        lastFiredAt: null,
        lastCheckedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      delete (alert as Partial<typeof a>).portfolio;
      await alertStore.insertAlert(alert);
    }
    // Unchanged settings are not written: a round trip into the same account leaves the profile as it was.
    if (JSON.stringify(settings) !== JSON.stringify(user.settings)) await users.update(user.id, { settings, updatedAt: ctx.clock.now().toISOString() });
  });
  const count = documents.length;
  const alerts = parsed.data.alerts.length;
  if (ctx.format() === 'json') return ctx.json({ portfolios: count, transactions, alerts, settings: Object.keys(settings).length });
  ctx.info(`Restored ${count} portfolio${count === 1 ? '' : 's'} with ${transactions.toLocaleString('en-US')} transactions, ${alerts} alert${alerts === 1 ? '' : 's'} and your settings, from ${dir}.`);
}
