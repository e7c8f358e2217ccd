import { entryPages } from '../ledger/entry-pages.js';
import { digits, FixedScale, formatFixed, pow10 } from '../ledger/fixed-point.js';
import { createLedger, type Ledger } from '../ledger/ledger.js';
import { ratioOf, splitPrice, splitUnits } from '../ledger/split-ratio.js';
import type { CostBasisMethod, LedgerEntry } from '../ledger/types.js';
import type { ReplayResume, ReplaySegment, ReplayState } from './replay-state.js';
import type { Scope, TradePrice } from './types.js';

/**
 * Pass one of a performance run: replays the ledger once, in (date, seq) order, and keeps what the
 * valuation series needs day by day, without any market data yet (the symbols to price are only
 * known at the end). Per transaction date it records the holdings, cash and trade prices that
 * changed, the day's money into and out of the scope, and the money figures (realised gains, cost
 * bought and sold, income, fees, taxes) per currency, all exact: pass two converts each at the
 * rate of its own date.
 *
 * Quantities and cash are exact fixed-point here too (not floats): a position sold off must be
 * exactly 0, or a speck of float dust would be "held" and its next day's return would be nonsense.
 */

/** What moved in one currency on one day, in units of 10^-places of the day's record. */
export interface CurrencyMoves {
  currency: string;
  /** Money into the scope (In_d) and out of it (Out_d), both ≥ 0. */
  inflow: bigint;
  outflow: bigint;
  /** Cost of what was bought (fees included) and of the units sold. */
  costIn: bigint;
  costOut: bigint;
  /** Proceeds − cost of the units sold. */
  realized: bigint;
  dividends: bigint;
  interest: bigint;
  fees: bigint;
  taxes: bigint;
  tradeFees: bigint;
}

export const FIGURES = ['realized', 'dividends', 'interest', 'fees', 'taxes', 'tradeFees'] as const;
const AMOUNTS = ['inflow', 'outflow', 'costIn', 'costOut', ...FIGURES] as const;

/** What changed on one transaction date, as of that day's close. Values are fixed-point: units of 10^-places. */
export interface DayRecord {
  date: string;
  /** The scale of every value in this record. */
  places: number;
  /** symbol → units held at the close (in 1/den of a share), for the symbols whose holding changed. */
  quantities: Array<[string, bigint, bigint]>;
  /** currency → cash balance at the close, for the currencies whose balance changed. */
  cash: Array<[string, bigint]>;
  /** The day's moves per currency that had any. */
  moves: CurrencyMoves[];
  /** symbol → its last trade price (split-adjusted), for the symbols traded or split that day. */
  tradePrices: Array<[string, TradePrice]>;
}

export interface Replay {
  days: DayRecord[];
  /** Every symbol ever bought, sorted. */
  symbols: string[];
  /** Every currency any entry moved money in, sorted. */
  currencies: string[];
  firstDate: string | null;
  /** The first day with money into or out of the scope. */
  firstFlowDate: string | null;
  /** The last transaction date before `from` (null without `from` or when there is none). */
  lastDateBefore: string | null;
}

export interface ReplayOptions {
  method: CostBasisMethod;
  scope: Scope;
  /** The period's first day; null for `max`. */
  from: string | null;
  /** Leave taxes out, as if none had been paid (`--before-taxes`). */
  beforeTaxes?: boolean;
  /** Carry on from a state an earlier replay left (the entries come after its date). */
  resume?: ReplayResume;
  /** Takes a segment at each year end passed, and at the last entry once `every` entries were replayed. */
  capture?: { every: number; take(segment: ReplaySegment): void };
}

/** A fixed-point value as a canonical decimal string (no exponent, no trailing zeros). */
export function formatUnits(units: bigint, places: number): string {
  return formatFixed(units, places);
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

function need(value: string | null, field: string, entry: LedgerEntry): string {
  if (value === null) throw new Error(`${entry.type} on ${entry.date} has no ${field}`);
  return value;
}

interface SymbolState {
  symbol: string;
  quantity: bigint;
  den: bigint;
  tradePrice: TradePrice | null;
  touched: boolean;
  priceTouched: boolean;
}

interface CurrencyState {
  currency: string;
  cash: bigint;
  /** The day's moves so far (handed to the day's record as they are, then replaced). */
  m: CurrencyMoves;
  touched: boolean;
}

const newMoves = (currency: string): CurrencyMoves => ({
  currency,
  inflow: 0n,
  outflow: 0n,
  costIn: 0n,
  costOut: 0n,
  realized: 0n,
  dividends: 0n,
  interest: 0n,
  fees: 0n,
  taxes: 0n,
  tradeFees: 0n,
});

class PerformanceReplay {
  private readonly ledger: Ledger;
  private readonly account: boolean;
  private readonly beforeTaxes: boolean;
  // One state object per symbol and currency: one map lookup per entry, then plain field updates.
  private readonly symbols = new Map<string, SymbolState>();
  private readonly currencies = new Map<string, CurrencyState>();
  private readonly touchedSymbols: SymbolState[] = [];
  private readonly touchedCurrencies: CurrencyState[] = [];
  private readonly scale = new FixedScale((factor) => {
    for (const s of this.symbols.values()) s.quantity *= factor;
    for (const c of this.currencies.values()) {
      c.cash *= factor;
      for (const key of AMOUNTS) c.m[key] *= factor;
    }
  });
  readonly days: DayRecord[] = [];
  date: string | null = null;
  firstDate: string | null = null;
  firstFlowDate: string | null = null;
  /** Entries applied, from the first (a resumed replay counts those before its state). */
  entries = 0;

  constructor(options: ReplayOptions) {
    const { resume } = options;
    this.ledger = createLedger(options.method, { trackSales: true, beforeTaxes: options.beforeTaxes, from: resume?.state.ledger });
    this.account = options.scope === 'account';
    this.beforeTaxes = options.beforeTaxes ?? false;
    if (resume) this.restore(resume);
  }

  private restore({ state, entries, days }: ReplayResume): void {
    this.scale.ensure(state.places);
    for (const [symbol, quantity, den, tradePrice] of state.symbols) {
      this.symbols.set(symbol, { symbol, quantity, den, tradePrice, touched: false, priceTouched: false });
    }
    for (const [currency, cash] of state.currencies) this.currencies.set(currency, { currency, cash, m: newMoves(currency), touched: false });
    for (const day of days) this.days.push(day);
    this.firstDate = state.firstDate;
    this.firstFlowDate = state.firstFlowDate;
    this.entries = entries;
  }

  /** The state after the last closed day, with that day's year of records. */
  segment(): ReplaySegment {
    const days = this.days;
    const last = days.at(-1)!;
    const year = last.date.slice(0, 4);
    let first = days.length - 1;
    while (first > 0 && days[first - 1]!.date.startsWith(year)) first--;
    const state: ReplayState = {
      date: last.date,
      places: this.scale.places,
      ledger: this.ledger.snapshot(),
      firstDate: this.firstDate!,
      firstFlowDate: this.firstFlowDate,
      symbols: [...this.symbols.values()].map((s) => [s.symbol, s.quantity, s.den, s.tradePrice]),
      currencies: [...this.currencies.values()].map((c) => [c.currency, c.cash]),
    };
    return { state, entries: this.entries, days: days.slice(first), previous: first > 0 ? days[first - 1]!.date : null };
  }

  private symbolState(symbol: string): SymbolState {
    let state = this.symbols.get(symbol);
    if (state === undefined) {
      state = { symbol, quantity: 0n, den: 1n, tradePrice: null, touched: false, priceTouched: false };
      this.symbols.set(symbol, state);
    }
    if (!state.touched && !state.priceTouched) this.touchedSymbols.push(state);
    return state;
  }

  private currencyState(currency: string): CurrencyState {
    let state = this.currencies.get(currency);
    if (state === undefined) {
      state = { currency, cash: 0n, m: newMoves(currency), touched: false };
      this.currencies.set(currency, state);
    }
    if (!state.touched) {
      state.touched = true;
      this.touchedCurrencies.push(state);
    }
    return state;
  }

  closeDay(): void {
    if (this.date === null) return;
    const record: DayRecord = { date: this.date, places: this.scale.places, quantities: [], cash: [], moves: [], tradePrices: [] };
    for (const s of this.touchedSymbols) {
      if (s.touched) record.quantities.push([s.symbol, s.quantity, s.den]);
      if (s.priceTouched) record.tradePrices.push([s.symbol, s.tradePrice!]);
      s.touched = s.priceTouched = false;
    }
    for (const c of this.touchedCurrencies) {
      record.cash.push([c.currency, c.cash]);
      const moves = c.m;
      record.moves.push(moves);
      c.m = newMoves(c.currency);
      if (this.firstFlowDate === null && (moves.inflow !== 0n || moves.outflow !== 0n)) this.firstFlowDate = this.date;
      c.touched = false;
    }
    this.days.push(record);
    this.touchedSymbols.length = 0;
    this.touchedCurrencies.length = 0;
  }

  /** Decimal strings at one scale (reading the second may grow it, which would leave the first stale). */
  private read(a: string | null, b: string | null | undefined): [bigint, bigint] {
    const x = a === null ? null : digits(a);
    const y = b == null ? null : digits(b);
    this.scale.ensure(Math.max(x?.places ?? 0, y?.places ?? 0));
    return [x === null ? 0n : this.scale.value(x), y === null ? 0n : this.scale.value(y)];
  }

  /**
   * A buy or sell; with `cash` false a transfer-in or -out: shares delivered at their stated value,
   * no cash, and a flow in both scopes (Portfolio Performance counts deliveries as transfers into
   * or out of the portfolio, so the shares arriving are not a gain).
   */
  private trade(entry: LedgerEntry, buy: boolean, cash = true): void {
    // The ledger applied this entry first and read these very fields: its parse, not a second one.
    const { quantity: q, price: p, fee: f } = this.ledger.lastTrade;
    const scale = this.scale;
    const sale = this.ledger.lastSale;
    scale.ensure(Math.max(q.places + p.places, f === null ? 0 : f.places, buy ? 0 : sale.places));
    const s = this.symbolState(need(entry.symbol, 'symbol', entry));
    const quantity = scale.value(q) * s.den;
    const gross = scale.product(q, p);
    const fee = f === null ? 0n : scale.value(f);
    const c = this.currencyState(entry.currency);
    s.quantity += buy ? quantity : -quantity;
    s.touched = true;
    s.tradePrice = { price: entry.price!, currency: entry.currency };
    s.priceTouched = true;
    c.m.tradeFees += fee;
    if (buy) {
      if (cash) c.cash -= gross + fee;
      c.m.costIn += gross + fee;
      if (!this.account || !cash) c.m.inflow += gross + fee;
      return;
    }
    const cost = sale.cost * pow10(scale.places - sale.places);
    if (cash) c.cash += gross - fee;
    c.m.costOut += cost;
    c.m.realized += gross - fee - cost;
    if (!this.account || !cash) c.m.outflow += gross - fee;
  }

  private split(entry: LedgerEntry): void {
    const ratio = ratioOf(need(entry.quantity, 'ratio', entry));
    const s = this.symbolState(need(entry.symbol, 'symbol', entry));
    if (s.quantity === 0n) return;
    splitUnits(s, [], ratio);
    s.touched = true;
    if (s.tradePrice) {
      s.tradePrice = { price: splitPrice(s.tradePrice.price, ratio), currency: s.tradePrice.currency };
      s.priceTouched = true;
    }
  }

  /** Dividends and interest: net cash in; out of the holdings scope when a holding paid them. */
  private income(entry: LedgerEntry): void {
    const c = this.currencyState(entry.currency);
    const [value, fee] = this.read(need(entry.amount, 'amount', entry), entry.fee);
    const [, tax] = this.beforeTaxes ? [0n, 0n] : this.read(null, entry.tax);
    const net = value - fee - tax;
    c.cash += net;
    // Holdings: dividends leave the scope; interest only when a holding paid it (a coupon).
    const counts = this.account || entry.type === 'dividend' || entry.symbol !== null;
    if (!counts) return;
    if (!this.account) c.m.outflow += net;
    if (entry.type === 'dividend') c.m.dividends += value;
    else c.m.interest += value;
    c.m.fees += fee;
    c.m.taxes += tax;
  }

  /** Fees and taxes: cash out; in the holdings scope money put into the holding they were charged for. */
  private charge(entry: LedgerEntry): void {
    if (entry.type === 'tax' && this.beforeTaxes) return;
    const c = this.currencyState(entry.currency);
    const [value] = this.read(need(entry.amount, 'amount', entry), null);
    c.cash -= value;
    if (!this.account && entry.symbol === null) return;
    if (!this.account) c.m.inflow += value;
    if (entry.type === 'tax') c.m.taxes += value;
    else c.m.fees += value;
  }

  private cashMove(entry: LedgerEntry): void {
    const c = this.currencyState(entry.currency);
    const [value, fee] = this.read(need(entry.amount, 'amount', entry), entry.fee);
    const deposit = entry.type === 'deposit';
    c.cash += (deposit ? value : -value) - fee;
    if (!this.account) return;
    if (deposit) c.m.inflow += value;
    else c.m.outflow += value;
    c.m.fees += fee;
  }

  apply(entry: LedgerEntry): void {
    this.ledger.apply(entry);
    this.entries++;
    switch (entry.type) {
      case 'buy':
      case 'sell':
        return this.trade(entry, entry.type === 'buy');
      case 'transfer-in':
      case 'transfer-out':
        return this.trade(entry, entry.type === 'transfer-in', false);
      case 'split':
        return this.split(entry);
      case 'dividend':
      case 'interest':
        return this.income(entry);
      case 'fee':
      case 'tax':
        return this.charge(entry);
      case 'deposit':
      case 'withdrawal':
        return this.cashMove(entry);
    }
  }

  result(from: string | null): Replay {
    const ever: string[] = [];
    for (const s of this.symbols.values()) if (s.tradePrice !== null) ever.push(s.symbol);
    let before = this.days.length;
    if (from !== null) while (before > 0 && this.days[before - 1]!.date >= from) before--;
    return {
      days: this.days,
      symbols: ever.sort(),
      currencies: [...this.currencies.keys()].sort(),
      firstDate: this.firstDate,
      firstFlowDate: this.firstFlowDate,
      lastDateBefore: from === null || before === 0 ? null : this.days[before - 1]!.date,
    };
  }
}

export async function replayForPerformance(entries: AsyncIterable<LedgerEntry>, options: ReplayOptions): Promise<Replay> {
  const replay = new PerformanceReplay(options);
  const { capture } = options;
  const resumedAt = replay.entries;
  for await (const page of entryPages(entries)) {
    for (const entry of page) {
      if (entry.date !== replay.date) {
        const previous = replay.date;
        replay.closeDay();
        // A year ended (one this replay went through): its segment, for later replays to resume from.
        if (capture && previous !== null && previous.slice(0, 4) !== entry.date.slice(0, 4)) capture.take(replay.segment());
        replay.date = entry.date;
        replay.firstDate ??= entry.date;
      }
      replay.apply(entry);
    }
  }
  replay.closeDay();
  if (capture && replay.date !== null && replay.entries - resumedAt >= capture.every) capture.take(replay.segment());
  return replay.result(options.from);
}
