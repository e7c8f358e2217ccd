import { sql, type Kysely, type Transaction as KyselyTransaction } from 'kysely';
import { dec } from '../../core/decimal.js';
import type { FetchedSeries, MarketEvent } from '../../core/market/feed.js';
import type { FxRow, MarketDataSource, PriceRow, ProviderId } from '../../core/market/types.js';
import type { FxPoint, PricePoint } from '../../core/ports.js';
import type { Database } from '../connect.js';
import type { Schema } from '../schema.js';
import {
  registerImportedSymbols,
  selectOwnedCloses,
  selectOwnedCloseSeries,
  selectOwnedFirstDate,
  selectOwnedFxRate,
  selectOwnedFxRateSeries,
  selectOwnedLatestClose,
  upsertOwnedCloses,
  upsertOwnedFxRates,
  type CloseOwner,
  type RateOwner,
} from './owned-series.js';

type Db = Kysely<Schema> | KyselyTransaction<Schema>;

/**
 * Market data beyond the fixture feed: closes and rates one account imported (they are that
 * account's alone), and what providers fetched (shared, tagged with source and fetch time).
 */

const accountCloses = (userId: string): CloseOwner => ({ table: 'account_prices', column: 'user_id', id: userId });
const accountRates = (userId: string): RateOwner => ({ table: 'account_fx_rates', column: 'user_id', id: userId });

// ---- an account's own imported closes and rates ------------------------------------------------

export function selectAccountCloses(db: Db, userId: string, symbol: string, from: string, to: string): Promise<PricePoint[]> {
  return selectOwnedCloses(db, accountCloses(userId), symbol, from, to);
}

/** Every symbol's carry-in close on or before `start` and its closes up to `end` (see `selectOwnedCloseSeries`). */
export function selectAccountCloseSeries(database: Database, userId: string, symbols: readonly string[], start: string, end: string): Promise<Map<string, PricePoint[]>> {
  return selectOwnedCloseSeries(database, accountCloses(userId), symbols, start, end);
}

export function selectAccountLatestClose(db: Db, userId: string, symbol: string, onOrBefore: string): Promise<PricePoint | null> {
  return selectOwnedLatestClose(db, accountCloses(userId), symbol, onOrBefore);
}

export function selectAccountFirstDate(db: Db, userId: string, symbol: string): Promise<string | null> {
  return selectOwnedFirstDate(db, accountCloses(userId), symbol);
}

export function selectAccountFxRate(db: Db, userId: string, base: string, quote: string, date: string): Promise<string | null> {
  return selectOwnedFxRate(db, accountRates(userId), base, quote, date);
}

export function selectAccountFxRateSeries(db: Db, userId: string, base: string, quote: string, from: string, to: string): Promise<FxPoint[]> {
  return selectOwnedFxRateSeries(db, accountRates(userId), base, quote, from, to);
}

/**
 * Upserts one account's imported closes in one transaction (a day imported again gets the new
 * close). A symbol no instrument knows is registered (name = symbol, no class), as before.
 */
export async function upsertAccountPrices(database: Database, userId: string, rows: PriceRow[], at: string): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await registerImportedSymbols(trx, rows);
    await upsertOwnedCloses(trx, accountCloses(userId), rows, 'imported_at', at);
  });
}

/** Upserts one account's imported FX rates in one transaction. */
export async function upsertAccountFxRates(database: Database, userId: string, rows: FxRow[], at: string): Promise<void> {
  await database.db.transaction().execute((trx) => upsertOwnedFxRates(trx, accountRates(userId), rows, { column: 'imported_at', at }));
}

// ---- what providers fetched -----------------------------------------------------------------------

export async function lastStoredDate(db: Db, source: MarketDataSource, symbol: string): Promise<string | null> {
  const row = await db.selectFrom('prices').select('date').where('symbol', '=', symbol).where('source', '=', source).orderBy('date', 'desc').limit(1).executeTakeFirst();
  return row?.date ?? null;
}

export async function listEvents(db: Db, symbol: string, sources: MarketDataSource[], kind?: MarketEvent['kind']): Promise<Array<MarketEvent & { source: MarketDataSource }>> {
  if (sources.length === 0) return [];
  let query = db.selectFrom('market_events').select(['symbol', 'date', 'kind', 'value', 'currency', 'source']).where('symbol', '=', symbol).where('source', 'in', sources);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('date').orderBy('kind').execute();
}

export interface SavedSeries {
  /** Closes that were new or differed from the stored ones. */
  changed: number;
  events: number;
}

/**
 * Stores one symbol's fetched series all or nothing (one transaction): closes that are new or
 * changed (tagged with the source and `fetchedAt`), its events, and its instrument (inserted when
 * unknown; the exchange and type recorded either way).
 */
export async function saveProviderSeries(database: Database, source: ProviderId, series: FetchedSeries, fetchedAt: string): Promise<SavedSeries> {
  const { sqlite } = database.capabilities;
  if (sqlite) return saveOnSqlite(sqlite, source, series, fetchedAt);
  const { closes, events, instrument } = series;
  return database.db.transaction().execute(async (trx) => {
    const stored = closes.length
      ? await trx
          .selectFrom('prices')
          .select(['date', 'close', 'currency'])
          .where('symbol', '=', instrument.symbol)
          .where('source', '=', source)
          .where('date', '>=', closes[0]!.date)
          .where('date', '<=', closes.at(-1)!.date)
          .execute()
      : [];
    const changed = changedCloses(closes, stored);
    await upsertOwnedCloses(trx, { table: 'prices', column: 'source', id: source }, changed, 'fetched_at', fetchedAt);
    if (events.length) {
      await trx
        .insertInto('market_events')
        .values(events.map((e) => ({ symbol: e.symbol, date: e.date, kind: e.kind, value: e.value, currency: e.currency, source, fetched_at: fetchedAt })))
        .onConflict((oc) => oc.columns(['symbol', 'source', 'kind', 'date']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), currency: eb.ref('excluded.currency'), fetched_at: eb.ref('excluded.fetched_at') })))
        .execute();
    }
    await trx
      .insertInto('instruments')
      .values({ symbol: instrument.symbol, name: instrument.name, class: instrument.class, sector: null, currency: instrument.currency, source, exchange: instrument.exchange, type: instrument.type })
      .onConflict((oc) => oc.column('symbol').doUpdateSet({ exchange: instrument.exchange, type: instrument.type }))
      .execute();
    return { changed: changed.length, events: events.length };
  });
}

/** Closes that are new, or whose close or currency differ from the stored row of their day. */
function changedCloses(closes: PriceRow[], stored: Array<{ date: string; close: string; currency: string }>): PriceRow[] {
  const before = new Map(stored.map((row) => [row.date, row]));
  return closes.filter((row) => {
    const old = before.get(row.date);
    return !old || old.currency !== row.currency || (old.close !== row.close && !dec(old.close).eq(dec(row.close)));
  });
}

/** SQLite: prepared statements in one IMMEDIATE transaction (a statement per row beats a 3,000-parameter one). */
function saveOnSqlite(sqlite: import('better-sqlite3').Database, source: ProviderId, { closes, events, instrument }: FetchedSeries, fetchedAt: string): SavedSeries {
  const save = sqlite.transaction((): SavedSeries => {
    const stored = closes.length
      ? (sqlite
          .prepare('select date, close, currency from prices where symbol = ? and source = ? and date >= ? and date <= ?')
          .all(instrument.symbol, source, closes[0]!.date, closes.at(-1)!.date) as Array<{ date: string; close: string; currency: string }>)
      : [];
    const changed = changedCloses(closes, stored);
    const price = sqlite.prepare(
      `insert into prices (symbol, date, close, currency, source, fetched_at) values (?, ?, ?, ?, ?, ?)
       on conflict (symbol, source, date) do update set close = excluded.close, currency = excluded.currency, fetched_at = excluded.fetched_at`,
    );
    for (const r of changed) price.run(r.symbol, r.date, r.close, r.currency, source, fetchedAt);
    const event = sqlite.prepare(
      `insert into market_events (symbol, date, kind, value, currency, source, fetched_at) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (symbol, source, kind, date) do update set value = excluded.value, currency = excluded.currency, fetched_at = excluded.fetched_at`,
    );
    for (const e of events) event.run(e.symbol, e.date, e.kind, e.value, e.currency, source, fetchedAt);
    sqlite
      .prepare(
        `insert into instruments (symbol, name, class, sector, currency, source, exchange, type) values (?, ?, ?, null, ?, ?, ?, ?)
         on conflict (symbol) do update set exchange = excluded.exchange, type = excluded.type`,
      )
      .run(instrument.symbol, instrument.name, instrument.class, instrument.currency, source, instrument.exchange, instrument.type);
    return { changed: changed.length, events: events.length };
  });
  return save.immediate();
}

/** The last date a source has a rate of every one of these pairs (null when one has none). */
export async function lastFxDate(db: Db, source: MarketDataSource, base: string, quotes: string[]): Promise<string | null> {
  let last: string | null = null;
  for (const quote of quotes) {
    const row = await db.selectFrom('fx_rates').select('date').where('source', '=', source).where('base', '=', base).where('quote', '=', quote).orderBy('date', 'desc').limit(1).executeTakeFirst();
    if (!row) return null;
    if (last === null || row.date < last) last = row.date;
  }
  return last;
}

/** Stores fetched FX rates all or nothing; returns how many were new or changed. */
export async function saveProviderRates(database: Database, source: ProviderId, rows: FxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return database.db.transaction().execute(async (trx) => {
    const from = rows.reduce((min, r) => (r.date < min ? r.date : min), rows[0]!.date);
    const stored = await trx.selectFrom('fx_rates').select(['base', 'quote', 'date', 'rate']).where('source', '=', source).where('date', '>=', from).execute();
    const before = new Map(stored.map((r) => [`${r.base}${r.quote}${r.date}`, r.rate]));
    const changed = rows.filter((r) => {
      const old = before.get(`${r.base}${r.quote}${r.date}`);
      return old === undefined || !dec(old).eq(dec(r.rate));
    });
    await upsertOwnedFxRates(trx, { table: 'fx_rates', column: 'source', id: source }, changed);
    return changed.length;
  });
}

// ---- what an account holds and watches ----------------------------------------------------------

/** Symbols of every portfolio the account owns or is a member of, and of its alerts. */
export async function accountSymbols(db: Db, userId: string): Promise<string[]> {
  const result = await sql<{ symbol: string }>`
    select distinct t.symbol as symbol from transactions t
    where t.symbol is not null and t.portfolio_id in (
      select id from portfolios where user_id = ${userId}
      union select portfolio_id from portfolio_members where user_id = ${userId})
    union select a.symbol as symbol from alerts a where a.user_id = ${userId} and a.symbol is not null`.execute(db);
  return result.rows.map((r) => r.symbol).sort();
}

/** Currencies the account's portfolios are kept or traded in. */
export async function accountCurrencies(db: Db, userId: string): Promise<string[]> {
  const result = await sql<{ currency: string }>`
    with visible as (select id from portfolios where user_id = ${userId} union select portfolio_id from portfolio_members where user_id = ${userId})
    select distinct base_currency as currency from portfolios where id in (select id from visible)
    union select distinct currency from transactions where portfolio_id in (select id from visible)`.execute(db);
  return result.rows.map((r) => r.currency).sort();
}

/** The first trade date of a symbol in the account's portfolios, or null. */
export async function firstTradeDate(db: Db, userId: string, symbol: string): Promise<string | null> {
  const result = await sql<{ date: string | null }>`
    select min(date) as date from transactions where symbol = ${symbol} and portfolio_id in (
      select id from portfolios where user_id = ${userId} union select portfolio_id from portfolio_members where user_id = ${userId})`.execute(db);
  return result.rows[0]?.date ?? null;
}
