import { sql, type Kysely, type Transaction as KyselyTransaction } from 'kysely';
import type { FxRow, Instrument, InstrumentClass, MarketDataSource, PriceRow, Split } from '../../core/market/types.js';
import type { PricePoint } from '../../core/ports.js';
import type { Database } from '../connect.js';
import type { InstrumentsTable, Schema } from '../schema.js';
import {
  newSymbolCurrencies,
  registerImportedSymbols,
  selectOwnedCloses,
  selectOwnedCloseSeries,
  selectOwnedFirstDate,
  selectOwnedFxRate,
  selectOwnedFxRateSeries,
  selectOwnedLatestClose,
  type CloseOwner,
  type RateOwner,
} from './owned-series.js';

type Db = Kysely<Schema> | KyselyTransaction<Schema>;

/**
 * Market data storage: instruments, closes, FX rates and splits, each row tagged with its source.
 * Reads are per source; the chain of sources is the price layer's business (src/prices/).
 */

export function toInstrument(row: InstrumentsTable): Instrument {
  return {
    symbol: row.symbol,
    name: row.name,
    class: row.class as InstrumentClass | null,
    sector: row.sector,
    currency: row.currency,
    source: row.source,
  };
}

export async function listInstruments(db: Db): Promise<Instrument[]> {
  return (await db.selectFrom('instruments').selectAll().orderBy('symbol').execute()).map(toInstrument);
}

export async function findInstrument(db: Db, symbol: string): Promise<Instrument | null> {
  const row = await db.selectFrom('instruments').selectAll().where('symbol', '=', symbol).executeTakeFirst();
  return row ? toInstrument(row) : null;
}

export async function listSplits(db: Db, symbol: string): Promise<Split[]> {
  return db.selectFrom('splits').select(['symbol', 'date', 'ratio']).where('symbol', '=', symbol).orderBy('date').orderBy('source').execute();
}

export function selectCloses(db: Db, source: MarketDataSource, symbol: string, from: string, to: string): Promise<PricePoint[]> {
  return selectOwnedCloses(db, sourceCloses(source), symbol, from, to);
}

/** Every symbol's carry-in close on or before `start` and its closes up to `end` (see `selectOwnedCloseSeries`). */
export function selectCloseSeries(database: Database, source: MarketDataSource, symbols: readonly string[], start: string, end: string): Promise<Map<string, PricePoint[]>> {
  return selectOwnedCloseSeries(database, sourceCloses(source), symbols, start, end);
}

export function selectLatestClose(db: Db, source: MarketDataSource, symbol: string, onOrBefore: string): Promise<PricePoint | null> {
  return selectOwnedLatestClose(db, sourceCloses(source), symbol, onOrBefore);
}

export function selectFirstDate(db: Db, source: MarketDataSource, symbol: string): Promise<string | null> {
  return selectOwnedFirstDate(db, sourceCloses(source), symbol);
}

/** The stored rate of exactly this pair, last on or before the date. */
export function selectFxRate(db: Db, source: MarketDataSource, base: string, quote: string, date: string): Promise<string | null> {
  return selectOwnedFxRate(db, sourceRates(source), base, quote, date);
}

/** The stored rates of exactly this pair: the last on or before `from`, then every one up to `to`, oldest first. */
export function selectFxRateSeries(db: Db, source: MarketDataSource, base: string, quote: string, from: string, to: string): Promise<Array<{ date: string; rate: string }>> {
  return selectOwnedFxRateSeries(db, sourceRates(source), base, quote, from, to);
}

const sourceCloses = (source: MarketDataSource): CloseOwner => ({ table: 'prices', column: 'source', id: source });
const sourceRates = (source: MarketDataSource): RateOwner => ({ table: 'fx_rates', column: 'source', id: source });

export async function readMarketState(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('market_data_state').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function writeMarketState(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('market_data_state')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

// ---- the fixture feed's cache ----------------------------------------------------------------

export interface FixtureData {
  instruments: Instrument[];
  prices: PriceRow[];
  fx: FxRow[];
  splits: Split[];
}

export interface FixtureStamp {
  version: string;
  loadedAt: string;
}

export const FIXTURE_VERSION_KEY = 'fixture_version';
export const FIXTURE_LOADED_AT_KEY = 'fixture_loaded_at';
/** Sizes and modification times of the fixture files the stored version was last checked against. */
export const FIXTURE_FILES_KEY = 'fixture_files';

/**
 * Replaces every fixture row with `data` and records its version, in one transaction, unless
 * another process loaded this version meanwhile (the version is read again under a write lock).
 * Returns false when there was nothing to do. Imported rows are never touched.
 */
export async function replaceFixtureData(database: Database, data: () => FixtureData, stamp: FixtureStamp): Promise<boolean> {
  const { sqlite } = database.capabilities;
  if (sqlite) return replaceOnSqlite(sqlite, data, stamp);
  return database.db.transaction().execute(async (trx) => {
    // One loader at a time across processes; the others wait, then find the version loaded.
    await sql`select pg_advisory_xact_lock(hashtext('folio.market_fixtures'))`.execute(trx);
    if ((await readMarketState(trx, FIXTURE_VERSION_KEY)) === stamp.version) return false;
    await replaceOnPostgres(trx, data());
    await writeStamp(trx, stamp);
    return true;
  });
}

async function writeStamp(db: Db, stamp: FixtureStamp): Promise<void> {
  for (const [key, value] of [
    [FIXTURE_VERSION_KEY, stamp.version],
    [FIXTURE_LOADED_AT_KEY, stamp.loadedAt],
  ] as const) {
    await db
      .insertInto('market_data_state')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}

/**
 * SQLite: better-sqlite3 prepared statements in one IMMEDIATE transaction (it takes the write lock
 * first, so a second process waits for the busy timeout and then sees the version loaded). The
 * raw handle is the connection Kysely uses; nothing else runs on it meanwhile (this is synchronous).
 */
function replaceOnSqlite(sqlite: import('better-sqlite3').Database, data: () => FixtureData, stamp: FixtureStamp): boolean {
  const load = sqlite.transaction((): boolean => {
    const current = sqlite.prepare('select value from market_data_state where key = ?').pluck().get(FIXTURE_VERSION_KEY);
    if (current === stamp.version) return false;
    const { instruments, prices, fx, splits } = data();
    for (const table of ['prices', 'fx_rates', 'splits', 'instruments']) sqlite.prepare(`delete from ${table} where source = 'fixture'`).run();
    const instrument = sqlite.prepare(
      `insert into instruments (symbol, name, class, sector, currency, source) values (?, ?, ?, ?, ?, 'fixture')
       on conflict (symbol) do update set name = excluded.name, class = excluded.class, sector = excluded.sector,
       currency = excluded.currency, source = excluded.source`,
    );
    for (const i of instruments) instrument.run(i.symbol, i.name, i.class, i.sector, i.currency);
    const price = sqlite.prepare(`insert into prices (symbol, date, close, currency, source) values (?, ?, ?, ?, 'fixture')`);
    for (const p of prices) price.run(p.symbol, p.date, p.close, p.currency);
    const rate = sqlite.prepare(`insert into fx_rates (base, quote, date, rate, source) values (?, ?, ?, ?, 'fixture')`);
    for (const r of fx) rate.run(r.base, r.quote, r.date, r.rate);
    const split = sqlite.prepare(`insert into splits (symbol, date, ratio, source) values (?, ?, ?, 'fixture')`);
    for (const s of splits) split.run(s.symbol, s.date, s.ratio);
    const state = sqlite.prepare('insert into market_data_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value');
    state.run(FIXTURE_VERSION_KEY, stamp.version);
    state.run(FIXTURE_LOADED_AT_KEY, stamp.loadedAt);
    return true;
  });
  return load.immediate();
}

/** Rows per statement for the array (unnest) inserts on Postgres: a handful of parameters each. */
const UNNEST_BATCH = 20_000;

/** Postgres: one `insert … select from unnest($1::text[], …)` per batch: five parameters, not 100,000. */
async function replaceOnPostgres(trx: KyselyTransaction<Schema>, data: FixtureData): Promise<void> {
  for (const table of ['prices', 'fx_rates', 'splits', 'instruments'] as const) {
    await trx.deleteFrom(table).where('source', '=', 'fixture').execute();
  }
  for (const i of data.instruments) {
    const row = { symbol: i.symbol, name: i.name, class: i.class, sector: i.sector, currency: i.currency, source: 'fixture' as const };
    await trx
      .insertInto('instruments')
      .values(row)
      .onConflict((oc) => oc.column('symbol').doUpdateSet({ name: row.name, class: row.class, sector: row.sector, currency: row.currency, source: 'fixture' }))
      .execute();
  }
  for (let i = 0; i < data.prices.length; i += UNNEST_BATCH) {
    const batch = data.prices.slice(i, i + UNNEST_BATCH);
    await sql`insert into prices (symbol, date, close, currency, source)
      select symbol, date, close, currency, 'fixture' from unnest(
        ${batch.map((p) => p.symbol)}::text[], ${batch.map((p) => p.date)}::text[],
        ${batch.map((p) => p.close)}::numeric[], ${batch.map((p) => p.currency)}::text[]
      ) as t(symbol, date, close, currency)`.execute(trx);
  }
  for (let i = 0; i < data.fx.length; i += UNNEST_BATCH) {
    const batch = data.fx.slice(i, i + UNNEST_BATCH);
    await sql`insert into fx_rates (base, quote, date, rate, source)
      select base, quote, date, rate, 'fixture' from unnest(
        ${batch.map((r) => r.base)}::text[], ${batch.map((r) => r.quote)}::text[],
        ${batch.map((r) => r.date)}::text[], ${batch.map((r) => r.rate)}::numeric[]
      ) as t(base, quote, date, rate)`.execute(trx);
  }
  if (data.splits.length) {
    await trx
      .insertInto('splits')
      .values(data.splits.map((s) => ({ symbol: s.symbol, date: s.date, ratio: s.ratio, source: 'fixture' as const })))
      .execute();
  }
}

// ---- imported prices -------------------------------------------------------------------------

/**
 * Upserts imported closes in one transaction: a day already imported for a symbol gets the new
 * close (and currency). Symbols no instrument knows yet are registered (name = symbol, no class).
 */
export async function upsertImportedPrices(database: Database, rows: PriceRow[]): Promise<void> {
  const { sqlite } = database.capabilities;
  if (sqlite) {
    sqlite.transaction(() => {
      const instrument = sqlite.prepare(
        `insert into instruments (symbol, name, class, sector, currency, source) values (?, ?, null, null, ?, 'import') on conflict (symbol) do nothing`,
      );
      for (const [symbol, currency] of newSymbolCurrencies(rows)) instrument.run(symbol, symbol, currency);
      const price = sqlite.prepare(
        `insert into prices (symbol, date, close, currency, source) values (?, ?, ?, ?, 'import')
         on conflict (symbol, source, date) do update set close = excluded.close, currency = excluded.currency`,
      );
      for (const p of rows) price.run(p.symbol, p.date, p.close, p.currency);
    }).immediate();
    return;
  }
  await database.db.transaction().execute(async (trx) => {
    await registerImportedSymbols(trx, rows);
    for (let i = 0; i < rows.length; i += UNNEST_BATCH) {
      const batch = rows.slice(i, i + UNNEST_BATCH);
      await sql`insert into prices (symbol, date, close, currency, source)
        select symbol, date, close, currency, 'import' from unnest(
          ${batch.map((p) => p.symbol)}::text[], ${batch.map((p) => p.date)}::text[],
          ${batch.map((p) => p.close)}::numeric[], ${batch.map((p) => p.currency)}::text[]
        ) as t(symbol, date, close, currency)
        on conflict (symbol, source, date) do update set close = excluded.close, currency = excluded.currency`.execute(trx);
    }
  });
}

// ---- imported FX rates -----------------------------------------------------------------------

/** Upserts imported FX rates in one transaction: a pair and day imported before gets the new rate. */
export async function upsertImportedFxRates(database: Database, rows: FxRow[]): Promise<void> {
  const { sqlite } = database.capabilities;
  if (sqlite) {
    sqlite.transaction(() => {
      const rate = sqlite.prepare(
        `insert into fx_rates (base, quote, date, rate, source) values (?, ?, ?, ?, 'import')
         on conflict (base, quote, source, date) do update set rate = excluded.rate`,
      );
      for (const r of rows) rate.run(r.base, r.quote, r.date, r.rate);
    }).immediate();
    return;
  }
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += UNNEST_BATCH) {
      const batch = rows.slice(i, i + UNNEST_BATCH);
      await sql`insert into fx_rates (base, quote, date, rate, source)
        select base, quote, date, rate, 'import' from unnest(
          ${batch.map((r) => r.base)}::text[], ${batch.map((r) => r.quote)}::text[],
          ${batch.map((r) => r.date)}::text[], ${batch.map((r) => r.rate)}::numeric[]
        ) as t(base, quote, date, rate)
        on conflict (base, quote, source, date) do update set rate = excluded.rate`.execute(trx);
    }
  });
}
