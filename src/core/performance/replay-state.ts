import type { LedgerState } from '../ledger/ledger-state.js';
import type { CurrencyMoves, DayRecord } from './replay.js';
import type { TradePrice } from './types.js';

/**
 * What a performance replay leaves behind so a later one need not start from the first entry: at
 * each year end it passes (and at its last entry), its own state and the day records of that year.
 * A replay resumed from the latest of an unbroken chain of them (each names the one before it) reads
 * the very same day records as a replay from the first entry, so the figures are the same, floats
 * included. Stored as JSON (bigints as decimal strings) in ledger_checkpoints, dropped by every write
 * on or before their date like the ledger's own checkpoints.
 */

/** The replay's state after every entry up to `date` (that day closed). Values are fixed-point at `places`. */
export interface ReplayState {
  date: string;
  places: number;
  ledger: LedgerState;
  firstDate: string;
  firstFlowDate: string | null;
  /** symbol → units held (in 1/den of a share), den, last trade price. */
  symbols: Array<[string, bigint, bigint, TradePrice | null]>;
  /** currency → cash balance. */
  currencies: Array<[string, bigint]>;
}

/** Where a replay carries on from: a state and every day record up to its date. */
export interface ReplayResume {
  state: ReplayState;
  entries: number;
  days: DayRecord[];
}

/** A year's part of a replay: the state at its last day, that year's day records, and the checkpoint before it. */
export interface ReplaySegment {
  state: ReplayState;
  /** Entries replayed up to the state's date, from the first. */
  entries: number;
  days: DayRecord[];
  /** The date of the previous segment's state (the last day record before this year); null for the first. */
  previous: string | null;
}

const AMOUNT_KEYS = ['inflow', 'outflow', 'costIn', 'costOut', 'realized', 'dividends', 'interest', 'fees', 'taxes', 'tradeFees'] as const;

/** A bigint as JSON: a number while that is exact (cheaper to parse and to turn back), else its digits. */
type StoredInt = number | string;
const storeInt = (value: bigint): StoredInt => (value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : String(value));
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A segment as stored: JSON without bigints, symbols and currencies as indexes into `names`.
 * A day is [date, places, quantities [symbol, units]…, denominators other than 1 [symbol, den]…,
 * cash [currency, units]…, moves [currency, …amounts]…, trade prices [symbol, price, currency]…].
 */
export interface StoredSegment {
  format: 1;
  previous: string | null;
  state: Omit<ReplayState, 'symbols' | 'currencies'> & {
    symbols: Array<[string, string, string, TradePrice | null]>;
    currencies: Array<[string, string]>;
  };
  names: string[];
  days: Array<[string, number, StoredInt[], StoredInt[], StoredInt[], StoredInt[][], Array<number | string>]>;
}

export function encodeSegment(segment: ReplaySegment): StoredSegment {
  const { state } = segment;
  const names: string[] = [];
  const indexes = new Map<string, number>();
  const name = (text: string) => {
    let index = indexes.get(text);
    if (index === undefined) indexes.set(text, (index = names.push(text) - 1));
    return index;
  };
  return {
    format: 1,
    previous: segment.previous,
    state: {
      ...state,
      symbols: state.symbols.map(([symbol, units, den, price]) => [symbol, String(units), String(den), price]),
      currencies: state.currencies.map(([currency, cash]) => [currency, String(cash)]),
    },
    names,
    days: segment.days.map((day) => encodeDay(day, name)),
  };
}

/** One day record as stored (plain loops: a year of a million-row history has thousands). */
function encodeDay(d: DayRecord, name: (text: string) => number): StoredSegment['days'][number] {
  const quantities: StoredInt[] = [];
  const dens: StoredInt[] = [];
  for (const [symbol, units, den] of d.quantities) {
    quantities.push(name(symbol), storeInt(units));
    if (den !== 1n) dens.push(name(symbol), storeInt(den));
  }
  const cash: StoredInt[] = [];
  for (const [currency, units] of d.cash) cash.push(name(currency), storeInt(units));
  const moves: StoredInt[][] = [];
  for (const m of d.moves) {
    const move: StoredInt[] = [name(m.currency)];
    for (const key of AMOUNT_KEYS) move.push(storeInt(m[key]));
    moves.push(move);
  }
  const prices: Array<number | string> = [];
  for (const [symbol, { price, currency }] of d.tradePrices) prices.push(name(symbol), price, name(currency));
  return [d.date, d.places, quantities, dens, cash, moves, prices];
}

function decodeDay([date, places, quantities, dens, cash, moves, prices]: StoredSegment['days'][number], names: string[]): DayRecord {
  const record: DayRecord = { date, places, quantities: [], cash: [], moves: [], tradePrices: [] };
  for (let i = 0; i < quantities.length; i += 2) record.quantities.push([names[quantities[i] as number]!, BigInt(quantities[i + 1]!), 1n]);
  for (let i = 0; i < dens.length; i += 2) record.quantities.find((q) => q[0] === names[dens[i] as number])![2] = BigInt(dens[i + 1]!);
  for (let i = 0; i < cash.length; i += 2) record.cash.push([names[cash[i] as number]!, BigInt(cash[i + 1]!)]);
  for (const [currency, ...amounts] of moves) {
    const m = { currency: names[currency as number]! } as CurrencyMoves;
    AMOUNT_KEYS.forEach((key, i) => (m[key] = BigInt(amounts[i]!)));
    record.moves.push(m);
  }
  for (let i = 0; i < prices.length; i += 3) record.tradePrices.push([names[prices[i] as number]!, { price: prices[i + 1] as string, currency: names[prices[i + 2] as number]! }]);
  return record;
}

function decodeState(state: StoredSegment['state']): ReplayState {
  return {
    ...state,
    symbols: state.symbols.map(([symbol, units, den, price]) => [symbol, BigInt(units), BigInt(den), price]),
    currencies: state.currencies.map(([currency, cash]) => [currency, BigInt(cash)]),
  };
}

/**
 * The resume point of the longest unbroken chain of stored segments (oldest first): the first has
 * no previous, each next one names the one before it. Undefined when there is none.
 */
export function resumeFromSegments(stored: Array<{ date: string; entries: number; state: StoredSegment }>): ReplayResume | undefined {
  let previous: string | null = null;
  let resume: ReplayResume | undefined;
  const days: DayRecord[] = [];
  for (const { date, entries, state } of stored) {
    if (state.format !== 1 || state.previous !== previous || state.state.date !== date) break;
    for (const day of state.days) days.push(decodeDay(day, state.names));
    resume = { state: decodeState(state.state), entries, days };
    previous = date;
  }
  return resume;
}
