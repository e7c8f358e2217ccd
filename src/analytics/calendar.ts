import { UTCDate } from '@date-fns/utc';
import { differenceInCalendarDays } from 'date-fns';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` date at UTC midnight (never the host time zone). */
function utcDay(date: string): UTCDate {
  if (!DATE_PATTERN.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return new UTCDate(`${date}T00:00:00Z`);
}

/** Calendar days from `start` to `end` (negative when `end` is earlier). */
export function daysBetween(start: string, end: string): number {
  return differenceInCalendarDays(utcDay(end), utcDay(start));
}
