import { CHECKPOINT_EVERY } from '../ledger/checkpoints.js';
import type { CostBasisMethod } from '../ledger/types.js';
import type { LedgerStore } from '../ports.js';
import { encodeSegment, resumeFromSegments, type ReplayResume, type ReplaySegment, type StoredSegment } from './replay-state.js';
import type { Scope } from './types.js';

/** A performance run's checkpoints: where its replay resumes, and where the segments it passes go. */
export interface PerformanceCheckpoint {
  resume?: ReplayResume;
  /** A replay that went through this many entries leaves a segment at its last one too. */
  every: number;
  save(segments: ReplaySegment[]): Promise<unknown>;
}

const LAST_DAY = '9999-12-31';

/** Replays differ by method, scope and taxes: each kind has its own chain. */
export const performanceKind = (method: CostBasisMethod, scope: Scope, beforeTaxes: boolean) =>
  `performance:${method}:${scope}${beforeTaxes ? ':before-taxes' : ''}`;

/**
 * The chain of segments up to `end` (see replay-state.ts), read like the ledger's checkpoints: the
 * version first, so a save after a write that came in meanwhile is dropped (CheckpointStore.save).
 */
export async function performanceCheckpoint(
  store: LedgerStore,
  portfolioId: string,
  kind: string,
  end: string,
  every = CHECKPOINT_EVERY,
): Promise<PerformanceCheckpoint> {
  const version = await store.checkpoints.version(portfolioId);
  const stored = await store.checkpoints.list<StoredSegment>(portfolioId, kind, LAST_DAY);
  // A run that ends before TO's year is over must not replace that year's fuller segment with a shorter one.
  const kept = new Map(stored.map(({ date }) => [date.slice(0, 4), date]));
  return {
    resume: resumeFromSegments(stored.filter(({ date }) => date <= end)),
    every,
    save: (segments) =>
      store.checkpoints.save(
        portfolioId,
        kind,
        version,
        segments
          .filter(({ state }) => (kept.get(state.date.slice(0, 4)) ?? '') < state.date)
          .map((segment) => ({ date: segment.state.date, entries: segment.entries, state: encodeSegment(segment) })),
      ),
  };
}
