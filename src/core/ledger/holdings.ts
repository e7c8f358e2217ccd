import type { LedgerEntry, CostBasisMethod } from './types.js';
import { createLedger, type Ledger } from './ledger.js';

/** Replays a portfolio's history (already in (date, seq) order, up to the as-of date) into a ledger. */
export async function replay(entries: AsyncIterable<LedgerEntry>, method: CostBasisMethod): Promise<Ledger> {
  const ledger = createLedger(method);
  for await (const entry of entries) ledger.apply(entry);
  return ledger;
}
