import { FolioError, usageError } from '../errors.js';
import { digits, FixedScale, pow10, type Digits } from './fixed-point.js';
import { captureState, restoreState, type LedgerState } from './ledger-state.js';
import { LotQueue, type OpenLot } from './lots.js';
import type { CashBalance, CostBasisMethod, IncomeTotals, LedgerEntry, Lot, Position } from './types.js';

/**
 * The ledger engine: replays transactions in (date, seq) order and keeps holdings, open lots,
 * cost bases, realised gains, cash and income. Pure and synchronous; no database. Decimal
 * strings in, canonical decimal strings out (no exponent, no trailing zeros).
 *
 * Exactness: sums and products are exact (fixed-point bigints, see fixed-point.ts, rather than
 * big.js: replaying a million entries must take well under a second). Only divisions round, to
 * 10 decimal places half-even: average costs, lot unit costs, the open cost of a FIFO lot sold
 * in part (`cost × remaining / bought`; the units sold from it carry the exact rest) and, under
 * the average method, the cost of the units of each sell (`cost basis × sold / held`). A sell of
 * everything takes the whole remaining cost, so a closed position has a cost basis of exactly 0,
 * and open cost + cost of everything sold = everything paid, exactly.
 *
 * Speed: FIFO sells do no division at all (a lot sold in part only loses units; its open cost
 * is worked out when positions or lots are read), so reading costs O(open lots).
 *
 * Currency: a position's currency is the currency of its first buy. Cash and income move in each
 * transaction's own currency; realised gains are plain differences of proceeds and cost (no FX).
 */

export class InsufficientHoldingsError extends FolioError {
  constructor(
    readonly symbol: string,
    readonly date: string,
    readonly held: string,
    readonly requested: string,
  ) {
    super('usage', `sell of ${requested} ${symbol} on ${date} exceeds the ${held} held`, 'insufficient_holdings');
    this.name = 'InsufficientHoldingsError';
  }
}

export interface PositionOptions {
  /**
   * Also return symbols held before but not now (quantity 0, cost basis 0, average cost 0), so
   * holdings can show the realised gains and dividends of what was sold off. Off by default:
   * `positions()` is what is held. A symbol that only ever had dividends counts as closed too.
   */
  includeClosed?: boolean;
}

export interface Ledger {
  readonly method: CostBasisMethod;
  /** Applies one transaction; entries must come in (date, seq) order. Throws InsufficientHoldingsError for a sell of more than is held. */
  apply(entry: LedgerEntry): void;
  /** Open positions (quantity > 0) sorted by symbol; closed ones too with `{ includeClosed: true }`. */
  positions(options?: PositionOptions): Position[];
  /** Cash per currency touched so far (may be negative or zero), sorted by currency. */
  cash(): CashBalance[];
  /** Dividends, interest and fees per currency, sorted by currency (currencies that had any). */
  income(): IncomeTotals[];
  /**
   * Open lots of a symbol, oldest first ([] if none). FIFO: the real lots, what is left of each
   * buy, its unit cost (cost / units bought, so fees included) and its open cost. Average cost:
   * the same remaining quantities (units still leave oldest first, so the dates tell how long
   * they have been held), each at the pooled average unit cost, with the cost basis shared out
   * pro rata (the last lot takes the rounding remainder, so the lots sum to the cost basis).
   */
  lots(symbol: string): Lot[];
  /** The whole state, as JSON-safe data: `createLedger(method, state)` carries on from it exactly. */
  snapshot(): LedgerState;
}

interface Holding {
  readonly symbol: string;
  /** Currency of the first buy; until a buy, the currency of the first dividend. */
  currency: string;
  bought: boolean;
  quantity: bigint;
  readonly lots: LotQueue;
  /** Σ sell proceeds (quantity × price − fee). */
  proceeds: bigint;
  /** FIFO: Σ cost of the lots used up (a lot sold in part adds its share on reading). Average: Σ cost of the units of every sell. */
  soldCost: bigint;
  /** Average only (FIFO sums its open lots on reading). */
  costBasis: bigint;
  dividends: bigint;
}

interface Income {
  dividends: bigint;
  interest: bigint;
  fees: bigint;
  tradeFees: bigint;
}

const bySymbol = (a: Holding, b: Holding) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function need(value: string | null, field: string, entry: LedgerEntry): string {
  if (value === null) throw usageError(`${entry.type} on ${entry.date} needs a ${field}`);
  return value;
}

/** A new ledger, or one that carries on from a `snapshot()` of a ledger with the same method. */
export function createLedger(method: CostBasisMethod, state?: LedgerState): Ledger {
  const fifo = method === 'fifo';
  const holdings = new Map<string, Holding>();
  const cashBy = new Map<string, bigint>();
  const incomeBy = new Map<string, Income>();
  const scale = new FixedScale(rescale);
  let lastDate = '';
  if (state) {
    scale.ensure(state.places);
    restoreState(state, method, { holdings, cash: cashBy, income: incomeBy });
    lastDate = state.lastDate;
  }

  /** The scale grew: every stored value × factor. */
  function rescale(factor: bigint): void {
    for (const h of holdings.values()) {
      h.quantity *= factor;
      h.proceeds *= factor;
      h.soldCost *= factor;
      h.costBasis *= factor;
      h.dividends *= factor;
      for (const lot of h.lots.open()) {
        lot.bought *= factor;
        lot.remaining *= factor;
        lot.cost *= factor;
      }
    }
    for (const [currency, amount] of cashBy) cashBy.set(currency, amount * factor);
    for (const income of incomeBy.values()) {
      income.dividends *= factor;
      income.interest *= factor;
      income.fees *= factor;
      income.tradeFees *= factor;
    }
  }

  function holding(symbol: string, currency: string): Holding {
    let found = holdings.get(symbol);
    if (found === undefined) {
      found = {
        symbol,
        currency,
        bought: false,
        quantity: 0n,
        lots: new LotQueue(),
        proceeds: 0n,
        soldCost: 0n,
        costBasis: 0n,
        dividends: 0n,
      };
      holdings.set(symbol, found);
    }
    return found;
  }

  function addCash(currency: string, amount: bigint): void {
    cashBy.set(currency, (cashBy.get(currency) ?? 0n) + amount);
  }

  function incomeOf(currency: string): Income {
    let found = incomeBy.get(currency);
    if (found === undefined) {
      found = { dividends: 0n, interest: 0n, fees: 0n, tradeFees: 0n };
      incomeBy.set(currency, found);
    }
    return found;
  }

  /** Quantity, price and fee of a buy or sell, at a scale that holds quantity × price exactly. */
  function trade(entry: LedgerEntry): { quantity: bigint; gross: bigint; fee: bigint } {
    const q = digits(need(entry.quantity, 'quantity', entry));
    const p = digits(need(entry.price, 'price', entry));
    const f: Digits | null = entry.fee === null ? null : digits(entry.fee);
    scale.ensure(Math.max(q.places + p.places, f === null ? 0 : f.places));
    return { quantity: scale.value(q), gross: scale.product(q, p), fee: f === null ? 0n : scale.value(f) };
  }

  function buy(entry: LedgerEntry): void {
    const symbol = need(entry.symbol, 'symbol', entry);
    const { quantity, gross, fee } = trade(entry);
    const cost = gross + fee;

    const h = holding(symbol, entry.currency);
    if (!h.bought) {
      h.bought = true;
      h.currency = entry.currency;
    }
    h.quantity += quantity;
    if (!fifo) h.costBasis += cost;
    h.lots.push({ date: entry.date, currency: entry.currency, bought: quantity, remaining: quantity, cost });

    addCash(entry.currency, -cost);
    if (fee !== 0n) incomeOf(entry.currency).tradeFees += fee;
  }

  function sell(entry: LedgerEntry): void {
    const symbol = need(entry.symbol, 'symbol', entry);
    const { quantity, gross, fee } = trade(entry);
    const h = holdings.get(symbol);
    const held = h === undefined ? 0n : h.quantity;
    if (h === undefined || quantity > held) {
      throw new InsufficientHoldingsError(symbol, entry.date, scale.format(held), scale.format(quantity));
    }
    const proceeds = gross - fee;
    h.proceeds += proceeds;

    if (quantity === held) {
      // The last units take the whole remaining cost: no rounding dust is left behind.
      const lotsCost = h.lots.takeAll();
      h.soldCost += fifo ? lotsCost : h.costBasis;
      h.costBasis = 0n;
      h.quantity = 0n;
    } else if (fifo) {
      h.soldCost += h.lots.take(quantity);
      h.quantity = held - quantity;
    } else {
      // Average cost: cost basis × sold / held, rounded to 10 places.
      const costSold = scale.mulDiv(h.costBasis, quantity, held);
      h.soldCost += costSold;
      h.costBasis -= costSold;
      h.quantity = held - quantity;
      h.lots.take(quantity);
    }

    addCash(entry.currency, proceeds);
    if (fee !== 0n) incomeOf(entry.currency).tradeFees += fee;
  }

  function split(entry: LedgerEntry): void {
    const symbol = need(entry.symbol, 'symbol', entry);
    const ratio = digits(need(entry.quantity, 'ratio (quantity)', entry));
    const h = holdings.get(symbol);
    // A split of a symbol not held changes nothing. Costs never change (unit costs ÷ ratio).
    if (h === undefined || h.lots.isEmpty) return;
    const lots = h.lots.open();
    const divisor = pow10(ratio.places);
    const exact = (value: bigint) => (value * ratio.units) % divisor === 0n;
    // quantity × ratio must stay exact: with too few places (0.5 of 0.0000000001), grow the scale.
    if (!exact(h.quantity) || !lots.every((lot) => exact(lot.bought) && exact(lot.remaining))) {
      scale.ensure(scale.places + ratio.places);
    }
    const times = (value: bigint) => (value * ratio.units) / divisor;
    h.quantity = times(h.quantity);
    for (const lot of lots) {
      lot.bought = times(lot.bought);
      lot.remaining = times(lot.remaining);
    }
  }

  function amount(entry: LedgerEntry): bigint {
    return scale.read(need(entry.amount, 'amount', entry));
  }

  /** A fee attached to anything but a buy or sell: out of cash, counted as a fee. */
  function chargeFee(entry: LedgerEntry): void {
    if (entry.fee === null) return;
    const fee = scale.read(entry.fee);
    if (fee === 0n) return;
    addCash(entry.currency, -fee);
    incomeOf(entry.currency).fees += fee;
  }

  function apply(entry: LedgerEntry): void {
    if (entry.date < lastDate) throw new Error(`ledger entries out of order: ${entry.date} after ${lastDate}`);
    lastDate = entry.date;

    switch (entry.type) {
      case 'buy':
        return buy(entry);
      case 'sell':
        return sell(entry);
      case 'split':
        split(entry);
        break;
      case 'dividend': {
        const value = amount(entry);
        addCash(entry.currency, value);
        incomeOf(entry.currency).dividends += value;
        if (entry.symbol !== null) holding(entry.symbol, entry.currency).dividends += value;
        break;
      }
      case 'interest': {
        const value = amount(entry);
        addCash(entry.currency, value);
        incomeOf(entry.currency).interest += value;
        break;
      }
      case 'deposit':
        addCash(entry.currency, amount(entry));
        break;
      case 'withdrawal':
        addCash(entry.currency, -amount(entry));
        break;
      case 'fee': {
        const value = amount(entry);
        addCash(entry.currency, -value);
        incomeOf(entry.currency).fees += value;
        break;
      }
    }
    chargeFee(entry);
  }

  /** What is left of a FIFO lot's cost: all of it while nothing was sold, else pro rata (10 places). */
  function openCost(lot: OpenLot): bigint {
    return lot.remaining === lot.bought ? lot.cost : scale.mulDiv(lot.cost, lot.remaining, lot.bought);
  }

  /** Open cost and realised gain to date. FIFO: lots sold in part split their cost here. */
  function costs(h: Holding): { costBasis: bigint; realized: bigint } {
    if (!fifo) return { costBasis: h.costBasis, realized: h.proceeds - h.soldCost };
    let costBasis = 0n;
    let soldCost = h.soldCost;
    for (const lot of h.lots.open()) {
      const open = openCost(lot);
      costBasis += open;
      soldCost += lot.cost - open;
    }
    return { costBasis, realized: h.proceeds - soldCost };
  }

  function toPosition(h: Holding): Position {
    const { costBasis, realized } = costs(h);
    return {
      symbol: h.symbol,
      quantity: scale.format(h.quantity),
      averageCost: h.quantity > 0n ? scale.format(scale.div(costBasis, h.quantity)) : '0',
      costBasis: scale.format(costBasis),
      realizedGain: scale.format(realized),
      currency: h.currency,
      dividends: scale.format(h.dividends),
    };
  }

  function lots(symbol: string): Lot[] {
    const h = holdings.get(symbol);
    if (h === undefined || h.lots.isEmpty) return [];
    const open = h.lots.open();
    if (fifo) {
      return open.map((lot) => ({
        date: lot.date,
        quantity: scale.format(lot.remaining),
        unitCost: scale.format(scale.div(lot.cost, lot.bought)),
        cost: scale.format(openCost(lot)),
        currency: lot.currency,
      }));
    }
    const unitCost = scale.format(scale.div(h.costBasis, h.quantity));
    let left = h.costBasis;
    return open.map((lot, index) => {
      const cost = index === open.length - 1 ? left : scale.mulDiv(h.costBasis, lot.remaining, h.quantity);
      left -= cost;
      return { date: lot.date, quantity: scale.format(lot.remaining), unitCost, cost: scale.format(cost), currency: lot.currency };
    });
  }

  return {
    method,
    apply,
    positions(options = {}) {
      const list: Holding[] = [];
      for (const h of holdings.values()) {
        if (options.includeClosed || h.quantity > 0n) list.push(h);
      }
      return list.sort(bySymbol).map(toPosition);
    },
    cash() {
      return [...cashBy].sort(byKey).map(([currency, value]) => ({ currency, amount: scale.format(value) }));
    },
    income() {
      return [...incomeBy].sort(byKey).map(([currency, totals]) => ({
        currency,
        dividends: scale.format(totals.dividends),
        interest: scale.format(totals.interest),
        fees: scale.format(totals.fees),
        tradeFees: scale.format(totals.tradeFees),
      }));
    },
    lots,
    snapshot: () => captureState(method, scale.places, lastDate, holdings, cashBy, incomeBy),
  };
}
