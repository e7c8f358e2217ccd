/** Calendar dates are `YYYY-MM-DD` strings; timestamps are ISO strings in UTC. */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function toCalendarDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
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
