/** Calendar dates are `YYYY-MM-DD` strings; timestamps are ISO strings in UTC. */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The calendar date of an instant in the user's time zone (`TZ`, else the system's): "today" for
 * a user in Kiritimati is already tomorrow in UTC. Stored timestamps stay UTC.
 */
export function toCalendarDate(instant: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(instant.getFullYear()).padStart(4, '0')}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** The calendar date `days` after `date` (before, when negative). */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** `today` and `yesterday` as dates (local `today` given); any other text as it is. */
export function resolveDateWord(text: string, today: string): string {
  const word = text.trim().toLowerCase();
  if (word === 'today') return today;
  if (word === 'yesterday') return shiftDate(today, -1);
  return text;
}

export function addMilliseconds(instant: Date, ms: number): Date {
  return new Date(instant.getTime() + ms);
}

const DURATION_PATTERN = /^(\d+)([hdwmy])$/;
const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  m: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Parses durations such as `12h`, `90d`, `2w`, `6m`, `1y` into milliseconds; null when malformed. */
export function parseDuration(value: string): number | null {
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  if (amount <= 0) return null;
  return amount * UNIT_MS[match[2]!]!;
}
