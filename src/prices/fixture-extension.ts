import { sql } from 'kysely';
import { digits, pow10, roundDiv } from '../core/ledger/fixed-point.js';
import type { Database } from '../db/connect.js';
import { FIXTURE_VERSION_KEY, readMarketState, writeMarketState } from '../db/repositories/market.js';
import { shiftDate, weekdays } from '../core/dates.js';

/**
 * The mock feed goes on past the last day of fixtures/prices.csv and fx.csv, up to today, so the
 * demo is never stale. Each new weekday continues the walk from the previous close by a step drawn
 * from a hash of (symbol, date): integer arithmetic only, so every machine computes the same close
 * for the same date, whatever day it runs. Extended rows are stored as fixture rows once a day.
 */

export const FIXTURE_EXTENDED_KEY = 'fixture_extended_to';

/** Largest daily move, in thousandths of a percent (2% for closes, 0.5% for FX rates). */
const PRICE_STEP = 2000;
const FX_STEP = 500;

/** FNV-1a, then a mulberry32-style finaliser: 32 well-mixed bits from a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), h | 1);
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61);
  return (h ^ (h >>> 14)) >>> 0;
}

/** The step of `key` on `date`: a triangular draw from −max to +max, in thousandths of a percent. */
export function stepOf(key: string, date: string, max: number): number {
  const h = hash32(`${key}|${date}`);
  const triangle = (h & 0xffff) + (h >>> 16) - 0xffff;
  return Math.round((triangle * max) / 0xffff);
}

function format(units: bigint, places: number): string {
  const text = units.toString().padStart(places + 1, '0');
  const integer = text.slice(0, text.length - places);
  const fraction = text.slice(text.length - places).replace(/0+$/, '');
  return fraction ? `${integer}.${fraction}` : integer;
}

/** value × (1 + step / 100,000), rounded half-even to `minPlaces` or the value's own places. */
export function nextValue(value: string, step: number, minPlaces: number): string {
  const { units, places: own } = digits(value);
  const places = Math.max(own, minPlaces);
  const scaled = units * pow10(places - own);
  return format(roundDiv(scaled * BigInt(100_000 + step), 100_000n), places);
}

/** Weekdays after `after`, up to and including `through` (both YYYY-MM-DD). */
export function weekdaysBetween(after: string, through: string): string[] {
  return weekdays(shiftDate(after, 1), through);
}

/** The walk of one series from its last point to `through`. */
export function extendSeries(key: string, last: { date: string; value: string }, through: string, max: number, minPlaces: number) {
  const points: Array<{ date: string; value: string }> = [];
  let value = last.value;
  for (const date of weekdaysBetween(last.date, through)) {
    value = nextValue(value, stepOf(key, date, max), minPlaces);
    points.push({ date, value });
  }
  return points;
}

/** Extends the stored fixture series to `today`, once per day and fixture version. */
export async function ensureFixturesExtended(database: Database, today: string): Promise<void> {
  const { db } = database;
  const [version, extended] = await Promise.all([readMarketState(db, FIXTURE_VERSION_KEY), readMarketState(db, FIXTURE_EXTENDED_KEY)]);
  const stamp = `${version}|${today}`;
  if (extended !== null && extended >= stamp && extended.startsWith(`${version}|`)) return;
  await db.transaction().execute(async (trx) => {
    const lastCloses = await sql<{ symbol: string; date: string; close: string; currency: string }>`
      select p.symbol, p.date, p.close, p.currency from prices p
      join (select symbol, max(date) as date from prices where source = 'fixture' group by symbol) m on m.symbol = p.symbol and m.date = p.date
      where p.source = 'fixture'`.execute(trx);
    const lastRates = await sql<{ base: string; quote: string; date: string; rate: string }>`
      select f.base, f.quote, f.date, f.rate from fx_rates f
      join (select base, quote, max(date) as date from fx_rates where source = 'fixture' group by base, quote) m
        on m.base = f.base and m.quote = f.quote and m.date = f.date
      where f.source = 'fixture'`.execute(trx);
    const prices = lastCloses.rows.flatMap((row) =>
      extendSeries(row.symbol, { date: row.date, value: String(row.close) }, today, PRICE_STEP, 2).map((p) => ({
        symbol: row.symbol,
        date: p.date,
        close: p.value,
        currency: row.currency,
        source: 'fixture' as const,
      })),
    );
    const rates = lastRates.rows.flatMap((row) =>
      extendSeries(`fx:${row.base}${row.quote}`, { date: row.date, value: String(row.rate) }, today, FX_STEP, 6).map((p) => ({
        base: row.base,
        quote: row.quote,
        date: p.date,
        rate: p.value,
        source: 'fixture' as const,
      })),
    );
    for (let i = 0; i < prices.length; i += 500) {
      await trx.insertInto('prices').values(prices.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
    }
    for (let i = 0; i < rates.length; i += 500) {
      await trx.insertInto('fx_rates').values(rates.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
    }
    await writeMarketState(trx, FIXTURE_EXTENDED_KEY, stamp);
  });
}
