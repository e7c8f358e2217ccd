import { dec, decString } from '../decimal.js';
import { digits, FixedScale, pow10 } from '../ledger/fixed-point.js';
import { createLedger, type Ledger } from '../ledger/ledger.js';
import type { LedgerState } from '../ledger/ledger-state.js';
import type { CostBasisMethod, IncomeTotals, LedgerEntry, Position } from '../ledger/types.js';
import type { Scope, TradePrice } from './types.js';

/**
 * Pass one of a performance run: replays the ledger once, in (date, seq) order, and keeps what the
 * valuation series needs day by day, without any market data yet (the symbols to price are only
 * known at the end). Per transaction date it records the holdings, cash and trade prices that
 * changed and the day's net flow into the scope, all exact; the ledger engine alongside gives
 * cost bases, realised gains and income at the period's start and end.
 *
 * Quantities and cash are exact fixed-point here too (not floats): a position sold off must be
 * exactly 0, or a speck of float dust would be "held" and its next day's return would be nonsense.
 */

/** What changed on one transaction date, as of that day's close. Values are fixed-point: units of 10^-places. */
export interface DayRecord {
  date: string;
  /** The scale of every value in this record. */
  places: number;
  /** symbol → units held at the close, for the symbols whose holding changed. */
  quantities: Array<[string, bigint]>;
  /** currency → cash balance at the close, for the currencies whose balance changed. */
  cash: Array<[string, bigint]>;
  /** currency → the day's net flow into the scope (positive in), non-zero ones only. */
  flows: Array<[string, bigint]>;
  /** symbol → its last trade price (split-adjusted), for the symbols traded or split that day. */
  tradePrices: Array<[string, TradePrice]>;
}

/** The ledger's figures after some prefix of the history. */
export interface LedgerSnapshot {
  /** Every position, closed ones included (for realised gains). */
  positions: Position[];
  income: IncomeTotals[];
}

export interface Replay {
  days: DayRecord[];
  /** Every symbol ever bought, sorted. */
  symbols: string[];
  /** Every currency any entry moved money in, sorted. */
  currencies: string[];
  firstDate: string | null;
  /** The first day with a non-zero net flow into the scope. */
  firstFlowDate: string | null;
  /** The last transaction date before `from` (null without `from` or when there is none). */
  lastDateBefore: string | null;
  /** The ledger before the first entry on or after `from` (empty without `from`). */
  start: LedgerSnapshot;
  end: LedgerSnapshot;
}

export interface ReplayOptions {
  method: CostBasisMethod;
  scope: Scope;
  /** The period's first day; null for `max`. */
  from: string | null;
  /** Carry on from a state taken by an earlier replay (the entries come after its date). */
  seed?: ReplayState;
  /** Called with the state at each year end passed and before `from`, once `every` entries came since the last. */
  capture?: { every: number; take(state: ReplayState): void };
}

/**
 * The replay's state after every entry up to `date` (a day closed): the ledger engine's own state
 * and, per symbol and currency, what the valuation walk needs, as last recorded (so a walk started
 * from it reads the very same fixed-point values as a walk through every earlier day).
 */
export interface ReplayState {
  date: string;
  entries: number;
  /** The replay's fixed-point scale then. */
  places: number;
  ledger: LedgerState;
  firstDate: string;
  firstFlowDate: string | null;
  /**
   * symbol → [units at the close of its last recorded day, their places, trade price, held order];
   * ever-traded symbols only. The held order (when it last went from none to some) keeps the walk
   * summing positions in the same order, so even its floats come out the same.
   */
  symbols: Array<[string, string, number, TradePrice, number]>;
  /** currency → [cash units as last recorded, their places]. */
  currencies: Array<[string, string, number]>;
}

/** A fixed-point value as a canonical decimal string (no exponent, no trailing zeros). */
export function formatUnits(units: bigint, places: number): string {
  if (units === 0n) return '0';
  const negative = units < 0n;
  let text = (negative ? -units : units).toString();
  if (places > 0) {
    text = text.padStart(places + 1, '0');
    const integer = text.slice(0, text.length - places);
    const fraction = text.slice(text.length - places).replace(/0+$/, '');
    text = fraction ? `${integer}.${fraction}` : integer;
  }
  return negative ? `-${text}` : text;
}

/** An exact fixed-point amount: units of 10^-places. */
export interface Scaled {
  units: bigint;
  places: number;
}

export const SCALED_ZERO: Scaled = { units: 0n, places: 0 };

/** a + units × 10^-places, exactly, at the larger of the two scales. */
export function addScaled(a: Scaled, units: bigint, places: number): Scaled {
  if (places === a.places) return { units: a.units + units, places };
  if (places > a.places) return { units: a.units * pow10(places - a.places) + units, places };
  return { units: a.units + units * pow10(a.places - places), places: a.places };
}

const EMPTY_SNAPSHOT: LedgerSnapshot = { positions: [], income: [] };

function need(value: string | null, field: string, entry: LedgerEntry): string {
  if (value === null) throw new Error(`${entry.type} on ${entry.date} has no ${field}`);
  return value;
}

interface SymbolState {
  symbol: string;
  quantity: bigint;
  /** The quantity and its places as the last day record has them. */
  recorded: [bigint, number];
  heldOrder: number;
  tradePrice: TradePrice | null;
  touched: boolean;
  priceTouched: boolean;
}

interface CurrencyState {
  currency: string;
  cash: bigint;
  recorded: [bigint, number];
  flow: bigint;
  touched: boolean;
}

export async function replayForPerformance(entries: AsyncIterable<LedgerEntry>, options: ReplayOptions): Promise<Replay> {
  const { seed, capture } = options;
  const ledger = createLedger(options.method, seed?.ledger);
  const account = options.scope === 'account';
  // One state object per symbol and currency: one map lookup per entry, then plain field updates.
  const symbols = new Map<string, SymbolState>();
  const currencies = new Map<string, CurrencyState>();
  const touchedSymbols: SymbolState[] = [];
  const touchedCurrencies: CurrencyState[] = [];
  const scale = new FixedScale((factor) => {
    for (const s of symbols.values()) s.quantity *= factor;
    for (const c of currencies.values()) {
      c.cash *= factor;
      c.flow *= factor;
    }
  });

  const days: DayRecord[] = [];
  let date: string | null = null;
  let firstDate: string | null = null;
  let firstFlowDate: string | null = null;
  let lastDateBefore: string | null = null;
  let start: LedgerSnapshot | null = options.from === null ? EMPTY_SNAPSHOT : null;

  function symbolState(symbol: string): SymbolState {
    let state = symbols.get(symbol);
    if (state === undefined) {
      state = { symbol, quantity: 0n, recorded: [0n, 0], heldOrder: 0, tradePrice: null, touched: false, priceTouched: false };
      symbols.set(symbol, state);
    }
    if (!state.touched && !state.priceTouched) touchedSymbols.push(state);
    return state;
  }

  function currencyState(currency: string): CurrencyState {
    let state = currencies.get(currency);
    if (state === undefined) {
      state = { currency, cash: 0n, recorded: [0n, 0], flow: 0n, touched: false };
      currencies.set(currency, state);
    }
    if (!state.touched) {
      state.touched = true;
      touchedCurrencies.push(state);
    }
    return state;
  }

  function closeDay(): void {
    if (date === null) return;
    const record: DayRecord = { date, places: scale.places, quantities: [], cash: [], flows: [], tradePrices: [] };
    for (const s of touchedSymbols) {
      if (s.touched) {
        if (s.recorded[0] === 0n && s.quantity !== 0n) s.heldOrder = ++heldCount;
        record.quantities.push([s.symbol, s.quantity]);
        s.recorded = [s.quantity, scale.places];
      }
      if (s.priceTouched) record.tradePrices.push([s.symbol, s.tradePrice!]);
      s.touched = s.priceTouched = false;
    }
    for (const c of touchedCurrencies) {
      record.cash.push([c.currency, c.cash]);
      c.recorded = [c.cash, scale.places];
      if (c.flow !== 0n) record.flows.push([c.currency, c.flow]);
      c.flow = 0n;
      c.touched = false;
    }
    if (record.flows.length > 0 && firstFlowDate === null) firstFlowDate = date;
    days.push(record);
    touchedSymbols.length = 0;
    touchedCurrencies.length = 0;
  }

  function trade(entry: LedgerEntry) {
    const q = digits(need(entry.quantity, 'quantity', entry));
    const p = digits(need(entry.price, 'price', entry));
    const f = entry.fee === null ? null : digits(entry.fee);
    scale.ensure(Math.max(q.places + p.places, f === null ? 0 : f.places));
    return { quantity: scale.value(q), gross: scale.product(q, p), fee: f === null ? 0n : scale.value(f) };
  }

  const fee = (entry: LedgerEntry) => (entry.fee === null ? 0n : scale.read(entry.fee));
  /** Amount and fee at one scale (reading the second may grow it, which would leave the first stale). */
  function amountAndFee(entry: LedgerEntry): [bigint, bigint] {
    const a = digits(need(entry.amount, 'amount', entry));
    const f = entry.fee === null ? null : digits(entry.fee);
    scale.ensure(Math.max(a.places, f === null ? 0 : f.places));
    return [scale.value(a), f === null ? 0n : scale.value(f)];
  }

  function apply(entry: LedgerEntry): void {
    switch (entry.type) {
      case 'buy':
      case 'sell': {
        const buy = entry.type === 'buy';
        const s = symbolState(need(entry.symbol, 'symbol', entry));
        const { quantity, gross, fee } = trade(entry);
        const c = currencyState(entry.currency);
        const money = buy ? gross + fee : gross - fee;
        s.quantity += buy ? quantity : -quantity;
        s.touched = true;
        s.tradePrice = { price: entry.price!, currency: entry.currency };
        s.priceTouched = true;
        c.cash += buy ? -money : money;
        if (!account) c.flow += buy ? money : -money;
        return;
      }
      case 'split': {
        const ratio = digits(need(entry.quantity, 'ratio', entry));
        const s = symbolState(need(entry.symbol, 'symbol', entry));
        if (s.quantity !== 0n) {
          const divisor = pow10(ratio.places);
          if ((s.quantity * ratio.units) % divisor !== 0n) scale.ensure(scale.places + ratio.places);
          s.quantity = (s.quantity * ratio.units) / divisor;
          s.touched = true;
          if (s.tradePrice) {
            s.tradePrice = { price: decString(dec(s.tradePrice.price).div(dec(entry.quantity!))), currency: s.tradePrice.currency };
            s.priceTouched = true;
          }
        }
        // A fee on a split (the ledger charges any fee on a non-trade).
        const charged = fee(entry);
        if (charged !== 0n) currencyState(entry.currency).cash -= charged;
        return;
      }
      case 'dividend':
      case 'interest': {
        const c = currencyState(entry.currency);
        const [value, charged] = amountAndFee(entry);
        const net = value - charged;
        c.cash += net;
        // Holdings: dividends leave the scope; interest only when a holding paid it (a coupon).
        if (!account && (entry.type === 'dividend' || entry.symbol !== null)) c.flow -= net;
        return;
      }
      case 'fee': {
        const c = currencyState(entry.currency);
        const [value, charged] = amountAndFee(entry);
        const paid = value + charged;
        c.cash -= paid;
        // Holdings: a fee charged on a holding is money put into it; account fees stay outside.
        if (!account && entry.symbol !== null) c.flow += paid;
        return;
      }
      case 'deposit':
      case 'withdrawal': {
        const c = currencyState(entry.currency);
        const [value, charged] = amountAndFee(entry);
        const signed = entry.type === 'deposit' ? value : -value;
        c.cash += signed - charged;
        if (account) c.flow += signed;
        return;
      }
    }
  }

  let heldCount = 0;
  let entryCount = seed?.entries ?? 0;
  let capturedAt = entryCount;
  if (seed) {
    firstDate = seed.firstDate;
    firstFlowDate = seed.firstFlowDate;
    lastDateBefore = seed.date;
    days.push(...seedRecords(seed, scale, symbols, currencies));
    heldCount = Math.max(0, ...seed.symbols.map((s) => s[4]));
  }
  for await (const entry of entries) {
    if (entry.date !== date) {
      closeDay();
      // States for later sub-periods: at each year end passed and before this period's first day.
      const boundary = date !== null && (entry.date.slice(0, 4) !== date.slice(0, 4) || (start === null && entry.date >= options.from!));
      if (capture && boundary && entryCount - capturedAt >= capture.every) {
        capture.take(takeState(date!, entryCount, scale.places, ledger, firstDate!, firstFlowDate, symbols, currencies));
        capturedAt = entryCount;
      }
      date = entry.date;
      firstDate ??= entry.date;
      if (start === null) {
        if (entry.date >= options.from!) start = { positions: ledger.positions({ includeClosed: true }), income: ledger.income() };
        else lastDateBefore = entry.date;
      }
    }
    ledger.apply(entry);
    apply(entry);
    entryCount++;
  }
  closeDay();
  const end: LedgerSnapshot = { positions: ledger.positions({ includeClosed: true }), income: ledger.income() };

  const ever: string[] = [];
  for (const s of symbols.values()) if (s.tradePrice !== null) ever.push(s.symbol);
  return {
    days,
    symbols: ever.sort(),
    currencies: [...currencies.keys()].sort(),
    firstDate,
    firstFlowDate,
    lastDateBefore,
    start: start ?? end,
    end,
  };
}

function takeState(
  date: string,
  entries: number,
  places: number,
  ledger: Ledger,
  firstDate: string,
  firstFlowDate: string | null,
  symbols: Map<string, SymbolState>,
  currencies: Map<string, CurrencyState>,
): ReplayState {
  const traded = [...symbols.values()].filter((s) => s.tradePrice !== null);
  return {
    date,
    entries,
    places,
    ledger: ledger.snapshot(),
    firstDate,
    firstFlowDate,
    symbols: traded.sort((a, b) => a.heldOrder - b.heldOrder).map((s) => [s.symbol, String(s.recorded[0]), s.recorded[1], s.tradePrice!, s.heldOrder]),
    currencies: [...currencies.values()].map((c) => [c.currency, String(c.recorded[0]), c.recorded[1]]),
  };
}

/**
 * The replay's maps from a state, and the day records that put the walk where the state is, all
 * dated the state's day (before any period it serves): symbols in held order, then currencies in
 * the order they came, a new record wherever the recorded scale changes.
 */
function seedRecords(seed: ReplayState, scale: FixedScale, symbols: Map<string, SymbolState>, currencies: Map<string, CurrencyState>): DayRecord[] {
  scale.ensure(seed.places);
  const records: DayRecord[] = [];
  const record = (places: number) => {
    const last = records.at(-1);
    if (last?.places === places) return last;
    const fresh: DayRecord = { date: seed.date, places, quantities: [], cash: [], flows: [], tradePrices: [] };
    records.push(fresh);
    return fresh;
  };
  const at = (units: bigint, places: number) => units * pow10(scale.places - places);
  for (const [symbol, units, places, tradePrice, heldOrder] of seed.symbols) {
    const quantity = BigInt(units);
    symbols.set(symbol, { symbol, quantity: at(quantity, places), recorded: [quantity, places], heldOrder, tradePrice, touched: false, priceTouched: false });
    const into = record(places);
    into.quantities.push([symbol, quantity]);
    into.tradePrices.push([symbol, tradePrice]);
  }
  for (const [currency, units, places] of seed.currencies) {
    const cash = BigInt(units);
    currencies.set(currency, { currency, cash: at(cash, places), recorded: [cash, places], flow: 0n, touched: false });
    record(places).cash.push([currency, cash]);
  }
  return records;
}
