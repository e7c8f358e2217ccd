import { dec, decString, ZERO, type Decimal } from '../decimal.js';
import { usageError } from '../errors.js';
import { CASH_GROUP, groupsFrom, hasTargets, targetFraction, type AllocationGroup, type AllocationInput, type AllocationLine } from './allocation.js';

/**
 * Rebalancing toward the targets with whole shares, never spending cash the portfolio does not
 * have. Pure and exact (decimal arithmetic throughout; a division only where a share count is
 * rounded down). The rules, in order:
 *
 * 1. Total V = positions at market + cash (base currency); target value T = V × target% / 100.
 *    Every held symbol without a target has a target of 0; every target symbol not held is bought.
 * 2. Unit price in the base currency u = the as-of close × the FX rate of its currency.
 * 3. Sells: each position worth more than T sells floor((value − T) / u) whole shares; a position
 *    whose target is 0 is sold outright (all its units, fractional ones included).
 * 4. Cash available = cash + the proceeds of the sells (no fees, trades at the close).
 * 5. Buys: each symbol worth less than T wants floor((T − value) / u) whole shares. If all of them
 *    fit in the cash available they are all bought. Otherwise the cash is shared in proportion
 *    to each symbol's shortfall (T − value): floor(shortfall × available / Σ shortfalls / u)
 *    shares each; then what is left buys one more share at a time for the symbol with the
 *    largest remaining shortfall whose price still fits and that still wants a share. No buy
 *    ever takes a symbol above its target, and nothing is bought with negative cash.
 */

export type TradeSide = 'buy' | 'sell';

export interface Trade {
  symbol: string;
  side: TradeSide;
  /** Whole shares (a sell-out of a target-0 position may sell a fractional holding). */
  quantity: string;
  /** The as-of close, in `currency`. */
  price: string;
  /** The close's currency. */
  currency: string;
  /** quantity × price, in `currency`. */
  value: string;
  /** value in the portfolio's base currency. */
  baseValue: string;
}

export interface RebalanceGroup extends AllocationGroup {
  /** Units held after the trades (null for the cash group). */
  quantity: string | null;
}

export interface RebalancePlan {
  /** Cash before the trades plus the proceeds of the sells, in the base currency. */
  cashAvailable: string;
  /** Sells first, then buys, each by symbol. */
  trades: Trade[];
  /** Cash left after the trades, in the base currency. */
  cash: string;
  /** Positions plus cash after the trades. */
  total: string;
  /** By symbol after the trades, with the drift that is left; the leftover cash is the `cash` group. */
  groups: RebalanceGroup[];
}

interface Working {
  line: AllocationLine;
  unit: Decimal;
  target: Decimal;
  targetValue: Decimal;
  quantity: Decimal;
  value: Decimal;
}

/** floor(a / b) for a ≥ 0 and b > 0, never one too many even if the division rounded up at its last place. */
function floorDiv(a: Decimal, b: Decimal): Decimal {
  const quotient = a.div(b).round(0, 0 /* roundDown */);
  return quotient.times(b).gt(a) ? quotient.minus(dec('1')) : quotient;
}
const bySymbol = (a: Working, b: Working) => (a.line.symbol < b.line.symbol ? -1 : a.line.symbol > b.line.symbol ? 1 : 0);

function trade(w: Working, side: TradeSide, quantity: Decimal): Trade {
  const price = w.line.close!.close;
  return {
    symbol: w.line.symbol,
    side,
    quantity: decString(quantity),
    price,
    currency: w.line.close!.currency,
    value: decString(quantity.times(dec(price))),
    baseValue: decString(quantity.times(w.unit)),
  };
}

export function planRebalance(input: AllocationInput): RebalancePlan {
  if (!hasTargets(input.targets)) throw usageError('The portfolio has no targets to rebalance to: set them with `folio portfolio set-targets`.', 'no_targets');
  const cashBefore = dec(input.cash);
  const total = input.lines.reduce((sum, line) => sum.plus(dec(line.value)), cashBefore);
  const lines: Working[] = input.lines.map((line) => {
    if (!line.close || line.rate === null) throw new Error(`rebalance needs the close and FX rate of ${line.symbol}`);
    const target = targetFraction(input.targets, line.symbol);
    return {
      line,
      unit: dec(line.close.close).times(dec(line.rate)),
      target,
      targetValue: total.times(target),
      quantity: dec(line.quantity),
      value: dec(line.value),
    };
  });
  lines.sort(bySymbol);

  // Sells: overweight positions, outright when their target is 0.
  const sells: Trade[] = [];
  let available = cashBefore;
  for (const w of lines) {
    if (!w.quantity.gt(ZERO) || !w.value.gt(w.targetValue)) continue;
    const outright = w.target.eq(ZERO);
    let units = outright ? w.quantity : floorDiv(w.value.minus(w.targetValue), w.unit);
    if (units.gt(w.quantity)) units = w.quantity;
    if (!units.gt(ZERO)) continue;
    const sold = trade(w, 'sell', units);
    sells.push(sold);
    available = available.plus(dec(sold.baseValue));
    w.quantity = w.quantity.minus(units);
    w.value = outright || w.quantity.eq(ZERO) ? ZERO : w.value.minus(dec(sold.baseValue));
  }
  const cashAvailable = available;

  // Buys: underweight symbols, whole shares, within the cash available.
  const wanted = lines
    .filter((w) => w.targetValue.gt(w.value))
    .map((w) => ({ w, shortfall: w.targetValue.minus(w.value), want: floorDiv(w.targetValue.minus(w.value), w.unit), units: ZERO }))
    .filter((b) => b.want.gt(ZERO));
  const cost = wanted.reduce((sum, b) => sum.plus(b.want.times(b.w.unit)), ZERO);
  if (cost.lte(available)) {
    for (const b of wanted) b.units = b.want;
  } else if (available.gt(ZERO)) {
    const shortfalls = wanted.reduce((sum, b) => sum.plus(b.shortfall), ZERO);
    for (const b of wanted) {
      b.units = floorDiv(b.shortfall.times(available), shortfalls.times(b.w.unit));
      if (b.units.gt(b.want)) b.units = b.want;
    }
    let left = available.minus(wanted.reduce((sum, b) => sum.plus(b.units.times(b.w.unit)), ZERO));
    for (;;) {
      const remaining = (b: (typeof wanted)[number]) => b.shortfall.minus(b.units.times(b.w.unit));
      const candidates = wanted.filter((b) => b.units.lt(b.want) && b.w.unit.lte(left));
      if (candidates.length === 0) break;
      const next = candidates.reduce((best, b) => (remaining(b).gt(remaining(best)) ? b : best));
      next.units = next.units.plus(dec('1'));
      left = left.minus(next.w.unit);
    }
  }
  const buys: Trade[] = [];
  for (const b of wanted) {
    if (!b.units.gt(ZERO)) continue;
    const bought = trade(b.w, 'buy', b.units);
    buys.push(bought);
    available = available.minus(dec(bought.baseValue));
    b.w.quantity = b.w.quantity.plus(b.units);
    b.w.value = b.w.value.plus(dec(bought.baseValue));
  }

  // The allocation after the trades, by symbol.
  const after = available;
  const totalAfter = lines.reduce((sum, w) => sum.plus(w.value), after);
  const sums = new Map(lines.map((w) => [w.line.symbol, { value: w.value, target: w.target }]));
  const quantities = new Map(lines.map((w) => [w.line.symbol, decString(w.quantity)]));
  const groups = groupsFrom(sums, after, totalAfter, true).map((g) => ({
    ...g,
    quantity: g.key === CASH_GROUP ? null : (quantities.get(g.key) ?? null),
  }));
  return {
    cashAvailable: decString(cashAvailable),
    trades: [...sells, ...buys],
    cash: decString(after),
    total: decString(totalAfter),
    groups,
  };
}
