import { usageError } from '../errors.js';
import { InsufficientHoldingsError } from './insufficient-holdings.js';
import { digits, FixedScale, formatRatioOf, type Digits } from './fixed-point.js';
import { captureState, restoreState } from './ledger-state.js';
import { LotQueue, type OpenLot } from './lots.js';
import { ratioOf, splitPrice, splitUnits } from './split-ratio.js';
import type { CostBasisMethod, Ledger, LedgerEntry, LedgerOptions, Lot, Position, SaleCost } from './types.js';

export type { Ledger, LedgerOptions, PositionOptions, SaleCost } from './types.js';
export { InsufficientHoldingsError } from './insufficient-holdings.js';

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
 * Transfers: a transfer-in / -out is a buy / sell at the stated price without cash (shares delivered).
 * Currency: a position's currency is the currency of its first buy. Cash and income move in each
 * transaction's own currency; realised gains are plain differences of proceeds and cost (no FX).
 * Splits: units count 1/`den` of a share, so any ratio is exact (see split-ratio.ts).
 */

interface Holding {
  readonly symbol: string;
  /** Currency of the first buy; until a buy, the currency of the first dividend. */
  currency: string;
  bought: boolean;
  /** Units of 1/den of a share (see Splits above). */
  quantity: bigint;
  den: bigint;
  tradePrice: string | null;
  tradeCurrency: string;
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
  taxes: bigint;
}

const bySymbol = (a: Holding, b: Holding) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function need(value: string | null, field: string, entry: LedgerEntry): string {
  if (value === null) throw usageError(`${entry.type} on ${entry.date} needs a ${field}`);
  return value;
}

/** A new ledger, or (`options.from`) one that carries on from a `snapshot()` of a ledger with the same method. */
export function createLedger(method: CostBasisMethod, options: LedgerOptions = {}): Ledger {
  const fifo = method === 'fifo';
  const { trackSales = false, beforeTaxes = false, from: state } = options;
  const lastSale: SaleCost = { cost: 0n, places: 0 };
  // trackSales: the open cost of the lot the last sell used in part, so the next sell need not divide again.
  const known: { lot: OpenLot | null; remaining: bigint; open: bigint } = { lot: null, remaining: 0n, open: 0n };
  const remember = (lot: OpenLot, open: bigint) => ((known.lot = lot), (known.remaining = lot.remaining), (known.open = open));
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
    known.lot = null;
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
      income.taxes *= factor;
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
        den: 1n,
        tradePrice: null,
        tradeCurrency: currency,
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
      found = { dividends: 0n, interest: 0n, fees: 0n, tradeFees: 0n, taxes: 0n };
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

  function buy(entry: LedgerEntry, cash = true): void {
    const symbol = need(entry.symbol, 'symbol', entry);
    const { quantity, gross, fee } = trade(entry);
    const cost = gross + fee;

    const h = holding(symbol, entry.currency);
    if (!h.bought) {
      h.bought = true;
      h.currency = entry.currency;
    }
    const units = h.den === 1n ? quantity : quantity * h.den;
    h.quantity += units;
    if (!fifo) h.costBasis += cost;
    h.lots.push({ date: entry.date, currency: entry.currency, bought: units, remaining: units, cost });
    h.tradePrice = entry.price;
    h.tradeCurrency = entry.currency;

    if (cash) addCash(entry.currency, -cost);
    if (fee !== 0n) incomeOf(entry.currency).tradeFees += fee;
  }

  function sell(entry: LedgerEntry, cash = true): void {
    const symbol = need(entry.symbol, 'symbol', entry);
    const { quantity: sold, gross, fee } = trade(entry);
    const h = holdings.get(symbol);
    const held = h === undefined ? 0n : h.quantity;
    const quantity = h === undefined || h.den === 1n ? sold : sold * h.den;
    if (h === undefined || quantity > held) {
      throw new InsufficientHoldingsError(symbol, entry.date, h ? shares(h, held) : '0', scale.format(sold), cash ? 'sell' : 'transfer-out');
    }
    const proceeds = gross - fee;
    h.proceeds += proceeds;
    h.tradePrice = entry.price;
    h.tradeCurrency = entry.currency;

    // FIFO with trackSales: of the oldest lot only its open cost is sold now (the rest counted earlier).
    const head = fifo && trackSales ? h.lots.peek() : null;
    const headOpen = head === null ? 0n : head === known.lot && head.remaining === known.remaining ? known.open : openCost(head);
    let costSold: bigint;
    if (quantity === held) {
      // The last units take the whole remaining cost: no rounding dust is left behind.
      const lotsCost = h.lots.takeAll();
      costSold = fifo ? lotsCost - (head === null ? 0n : head.cost - headOpen) : h.costBasis;
      h.soldCost += fifo ? lotsCost : h.costBasis;
      h.costBasis = 0n;
      h.quantity = 0n;
    } else if (fifo) {
      const usedUp = h.lots.take(quantity);
      h.soldCost += usedUp;
      h.quantity = held - quantity;
      costSold = 0n;
      if (head !== null) {
        const partial = h.lots.partial;
        const left = partial === null ? 0n : remember(partial, openCost(partial));
        if (partial === head) costSold = headOpen - left;
        else costSold = usedUp - (head.cost - headOpen) + (partial === null ? 0n : partial.cost - left);
      }
    } else {
      // Average cost: cost basis × sold / held, rounded to 10 places.
      costSold = scale.mulDiv(h.costBasis, quantity, held);
      h.soldCost += costSold;
      h.costBasis -= costSold;
      h.quantity = held - quantity;
      h.lots.take(quantity);
    }
    if (trackSales) {
      lastSale.cost = costSold;
      lastSale.places = scale.places;
    }

    if (cash) addCash(entry.currency, proceeds);
    if (fee !== 0n) incomeOf(entry.currency).tradeFees += fee;
  }

  function split(entry: LedgerEntry): void {
    const symbol = need(entry.symbol, 'symbol', entry);
    const ratio = ratioOf(need(entry.quantity, 'ratio (quantity)', entry));
    const h = holdings.get(symbol);
    // A split of a symbol not held changes nothing. Costs never change (unit costs ÷ ratio).
    if (h === undefined || h.lots.isEmpty) return;
    splitUnits(h, h.lots.open(), ratio);
    if (h.tradePrice !== null) h.tradePrice = splitPrice(h.tradePrice, ratio);
  }

  /** A holding's units as shares: exact, or rounded to the scale when a split left a third. */
  function shares(h: Holding, units: bigint): string {
    return h.den === 1n ? scale.format(units) : formatRatioOf(units, h.den, scale.places);
  }


  function amount(entry: LedgerEntry): bigint {
    return scale.read(need(entry.amount, 'amount', entry));
  }

  /** Tax withheld on a dividend or interest: out of cash, counted as taxes. */
  function withhold(entry: LedgerEntry): void {
    if (beforeTaxes || entry.tax == null) return;
    const tax = scale.read(entry.tax);
    addCash(entry.currency, -tax);
    incomeOf(entry.currency).taxes += tax;
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
      case 'transfer-in':
        return buy(entry, false);
      case 'transfer-out':
        return sell(entry, false);
      case 'split':
        split(entry);
        break;
      case 'dividend': {
        const value = amount(entry);
        addCash(entry.currency, value);
        incomeOf(entry.currency).dividends += value;
        if (entry.symbol !== null) holding(entry.symbol, entry.currency).dividends += value;
        withhold(entry);
        break;
      }
      case 'interest': {
        const value = amount(entry);
        addCash(entry.currency, value);
        incomeOf(entry.currency).interest += value;
        withhold(entry);
        break;
      }
      case 'tax': {
        if (beforeTaxes) break;
        const value = amount(entry);
        addCash(entry.currency, -value);
        incomeOf(entry.currency).taxes += value;
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
      quantity: shares(h, h.quantity),
      averageCost: h.quantity > 0n ? scale.format(scale.div(costBasis * h.den, h.quantity)) : '0',
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
        quantity: shares(h, lot.remaining),
        unitCost: scale.format(scale.div(lot.cost * h.den, lot.bought)),
        cost: scale.format(openCost(lot)),
        currency: lot.currency,
      }));
    }
    const unitCost = scale.format(scale.div(h.costBasis * h.den, h.quantity));
    let left = h.costBasis;
    return open.map((lot, index) => {
      const cost = index === open.length - 1 ? left : scale.mulDiv(h.costBasis, lot.remaining, h.quantity);
      left -= cost;
      return { date: lot.date, quantity: shares(h, lot.remaining), unitCost, cost: scale.format(cost), currency: lot.currency };
    });
  }

  return {
    method,
    lastSale,
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
        taxes: scale.format(totals.taxes),
      }));
    },
    lots,
    tradePrice(symbol) {
      const h = holdings.get(symbol);
      return h?.tradePrice == null ? null : { price: h.tradePrice, currency: h.tradeCurrency };
    },
    snapshot: () => captureState(method, scale.places, lastDate, holdings, cashBy, incomeBy),
  };
}
