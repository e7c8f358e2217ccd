import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  daysBetween,
  isCalendarDate,
  isoWeek,
  isoWeekStart,
  parseDuration,
  shiftDate,
  subtractMonths,
  toCalendarDate,
  utcCalendarDate,
  weekday,
  weekdayBefore,
  weekdays,
} from '../../src/core/dates.js';

/**
 * Calendar dates must not move with the host's zone: every case runs in UTC, in zones whose
 * daylight-saving change falls inside the ranges below (New York 2024-03-10 and 2024-11-03, Berlin
 * 2024-03-31), in Santiago (clocks jump at midnight: 2024-09-08 00:00 does not exist there) and
 * in Kiritimati (UTC+14). Node re-reads TZ when it is assigned.
 */
describe.each(['UTC', 'America/New_York', 'Europe/Berlin', 'America/Santiago', 'Pacific/Kiritimati'])('calendar dates with TZ=%s', (zone) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'], // 2024 is a leap year
    ['2023-02-28', 1, '2023-03-01'], // 2023 is not
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'], // year end
    ['2024-01-31', 30, '2024-03-01'], // 31 Jan + 29 (Feb) + 1
    ['2024-03-09', 2, '2024-03-11'], // across New York's spring change
    ['2024-11-02', 2, '2024-11-04'], // across New York's autumn change
    ['2024-03-30', 2, '2024-04-01'], // across Berlin's
    ['2024-09-07', 1, '2024-09-08'], // Santiago's missing midnight
    ['2024-09-08', -1, '2024-09-07'],
    ['2000-02-28', 1, '2000-02-29'], // divisible by 400: leap
    ['1900-02-28', 1, '1900-03-01'], // divisible by 100 only: not leap
  ])('shiftDate(%s, %i) = %s', (date, days, expected) => {
    expect(shiftDate(date, days)).toBe(expected);
  });

  it.each([
    ['2024-03-31', 1, '2024-02-29'], // clamped to the end of February, leap year
    ['2023-03-31', 1, '2023-02-28'],
    ['2024-05-31', 3, '2024-02-29'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2025-01-15', 12, '2024-01-15'],
    ['2024-10-31', 1, '2024-09-30'],
  ])('subtractMonths(%s, %i) = %s', (date, months, expected) => {
    expect(subtractMonths(date, months)).toBe(expected);
  });

  it('daysBetween counts calendar days, across leap days and clock changes', () => {
    expect(daysBetween('2024-03-09', '2024-03-11')).toBe(2);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2); // 28, 29 Feb, 1 Mar
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366);
    expect(daysBetween('2024-10-27', '2024-11-10')).toBe(14); // Berlin's and New York's autumn changes inside
  });

  it('weekdays: Monday 0 … Sunday 6, and the weekdays of a range', () => {
    expect(weekday('2024-03-10')).toBe(6); // a Sunday
    expect(weekday('2024-03-11')).toBe(0); // a Monday
    expect(weekdays('2024-03-08', '2024-03-12')).toEqual(['2024-03-08', '2024-03-11', '2024-03-12']); // Fri, (Sat, Sun), Mon, Tue
    expect(weekdays('2024-03-12', '2024-03-08')).toEqual([]);
  });

  it.each([
    ['2024-03-11', '2024-03-08'], // Monday → Friday
    ['2024-03-10', '2024-03-08'], // Sunday → Friday
    ['2024-03-09', '2024-03-08'], // Saturday → Friday
    ['2024-03-13', '2024-03-12'], // Wednesday → Tuesday
    ['2024-01-01', '2023-12-29'], // over New Year
  ])('weekdayBefore(%s) = %s', (date, expected) => {
    expect(weekdayBefore(date)).toBe(expected);
  });

  it.each([
    ['2021-01-03', '2020-W53', '2020-12-28'], // a Sunday in 2021 that belongs to 2020's 53rd week
    ['2024-12-30', '2025-W01', '2024-12-30'], // a Monday of 2024 in 2025's first week
    ['2026-01-01', '2026-W01', '2025-12-29'], // a Thursday: week 1 of its own year
    ['2024-03-10', '2024-W10', '2024-03-04'],
  ])('%s is in ISO week %s, which starts on %s', (date, week, monday) => {
    expect(isoWeek(date)).toBe(week);
    expect(isoWeekStart(date)).toBe(monday);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-1-01', false],
  ])('isCalendarDate(%s) = %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it('a timestamp’s UTC date does not depend on the zone', () => {
    expect(utcCalendarDate(new Date('2024-03-10T23:30:00Z'))).toBe('2024-03-10');
    expect(utcCalendarDate(new Date('2024-03-10T00:30:00Z'))).toBe('2024-03-10');
  });
});

describe('today is the user’s calendar date', () => {
  const saved = process.env.TZ;
  afterAll(() => {
    process.env.TZ = saved;
  });
  it.each([
    ['UTC', '2024-03-10T06:30:00Z', '2024-03-10'],
    ['America/New_York', '2024-03-10T06:30:00Z', '2024-03-10'], // 01:30 EST, before the change
    ['America/New_York', '2024-03-10T03:30:00Z', '2024-03-09'], // 22:30 EST the evening before
    ['Pacific/Kiritimati', '2024-03-10T12:00:00Z', '2024-03-11'], // UTC+14: already tomorrow
  ])('TZ=%s at %s: %s', (zone, instant, expected) => {
    process.env.TZ = zone;
    expect(toCalendarDate(new Date(instant))).toBe(expected);
  });
});

describe('parseDuration', () => {
  it.each([
    ['12h', 12 * 3_600_000], // 43,200,000
    ['90d', 7_776_000_000], // 90 × 86,400,000
    ['2w', 1_209_600_000], // 14 days
    ['6m', 15_552_000_000], // 180 days: a month token is 30 days
    ['1y', 31_536_000_000], // 365 days
    ['0d', null],
    ['5x', null],
    ['1.5d', null],
  ])('%s → %s ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});
