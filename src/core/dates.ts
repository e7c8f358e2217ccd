import { UTCDate } from '@date-fns/utc';
import {
  addDays,
  eachDayOfInterval,
  format,
  formatISO,
  getISODay,
  getISOWeek,
  getISOWeekYear,
  isWeekend,
  startOfISOWeek,
  subBusinessDays,
  subMonths,
} from 'date-fns';
import { millisecondsInDay, millisecondsInHour, millisecondsInWeek } from 'date-fns/constants';

/**
 * Calendar dates are `YYYY-MM-DD` strings; timestamps are ISO strings in UTC. Date arithmetic is
 * date-fns on `UTCDate`s (`@date-fns/utc`), so a date never moves with the host's time zone or
 * its daylight-saving changes; only `toCalendarDate` ("today") reads the user's zone, on purpose.
 */
/** A calendar date as a date-fns date at UTC midnight (the text is trusted to be `YYYY-MM-DD`). */
const utcDay = (date: string) => new UTCDate(`${date}T00:00:00Z`);
/** The calendar date of a UTC date-fns date. */
const dateOf = (day: Date) => formatISO(day, { representation: 'date' });

export { isCalendarDate } from './calendar-date.js';

/**
 * The calendar date of an instant in the user's time zone (`TZ`, else the system's): "today" for
 * a user in Kiritimati is already tomorrow in UTC. Stored timestamps stay UTC.
 */
export function toCalendarDate(instant: Date): string {
  return format(instant, 'yyyy-MM-dd');
}

/** The calendar date of an instant in UTC (what a timestamp's first ten characters say). */
export function utcCalendarDate(instant: Date): string {
  return dateOf(new UTCDate(instant.getTime()));
}

/** The calendar date `days` after `date` (before, when negative). */
export function shiftDate(date: string, days: number): string {
  return dateOf(addDays(utcDay(date), days));
}

/** The same day `months` earlier, clamped to the end of a shorter month (31 March − 1 month = 28 or 29 February). */
export function subtractMonths(date: string, months: number): string {
  return dateOf(subMonths(utcDay(date), months));
}

/** Monday 0 … Sunday 6. */
export function weekday(date: string): number {
  return getISODay(utcDay(date)) - 1;
}

export const isWeekday = (date: string) => !isWeekend(utcDay(date));

/** Every Monday to Friday from `from` to `to`, inclusive (none when `to` is earlier). */
export function weekdays(from: string, to: string): string[] {
  if (to < from) return [];
  return eachDayOfInterval({ start: utcDay(from), end: utcDay(to) })
    .filter((day) => !isWeekend(day))
    .map(dateOf);
}

/** The last weekday before `date`. */
export function weekdayBefore(date: string): string {
  return dateOf(subBusinessDays(utcDay(date), 1));
}

/** The Monday that starts `date`'s ISO week. */
export function isoWeekStart(date: string): string {
  return dateOf(startOfISOWeek(utcDay(date)));
}

/** The ISO week of a calendar date as `YYYY-Www` (the year the week's Thursday falls in). */
export function isoWeek(date: string): string {
  const day = utcDay(date);
  return `${getISOWeekYear(day)}-W${String(getISOWeek(day)).padStart(2, '0')}`;
}

/** Calendar days from `start` to `end` (negative when `end` is earlier); analytics is the leaf that owns it. */
export { daysBetween } from '../analytics/calendar.js';

/** `today` and `yesterday` as dates (local `today` given); any other text as it is. */
export function resolveDateWord(text: string, today: string): string {
  const word = text.trim().toLowerCase();
  if (word === 'today') return today;
  if (word === 'yesterday') return shiftDate(today, -1);
  return text;
}

export { addMilliseconds } from 'date-fns';

const DURATION_PATTERN = /^(\d+)([hdwmy])$/;
/** Fixed lengths, not calendar months: a `1m` token lives 30 days whatever the month. */
const UNIT_MS: Record<string, number> = {
  h: millisecondsInHour,
  d: millisecondsInDay,
  w: millisecondsInWeek,
  m: 30 * millisecondsInDay,
  y: 365 * millisecondsInDay,
};

/** Parses durations such as `12h`, `90d`, `2w`, `6m`, `1y` into milliseconds; null when malformed. */
export function parseDuration(value: string): number | null {
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  if (amount <= 0) return null;
  return amount * UNIT_MS[match[2]!]!;
}
