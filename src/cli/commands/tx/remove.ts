import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';
import { describeTransaction, transactionJson } from './fields.js';
import { findTransaction } from './edit.js';

export async function runTxRemove(ctx: CliContext, { args }: CommandInput): Promise<void> {
  const { tx, service } = await findTransaction(ctx, String(args[0]), 'write');
  await service.remove(tx);
  if (ctx.format() === 'json') return ctx.json({ removed: transactionJson(tx) });
  ctx.info(`Removed ${tx.id}: ${describeTransaction(tx)}.`);
}
