import type { PeriodName } from './types.js';

import { isWeekday, shiftDate as addDays, subtractMonths, weekday, weekdayBefore, weekdays } from '../dates.js';

export { addDays, isWeekday, subtractMonths, weekday, weekdayBefore, weekdays };

/** Weekdays after `from` up to and including `to` (0 when `to` is not later). */
export function weekdaysAfter(from: string, to: string): number {
  return from >= to ? 0 : weekdays(addDays(from, 1), to).length;
}

const MONTHS: Record<'1m' | '3m' | '1y' | '3y' | '5y', number> = { '1m': 1, '3m': 3, '1y': 12, '3y': 36, '5y': 60 };

/**
 * FROM of a named period ending on `end`: the day after the same date N months earlier, so the
 * period is measured from that date's value (`1y` to 2026-06-30 is 2025-07-01..2026-06-30, from
 * the close of 2025-06-30); `1d` is `end` itself (from the last valuation day before it), `1w` the
 * six days before too; `ytd`, `qtd`, `mtd` and `wtd` start on the first day of `end`'s year,
 * quarter, month and (Monday-based) week; null for `max` (everything).
 */
export function periodStart(period: PeriodName, end: string): string | null {
  switch (period) {
    case 'max':
      return null;
    case '1d':
      return end;
    case '1w':
      return addDays(end, -6);
    case 'wtd':
      return addDays(end, -weekday(end));
    case 'mtd':
      return `${end.slice(0, 7)}-01`;
    case 'qtd': {
      const month = Math.floor((Number(end.slice(5, 7)) - 1) / 3) * 3 + 1;
      return `${end.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
    }
    case 'ytd':
      return `${end.slice(0, 4)}-01-01`;
    default:
      return addDays(subtractMonths(end, MONTHS[period]), 1);
  }
}
