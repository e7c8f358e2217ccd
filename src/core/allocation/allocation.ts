import { dec, decString, ZERO, type Decimal } from '../decimal.js';
import type { PricePoint } from '../ports.js';

/**
 * Allocation: how a portfolio's value splits by symbol, asset class, sector or currency, and how
 * far each part is from the portfolio's targets. Pure: money is exact (decimal strings in, decimal
 * strings out); weights, targets and drift are float fractions made from one exact division each.
 *
 * Decisions:
 * - The total is the portfolio's whole value: open positions at market PLUS cash, all in the base
 *   currency. Cash is its own group, keyed `cash` (lower case, so no ticker can clash with it).
 * - Targets (percentages adding up to 100) are shares of that same total, so a portfolio with
 *   targets aims to hold no cash: the cash group's target is 0, and so is the target of a held
 *   symbol that the targets leave out. Without targets, every target and drift is null.
 * - By class, sector or currency, a group's target is the sum of the targets of its symbols.
 * - A symbol without a class or sector (known only from imported prices) goes to `unknown`; its
 *   currency is the instrument's quote currency (else that of its close, else of the position).
 */

export { ALLOCATION_GROUPINGS, type AllocationGrouping } from './groupings.js';
import type { AllocationGrouping } from './groupings.js';

export const CASH_GROUP = 'cash';
export const UNKNOWN_GROUP = 'unknown';

/** One instrument the allocation deals with: held at the as-of date, named in the targets, or both. */
export interface AllocationLine {
  symbol: string;
  /** Units held ('0' for a target not held). */
  quantity: string;
  /** Market value in the base currency, exact ('0' for a target not held). */
  value: string;
  /** The last close on or before the as-of date; null when not needed (a target not held, outside a rebalance). */
  close: PricePoint | null;
  /** How many base-currency units one unit of the close's currency buys; null with `close`. */
  rate: string | null;
  class: string | null;
  sector: string | null;
  /** The instrument's quote currency. */
  currency: string;
}

export interface AllocationInput {
  /** The base currency. */
  currency: string;
  lines: AllocationLine[];
  /** Cash in every currency, converted to the base currency (may be negative). */
  cash: string;
  /** Symbol → percent (exact, adding up to 100), or {} when the portfolio has none. */
  targets: Record<string, string>;
  /** The oldest close the values use (null when none). */
  pricesAsOf?: string | null;
}

export interface AllocationGroup {
  key: string;
  /** Value in the base currency. */
  value: string;
  /** value / total; null when the total is not positive. */
  weight: number | null;
  /** Target share of the total; null when the portfolio has no targets. */
  target: number | null;
  /** weight − target (a fraction: 0.05 is 5 percentage points over); null without a target or weight. */
  drift: number | null;
  /** value − target × total in the base currency (positive: overweight by that much); null without a target. */
  difference: string | null;
}

export interface Allocation {
  /** Positions plus cash, in the base currency. */
  total: string;
  groups: AllocationGroup[];
}

const HUNDRED = dec('100');

/** A ratio of two exact amounts as a float; null when the denominator is not positive. */
export function ratio(numerator: Decimal, denominator: Decimal): number | null {
  if (denominator.lte(ZERO)) return null;
  return Number(numerator.div(denominator).toFixed());
}

export function groupKey(line: AllocationLine, by: AllocationGrouping): string {
  switch (by) {
    case 'symbol':
      return line.symbol;
    case 'class':
      return line.class ?? UNKNOWN_GROUP;
    case 'sector':
      return line.sector ?? UNKNOWN_GROUP;
    case 'currency':
      return line.currency;
  }
}

export const hasTargets = (targets: Record<string, string>) => Object.keys(targets).length > 0;

/** A target percentage as an exact fraction (`40` → 0.4). */
export const targetFraction = (targets: Record<string, string>, symbol: string): Decimal =>
  Object.hasOwn(targets, symbol) ? dec(targets[symbol]!).div(HUNDRED) : ZERO;

interface GroupSums {
  value: Decimal;
  target: Decimal;
}

/** Builds groups from exact sums; the cash group comes last, the others by value (largest first), then key. */
export function groupsFrom(sums: Map<string, GroupSums>, cash: Decimal, total: Decimal, withTargets: boolean): AllocationGroup[] {
  const group = (key: string, { value, target }: GroupSums): AllocationGroup => {
    const weight = ratio(value, total);
    const share = total.gt(ZERO) ? value.div(total) : null;
    return {
      key,
      value: decString(value),
      weight,
      target: withTargets ? Number(target.toFixed()) : null,
      drift: withTargets && share !== null ? Number(share.minus(target).toFixed()) : null,
      difference: withTargets ? decString(value.minus(total.times(target))) : null,
    };
  };
  const groups = [...sums]
    .sort(([ka, a], [kb, b]) => b.value.cmp(a.value) || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([key, sums]) => group(key, sums));
  if (!cash.eq(ZERO)) groups.push(group(CASH_GROUP, { value: cash, target: ZERO }));
  return groups;
}

/** Weights of each group in the total, with targets and drift where the portfolio has targets. */
export function computeAllocation(input: AllocationInput, by: AllocationGrouping): Allocation {
  const withTargets = hasTargets(input.targets);
  const cash = dec(input.cash);
  const sums = new Map<string, GroupSums>();
  let total = cash;
  for (const line of input.lines) {
    const value = dec(line.value);
    total = total.plus(value);
    const key = groupKey(line, by);
    const sum = sums.get(key) ?? { value: ZERO, target: ZERO };
    sums.set(key, { value: sum.value.plus(value), target: sum.target.plus(targetFraction(input.targets, line.symbol)) });
  }
  return { total: decString(total), groups: groupsFrom(sums, cash, total, withTargets) };
}
