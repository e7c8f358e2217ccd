import { setImmediate as nextTurn } from 'node:timers/promises';
import { watchedEntries, type PageWatcher } from '../core/ledger/entry-pages.js';
import { createTransactionService } from '../core/ledger/transaction-service.js';
import type { LedgerStore } from '../core/ports.js';
import { ledgerStore } from '../db/repositories/ledger-store.js';
import type { CliContext } from './context.js';

/** Rows a replay reads before it shows its progress: a quick command never flashes a spinner. */
export const REPLAY_PROGRESS_FROM = 20_000;

/** The ledger storage and the transaction service over the context's database. */
export async function openLedger(ctx: CliContext) {
  const database = await ctx.db();
  const store = withReplayProgress(ctx, ledgerStore(database.db, database.capabilities));
  return { store, service: createTransactionService(store, ctx.clock), database };
}

/**
 * Every replay reads its rows through `ledgerEntries`: on a terminal, a long one shows
 * `Replaying transactions… 420,000` on stderr, page by page, cleared when the replay ends.
 */
function withReplayProgress(ctx: CliContext, store: LedgerStore): LedgerStore {
  if (!ctx.progress().enabled) return store;
  return { ...store, ledgerEntries: (portfolioId, filter) => watchedEntries(store.ledgerEntries(portfolioId, filter), replayProgress(ctx)) };
}

function replayProgress(ctx: CliContext): PageWatcher {
  const progress = ctx.progress();
  return {
    async page(rows) {
      if (rows < REPLAY_PROGRESS_FROM) return;
      await progress.show(`Replaying transactions… ${rows.toLocaleString('en-US')}`);
      // SQLite reads its pages synchronously: without a turn of the event loop a Ctrl-C waits for the replay's end.
      await nextTurn();
    },
    end: () => progress.stop(),
  };
}
