import { resolveDateWord, toCalendarDate } from '../../../core/dates.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import { validateTransaction, type RawTransaction } from '../../../core/ledger/transaction-input.js';
import type { Transaction } from '../../../core/ledger/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { describeTransaction, FIELD_NAMES, flagErrors, rawFromFlags, transactionJson } from './fields.js';
import type { TxEditOptions } from './tx.command.js';

/** Finds a transaction by id or short id that the user may change (or, for `read`, see). */
export async function findTransaction(ctx: CliContext, id: string, access: 'read' | 'write') {
  const { store, service } = await openLedger(ctx);
  const candidates = await store.findById(id.trim());
  if (candidates.length > 1) throw usageError(`The short id "${id}" matches more than one transaction: give the full id.`);
  const tx = candidates[0];
  const grant = tx && (await openPortfolio(ctx, tx.portfolioId, access).catch((error) => {
    if ((error as { kind?: string }).kind === 'notFound') return undefined;
    throw error;
  }));
  if (!tx || !grant) throw notFoundError(`No transaction with id ${id}.`, 'transaction_not_found');
  return { tx, grant, service };
}

function asRaw(tx: Transaction): RawTransaction {
  const raw: RawTransaction = {};
  for (const name of FIELD_NAMES) {
    const value = tx[name];
    if (value !== null) raw[name] = value;
  }
  return raw;
}

export async function runTxEdit(ctx: CliContext, options: TxEditOptions): Promise<void> {
  const { id, ...fields } = options;
  const changes = rawFromFlags(fields);
  if (Object.keys(changes).length === 0) {
    throw usageError(`Nothing to change: give one or more of ${FIELD_NAMES.map((f) => `--${f}`).join(', ')}.`);
  }
  const { tx, grant, service } = await findTransaction(ctx, id, 'write');
  const today = toCalendarDate(ctx.clock.now());
  if (changes.date !== undefined) changes.date = resolveDateWord(changes.date, today);
  const validated = validateTransaction({ ...asRaw(tx), ...changes }, { today, defaultCurrency: grant.portfolio.baseCurrency });
  if (!validated.ok) throw flagErrors(validated.errors);
  const updated = await service.edit(tx, validated.value);
  if (ctx.format() === 'json') return ctx.json(transactionJson(updated));
  ctx.info(`Updated ${updated.id}: ${describeTransaction(updated)}.`);
}
