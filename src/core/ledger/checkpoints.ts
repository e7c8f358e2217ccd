import type { Checkpoint, LedgerStore } from '../ports.js';
import { createLedger, type Ledger } from './ledger.js';
import type { CostBasisMethod } from './types.js';

/**
 * A portfolio's ledger as of a date without replaying its whole history: start from the latest
 * checkpoint on or before the date (the engine's own state, see ledger-state.ts) and apply only
 * the transactions after it. The replay leaves new checkpoints behind at each year end it passes
 * and at its last entry, when it replayed enough to be worth it; one per year is kept.
 *
 * Exactness: a checkpoint dated D holds the state after every transaction dated D or earlier.
 * Every write (add, edit, remove, import) drops the checkpoints dated on or after the earliest
 * date it touched (an edit: its old and new dates), inside its transaction; a checkpoint worked out
 * by a read is stored only if no write came in between (CheckpointStore.save).
 */

/** Replays shorter than this leave no checkpoint behind. */
export const CHECKPOINT_EVERY = 20_000;

export interface LedgerAsOf {
  ledger: Ledger;
  /** The checkpoint started from, if any, and how many transactions were applied after it. */
  from: string | null;
  replayed: number;
}

export async function ledgerAsOf(
  store: LedgerStore,
  portfolioId: string,
  method: CostBasisMethod,
  asOf: string,
  options: { every?: number } = {},
): Promise<LedgerAsOf> {
  const every = options.every ?? CHECKPOINT_EVERY;
  // The version is read before any transaction: a write after this point makes the save a no-op.
  const version = await store.checkpoints.version(portfolioId);
  const start = await store.checkpoints.latest(portfolioId, method, asOf);
  const ledger = createLedger(method, start?.state);
  const fresh: Checkpoint[] = [];
  let entries = start?.entries ?? 0;
  let replayed = 0;
  let sinceSaved = 0;
  let lastDate: string | null = null;
  for await (const entry of store.ledgerEntries(portfolioId, { after: start?.date, to: asOf })) {
    // A year ends: everything dated up to the previous entry's date is in.
    if (lastDate !== null && sinceSaved >= every && entry.date.slice(0, 4) !== lastDate.slice(0, 4)) {
      fresh.push({ date: lastDate, entries, state: ledger.snapshot() });
      sinceSaved = 0;
    }
    ledger.apply(entry);
    lastDate = entry.date;
    entries++;
    replayed++;
    sinceSaved++;
  }
  if (lastDate !== null && sinceSaved >= every) fresh.push({ date: lastDate, entries, state: ledger.snapshot() });
  if (fresh.length > 0) {
    // Only a cache: a database that cannot take the write now (read-only, busy) costs the next read a longer replay.
    await store.checkpoints.save(portfolioId, method, version, fresh).catch(() => false);
  }
  return { ledger, from: start?.date ?? null, replayed };
}
