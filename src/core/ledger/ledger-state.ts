import { LotQueue, type OpenLot } from './lots.js';
import type { CostBasisMethod } from './types.js';

/**
 * The ledger engine's state as plain JSON, for checkpoints: restoring it and applying the entries
 * after it gives exactly what a replay from the first entry gives. The engine's own records are
 * copied field by field (bigints written as `#digits`, lot queues as their open lots), so a field
 * the engine gains is carried along without a change here.
 */
export interface LedgerState {
  format: 1;
  method: CostBasisMethod;
  /** The fixed-point scale of every value. */
  places: number;
  /** The date of the last entry applied. */
  lastDate: string;
  holdings: Array<Record<string, unknown>>;
  cash: Array<[string, string]>;
  income: Array<[string, Record<string, unknown>]>;
}

const encode = (value: unknown): unknown => (typeof value === 'bigint' ? `#${value}` : value instanceof LotQueue ? value.open().map(encodeRecord) : value);
const decode = (value: unknown): unknown => (typeof value === 'string' && value.startsWith('#') ? BigInt(value.slice(1)) : value);

function encodeRecord(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = encode(value);
  return out;
}

function decodeRecord<T>(record: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'lots' && Array.isArray(value)) {
      const queue = new LotQueue();
      for (const lot of value) queue.push(decodeRecord<OpenLot>(lot as Record<string, unknown>));
      out[key] = queue;
    } else out[key] = decode(value);
  }
  return out as T;
}

export function captureState(
  method: CostBasisMethod,
  places: number,
  lastDate: string,
  holdings: Map<string, object>,
  cash: Map<string, bigint>,
  income: Map<string, object>,
): LedgerState {
  return {
    format: 1,
    method,
    places,
    lastDate,
    holdings: [...holdings.values()].map(encodeRecord),
    cash: [...cash].map(([currency, amount]) => [currency, `#${amount}`]),
    income: [...income].map(([currency, totals]) => [currency, encodeRecord(totals)]),
  };
}

/** Fills the engine's (empty) maps from a state taken with the same method. */
export function restoreState<H extends { symbol: string }, I>(
  state: LedgerState,
  method: CostBasisMethod,
  into: { holdings: Map<string, H>; cash: Map<string, bigint>; income: Map<string, I> },
): void {
  if (state.format !== 1 || state.method !== method) throw new Error(`a ${state.method} ledger state cannot start a ${method} ledger`);
  for (const record of state.holdings) {
    const holding = decodeRecord<H>(record);
    into.holdings.set(holding.symbol, holding);
  }
  for (const [currency, amount] of state.cash) into.cash.set(currency, decode(amount) as bigint);
  for (const [currency, totals] of state.income) into.income.set(currency, decodeRecord<I>(totals));
}
