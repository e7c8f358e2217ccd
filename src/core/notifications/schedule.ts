import { isoWeek, shiftDate as addDays } from '../dates.js';

/**
 * Digest schedule and dedupe keys. Pure.
 *
 * A digest is due once per period: daily, one per calendar day of the as-of date; weekly, one per
 * ISO week (Monday to Sunday). The period is part of the notification's dedupe key, so however many
 * runs happen in a period (cron every hour, two overlapping runs, a retry after a crash), exactly one
 * digest is made in it.
 */
export type DigestFrequency = 'daily' | 'weekly';

export { addDays, isoWeek };

/** The period a digest of `asOf` belongs to: the date itself (daily) or its ISO week (weekly). */
export function digestPeriod(frequency: DigestFrequency, asOf: string): string {
  return frequency === 'daily' ? asOf : isoWeek(asOf);
}

/** The date a digest compares with: one day (daily) or seven days (weekly) before the as-of date. */
export function digestComparisonDate(frequency: DigestFrequency, asOf: string): string {
  return addDays(asOf, frequency === 'daily' ? -1 : -7);
}

export const digestKey = (userId: string, frequency: DigestFrequency, asOf: string) => `digest:${userId}:${frequency}:${digestPeriod(frequency, asOf)}`;

/** An alert's n-th firing: the same key whoever makes it, so it is made once. */
export const alertKey = (alertId: string, firing: number) => `alert:${alertId}:${firing}`;
