import { createLedger } from '../ledger/ledger.js';
import type { CashBalance, CostBasisMethod, IncomeTotals, LedgerEntry, Position } from '../ledger/types.js';

/** The ledger's figures at one point of the replay: every position (closed ones too) and the income totals. */
export interface LedgerPoint {
  positions: Position[];
  income: IncomeTotals[];
}

export interface LedgerYears {
  /** The ledger before the first entry on or after FROM (empty for `max`). */
  start: LedgerPoint;
  /** The ledger after the last entry of each calendar year of the period that had entries, in order. */
  yearEnds: Array<{ year: string; point: LedgerPoint }>;
  /** Open positions and cash at the end (for allocation). */
  open: Position[];
  cash: CashBalance[];
}

const EMPTY: LedgerPoint = { positions: [], income: [] };

/**
 * One replay of the ledger (entries in (date, seq) order, up to the period's end) that keeps a
 * snapshot at FROM and at the end of every year of the period, so the report can split realised
 * gains and income by year. No I/O: the entries come in as an iterable.
 */
export async function replayByYear(entries: AsyncIterable<LedgerEntry>, method: CostBasisMethod, from: string | null): Promise<LedgerYears> {
  const ledger = createLedger(method);
  const point = (): LedgerPoint => ({ positions: ledger.positions({ includeClosed: true }), income: ledger.income() });
  let start: LedgerPoint | null = from === null ? EMPTY : null;
  const yearEnds: LedgerYears['yearEnds'] = [];
  let year: string | null = null;
  for await (const entry of entries) {
    if (start === null && entry.date >= from!) start = point();
    const entryYear = entry.date.slice(0, 4);
    if (start !== null && year !== null && entryYear !== year) yearEnds.push({ year, point: point() });
    ledger.apply(entry);
    year = start !== null ? entryYear : null;
  }
  start ??= point();
  if (year !== null) yearEnds.push({ year, point: point() });
  return { start, yearEnds, open: ledger.positions(), cash: ledger.cash() };
}
