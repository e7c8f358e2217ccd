import { createTransactionService } from '../core/ledger/transaction-service.js';
import { ledgerStore } from '../db/repositories/ledger-store.js';
import type { CliContext } from './context.js';

/** The ledger storage and the transaction service over the context's database. */
export async function openLedger(ctx: CliContext) {
  const database = await ctx.db();
  const store = ledgerStore(database.db, database.capabilities);
  return { store, service: createTransactionService(store, ctx.clock), database };
}
