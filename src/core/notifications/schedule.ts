/**
 * Digest schedule and dedupe keys. Pure.
 *
 * A digest is due once per period: daily, one per calendar day of the as-of date; weekly, one per
 * ISO week (Monday to Sunday). The period is part of the notification's dedupe key, so however many
 * runs happen in a period (cron every hour, two overlapping runs, a retry after a crash), exactly one
 * digest is made in it.
 */
export type DigestFrequency = 'daily' | 'weekly';

const DAY_MS = 86_400_000;

const utcDate = (date: string) => new Date(`${date}T00:00:00Z`);
const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The ISO week of a calendar date as `YYYY-Www` (the year the week's Thursday falls in). */
export function isoWeek(date: string): string {
  const day = utcDate(date);
  const weekday = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  const thursday = new Date(day.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The period a digest of `asOf` belongs to: the date itself (daily) or its ISO week (weekly). */
export function digestPeriod(frequency: DigestFrequency, asOf: string): string {
  return frequency === 'daily' ? asOf : isoWeek(asOf);
}

/** The date a digest compares with: one day (daily) or seven days (weekly) before the as-of date. */
export function digestComparisonDate(frequency: DigestFrequency, asOf: string): string {
  return isoDate(utcDate(asOf).getTime() - (frequency === 'daily' ? 1 : 7) * DAY_MS);
}

export function addDays(date: string, days: number): string {
  return isoDate(utcDate(date).getTime() + days * DAY_MS);
}

export const digestKey = (userId: string, frequency: DigestFrequency, asOf: string) => `digest:${userId}:${frequency}:${digestPeriod(frequency, asOf)}`;

/** An alert's n-th firing: the same key whoever makes it, so it is made once. */
export const alertKey = (alertId: string, firing: number) => `alert:${alertId}:${firing}`;
