import type { Checkpoint, LedgerStore } from '../ports.js';
import { createLedger, type Ledger } from './ledger.js';
import type { CostBasisMethod, LedgerEntry } from './types.js';

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
  /** Transactions in the ledger (up to the date). */
  entries: number;
}

/**
 * Applies entries to a ledger and takes a snapshot at each year end it passes and at its last
 * entry, once `every` entries came in since the last one.
 */
export class CheckpointRecorder {
  private readonly fresh: Checkpoint[] = [];
  private sinceSaved = 0;
  private lastDate: string | null = null;
  replayed = 0;

  constructor(
    readonly ledger: Ledger,
    public entries: number,
    private readonly every = CHECKPOINT_EVERY,
  ) {}

  apply(entry: LedgerEntry): void {
    const { lastDate } = this;
    // A year ends: everything dated up to the previous entry's date is in.
    if (lastDate !== null && this.sinceSaved >= this.every && entry.date.slice(0, 4) !== lastDate.slice(0, 4)) this.snapshot(lastDate);
    this.ledger.apply(entry);
    this.lastDate = entry.date;
    this.entries++;
    this.replayed++;
    this.sinceSaved++;
  }

  /**
   * The checkpoints taken, with one at the last entry when enough came in since the last one, or
   * whenever any did with `atLastEntry` (an import: the reads after it then replay nothing).
   */
  checkpoints(options: { atLastEntry?: boolean } = {}): Checkpoint[] {
    const due = options.atLastEntry ? this.sinceSaved > 0 : this.sinceSaved >= this.every;
    if (this.lastDate !== null && due) this.snapshot(this.lastDate);
    return this.fresh;
  }

  private snapshot(date: string): void {
    this.fresh.push({ date, entries: this.entries, state: this.ledger.snapshot() });
    this.sinceSaved = 0;
  }
}

export async function ledgerAsOf(
  store: Pick<LedgerStore, 'checkpoints' | 'ledgerEntries'>,
  portfolioId: string,
  method: CostBasisMethod,
  asOf: string,
  options: { every?: number; save?: boolean } = {},
): Promise<LedgerAsOf> {
  // The version is read before any transaction: a write after this point makes the save a no-op.
  const version = await store.checkpoints.version(portfolioId);
  const start = await store.checkpoints.latest(portfolioId, method, asOf);
  const recorder = new CheckpointRecorder(createLedger(method, { from: start?.state }), start?.entries ?? 0, options.every);
  for await (const page of store.ledgerEntries(portfolioId, { after: start?.date, to: asOf }).pages()) for (const entry of page) recorder.apply(entry);
  const fresh = recorder.checkpoints();
  if (fresh.length > 0 && options.save !== false) {
    // Only a cache: a database that cannot take the write now (read-only, busy) costs the next read a longer replay.
    await store.checkpoints.save(portfolioId, method, version, fresh).catch(() => false);
  }
  return { ledger: recorder.ledger, from: start?.date ?? null, replayed: recorder.replayed, entries: recorder.entries };
}
