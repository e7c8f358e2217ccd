import type { CliContext } from '../../context.js';
import { describeTransaction, transactionJson } from './fields.js';
import { findTransaction } from './edit.js';
import type { TxRemoveOptions } from './tx.command.js';

export async function runTxRemove(ctx: CliContext, options: TxRemoveOptions): Promise<void> {
  const { tx, service } = await findTransaction(ctx, options.id, 'write');
  await service.remove(tx);
  if (ctx.format() === 'json') return ctx.json({ removed: transactionJson(tx) });
  ctx.info(`Removed ${tx.id}: ${describeTransaction(tx)}.`);
}
