import type { PeriodName } from './types.js';

const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar date `days` after `date` (before, when negative), in UTC. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return iso(Date.UTC(y, m - 1, d) + days * DAY_MS);
}

/** The same day `months` earlier, clamped to the end of a shorter month (31 March − 1 month = 28 February). */
export function subtractMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return iso(Date.UTC(year, month, Math.min(d, lastDay)));
}

/** Monday 0 … Sunday 6. */
export function weekday(date: string): number {
  const [y, m, d] = parts(date);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export const isWeekday = (date: string) => weekday(date) < 5;

/** Every Monday to Friday from `from` to `to`, inclusive. */
export function weekdays(from: string, to: string): string[] {
  const days: string[] = [];
  const [y, m, d] = parts(from);
  const last = Date.UTC(...(parts(to).map((v, i) => (i === 1 ? v - 1 : v)) as [number, number, number]));
  for (let ms = Date.UTC(y, m - 1, d), day = weekday(from); ms <= last; ms += DAY_MS, day = (day + 1) % 7) {
    if (day < 5) days.push(iso(ms));
  }
  return days;
}

/** The last weekday before `date`. */
export function weekdayBefore(date: string): string {
  let day = addDays(date, -1);
  while (!isWeekday(day)) day = addDays(day, -1);
  return day;
}

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
