import { daysBetween } from './calendar.js';
import { finiteOrNull } from './statistics.js';

/**
 * One valuation day of a scope, in base currency: `value` is V_d at close, `inflow` the money put
 * into the scope that day (In_d ≥ 0, counted at the start of the day) and `outflow` the money
 * taken out (Out_d ≥ 0, counted at its end). The first element is the period's starting point
 * (the last valuation day before FROM), so it yields no return itself.
 */
export interface ValuationDay {
  date: string;
  value: number;
  inflow: number;
  outflow: number;
}

export interface DailyReturn {
  date: string;
  r: number;
}

export interface IndexPoint {
  date: string;
  value: number;
}

/**
 * Daily returns r_d = (V_d + Out_d) / (V_{d−1} + In_d) − 1 (Portfolio Performance's rule: inflows
 * at the start of the day, outflows at its end) for each day with V_{d−1} + In_d > 0. A day with
 * no capital at its start (nothing held, nothing put in) adds no return.
 */
export function dailyReturns(series: readonly ValuationDay[]): DailyReturn[] {
  const returns: DailyReturn[] = [];
  for (let i = 1; i < series.length; i++) {
    const r = dailyReturn(series[i - 1]!, series[i]!);
    if (r !== null) returns.push({ date: series[i]!.date, r });
  }
  return returns;
}

function dailyReturn(previous: ValuationDay, day: ValuationDay): number | null {
  const capital = previous.value + day.inflow;
  if (!(capital > 0)) return null;
  return requireFinite((day.value + day.outflow) / capital - 1, `return on ${day.date}`);
}

/**
 * Chain-linked time-weighted return Π(1 + r_d) − 1. No returns at all (nothing was ever held)
 * compounds to 0: the empty product is 1.
 */
export function twr(returns: readonly DailyReturn[]): number {
  let growth = 1;
  for (const { r } of returns) growth *= 1 + r;
  return requireFinite(growth, 'time-weighted return') - 1;
}

/**
 * The cumulative TWR index, one point per valuation day: 1 on the starting day, then multiplied
 * by (1 + r_d) on each day that has a return and carried unchanged on days that have none.
 * Its last value minus 1 equals `twr(dailyReturns(series))`.
 */
export function twrIndex(series: readonly ValuationDay[]): IndexPoint[] {
  let level = 1;
  return series.map((day, i) => {
    const r = i === 0 ? null : dailyReturn(series[i - 1]!, day);
    if (r !== null) level = requireFinite(level * (1 + r), `TWR index on ${day.date}`);
    return { date: day.date, value: level };
  });
}

/**
 * The money-weighted return over the period itself, (1 + annual rate)^(days / 365) − 1 (hledger's
 * non-annualised IRR): null without an annual rate or a period of no length.
 */
export function periodReturn(annualRate: number | null, startDate: string, endDate: string): number | null {
  const days = daysBetween(startDate, endDate);
  if (annualRate === null || days <= 0) return null;
  return finiteOrNull((1 + annualRate) ** (days / 365) - 1);
}

/**
 * Annualised TWR (1 + TWR)^(365 / days) − 1, `days` counted from the period's start day to TO.
 * Null when the period has no length, when 1 + TWR is negative (no real root to take), or when
 * the result overflows (a big gain over a few days has no meaningful annual rate).
 */
export function annualize(totalReturn: number, startDate: string, endDate: string): number | null {
  const days = daysBetween(startDate, endDate);
  const growth = 1 + totalReturn;
  if (days <= 0 || growth < 0) return null;
  return finiteOrNull(growth ** (365 / days) - 1);
}

/**
 * Values only stop being finite when growth passes ~1e308, which no real valuation produces;
 * failing loudly beats handing NaN or Infinity to the caller.
 */
function requireFinite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} is out of range`);
  return value;
}
