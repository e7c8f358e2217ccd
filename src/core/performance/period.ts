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

const MONTHS: Record<Exclude<PeriodName, 'ytd' | 'max'>, number> = { '1m': 1, '3m': 3, '1y': 12, '3y': 36, '5y': 60 };

/**
 * FROM of a named period ending on `end`: the day after the same date N months earlier, so the
 * period is measured from that date's value (`1y` to 2026-06-30 is 2025-07-01..2026-06-30, from
 * the close of 2025-06-30); `ytd` is 1 January of `end`'s year; null for `max` (everything).
 */
export function periodStart(period: PeriodName, end: string): string | null {
  if (period === 'max') return null;
  if (period === 'ytd') return `${end.slice(0, 4)}-01-01`;
  return addDays(subtractMonths(end, MONTHS[period]), 1);
}
