import { CHECKPOINT_EVERY } from '../ledger/checkpoints.js';
import type { LedgerStore } from '../ports.js';
import type { PerformanceRequest } from './analyze.js';
import { addDays } from './period.js';
import type { ReplayState } from './replay.js';

/**
 * A sub-period starts from the latest replay state before its first day; replays leave states at
 * the year ends they pass. They are kept like the ledger's checkpoints (dropped by every write on
 * or before their date; saved only if no write came in between).
 */
export async function replayCheckpoint(
  store: LedgerStore,
  portfolioId: string,
  kind: string,
  from: string | null,
  every = CHECKPOINT_EVERY,
): Promise<NonNullable<PerformanceRequest['checkpoint']>> {
  const version = await store.checkpoints.version(portfolioId);
  // `max` values every day from the first one: it leaves states behind but starts from none.
  const found = from === null ? undefined : await store.checkpoints.latest<ReplayState>(portfolioId, kind, addDays(from, -1));
  return {
    seed: found?.state,
    every,
    save: (states) => store.checkpoints.save(portfolioId, kind, version, states.map((state) => ({ date: state.date, entries: state.entries, state }))),
  };
}

