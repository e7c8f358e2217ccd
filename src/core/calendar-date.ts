import { isExists } from 'date-fns/isExists';

/**
 * Kept apart from dates.ts: `@date-fns/utc` builds Intl formatters as it loads (about 17 ms), and
 * the command declarations, loaded on every start, only need to check a date's shape.
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  return match !== null && isExists(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}
