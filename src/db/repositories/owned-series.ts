import { sql, type Kysely, type Transaction as KyselyTransaction } from 'kysely';
import type { FxRow, MarketDataSource, PriceRow } from '../../core/market/types.js';
import type { FxPoint, PricePoint } from '../../core/ports.js';
import type { Database } from '../connect.js';
import type { Schema } from '../schema.js';

type Db = Kysely<Schema> | KyselyTransaction<Schema>;

/**
 * The queries and upserts of closes and FX rates, whoever owns the rows: the shared tables
 * (`prices`, `fx_rates`, one set of rows per source) and an account's own imported ones
 * (`account_prices`, `account_fx_rates`, one set per user) differ only in table and owner column.
 */

/** Whose closes: a source's in `prices`, or one account's in `account_prices`. */
export type CloseOwner = { table: 'prices'; column: 'source'; id: MarketDataSource } | { table: 'account_prices'; column: 'user_id'; id: string };
/** Whose FX rates: a source's in `fx_rates`, or one account's in `account_fx_rates`. */
export type RateOwner = { table: 'fx_rates'; column: 'source'; id: MarketDataSource } | { table: 'account_fx_rates'; column: 'user_id'; id: string };

/** When a row was written: a provider's fetch or an account's import. */
type StampColumn = 'fetched_at' | 'imported_at';
type Owned = { source?: string; user_id?: string; fetched_at?: string | null; imported_at?: string };

/**
 * The tables of both owners seen as one shape, so one query serves either (the owner column is
 * always the one `CloseOwner`/`RateOwner` pairs with the table; the casts below only widen types).
 */
interface OwnedSchema {
  prices: { symbol: string; date: string; close: string; currency: string } & Owned;
  account_prices: OwnedSchema['prices'];
  fx_rates: { base: string; quote: string; date: string; rate: string } & Owned;
  account_fx_rates: OwnedSchema['fx_rates'];
}
const widen = (db: Db) => db as unknown as Kysely<OwnedSchema>;

/** Rows per insert statement (a few parameters each, well under every driver's limit). */
const BATCH = 500;

export function selectOwnedCloses(db: Db, owner: CloseOwner, symbol: string, from: string, to: string): Promise<PricePoint[]> {
  return widen(db)
    .selectFrom(owner.table)
    .select(['symbol', 'date', 'close', 'currency'])
    .where(owner.column, '=', owner.id)
    .where('symbol', '=', symbol)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .execute();
}

export async function selectOwnedLatestClose(db: Db, owner: CloseOwner, symbol: string, onOrBefore: string): Promise<PricePoint | null> {
  const row = await widen(db)
    .selectFrom(owner.table)
    .select(['symbol', 'date', 'close', 'currency'])
    .where(owner.column, '=', owner.id)
    .where('symbol', '=', symbol)
    .where('date', '<=', onOrBefore)
    .orderBy('date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export async function selectOwnedFirstDate(db: Db, owner: CloseOwner, symbol: string): Promise<string | null> {
  const row = await widen(db).selectFrom(owner.table).select('date').where(owner.column, '=', owner.id).where('symbol', '=', symbol).orderBy('date').limit(1).executeTakeFirst();
  return row?.date ?? null;
}

/** The stored rate of exactly this pair, last on or before the date. */
export async function selectOwnedFxRate(db: Db, owner: RateOwner, base: string, quote: string, date: string): Promise<string | null> {
  const row = await widen(db)
    .selectFrom(owner.table)
    .select('rate')
    .where(owner.column, '=', owner.id)
    .where('base', '=', base)
    .where('quote', '=', quote)
    .where('date', '<=', date)
    .orderBy('date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.rate ?? null;
}

/** The stored rates of exactly this pair: the last on or before `from`, then every one up to `to`, oldest first. */
export async function selectOwnedFxRateSeries(db: Db, owner: RateOwner, base: string, quote: string, from: string, to: string): Promise<FxPoint[]> {
  const pair = widen(db).selectFrom(owner.table).select(['date', 'rate']).where(owner.column, '=', owner.id).where('base', '=', base).where('quote', '=', quote);
  const [first, rest] = await Promise.all([
    pair.where('date', '<=', from < to ? from : to).orderBy('date', 'desc').limit(1).executeTakeFirst(),
    from < to ? pair.where('date', '>', from).where('date', '<=', to).orderBy('date').execute() : Promise.resolve([]),
  ]);
  return first ? [first, ...rest] : rest;
}

/** Each symbol of the rows with the currency of its first row. */
export function newSymbolCurrencies(rows: PriceRow[]): Map<string, string> {
  const symbols = new Map<string, string>();
  for (const row of rows) if (!symbols.has(row.symbol)) symbols.set(row.symbol, row.currency);
  return symbols;
}

/** Registers every symbol no instrument knows yet (name = symbol, no class), in the currency of its first row. */
export async function registerImportedSymbols(trx: Db, rows: PriceRow[]): Promise<void> {
  for (const [symbol, currency] of newSymbolCurrencies(rows)) {
    await trx
      .insertInto('instruments')
      .values({ symbol, name: symbol, class: null, sector: null, currency, source: 'import' })
      .onConflict((oc) => oc.column('symbol').doNothing())
      .execute();
  }
}

/** Upserts closes in batches (a day stored again gets the new close, currency and stamp); run it in a transaction. */
export async function upsertOwnedCloses(trx: Db, owner: CloseOwner, rows: PriceRow[], stamp: StampColumn, at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => ({ symbol: r.symbol, date: r.date, close: r.close, currency: r.currency, [owner.column]: owner.id, [stamp]: at }));
    await widen(trx)
      .insertInto(owner.table)
      .values(values)
      .onConflict((oc) => oc.columns([owner.column, 'symbol', 'date']).doUpdateSet((eb) => ({ close: eb.ref('excluded.close'), currency: eb.ref('excluded.currency'), [stamp]: eb.ref(`excluded.${stamp}`) })))
      .execute();
  }
}

/** Upserts FX rates in batches (a pair and day stored again gets the new rate, and stamp if any); run it in a transaction. */
export async function upsertOwnedFxRates(trx: Db, owner: RateOwner, rows: FxRow[], stamp?: { column: StampColumn; at: string }): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => ({ base: r.base, quote: r.quote, date: r.date, rate: r.rate, [owner.column]: owner.id, ...(stamp && { [stamp.column]: stamp.at }) }));
    await widen(trx)
      .insertInto(owner.table)
      .values(values)
      .onConflict((oc) =>
        oc.columns([owner.column, 'base', 'quote', 'date']).doUpdateSet((eb) => ({ rate: eb.ref('excluded.rate'), ...(stamp && { [stamp.column]: eb.ref(`excluded.${stamp.column}`) }) })),
      )
      .execute();
  }
}

/**
 * Every symbol's closes for a valuation series, in one read of the table (one query on Postgres, one
 * prepared statement on SQLite): the last close on or before `start` (the carry-in), then every close
 * after `start` up to `end`, oldest first. The same
 * rows as `selectOwnedLatestClose(start)` followed by `selectOwnedCloses(start + 1 day, end)`; a
 * symbol without any is absent from the map.
 */
export async function selectOwnedCloseSeries(database: Database, owner: CloseOwner, symbols: readonly string[], start: string, end: string): Promise<Map<string, PricePoint[]>> {
  if (symbols.length === 0) return new Map();
  // Rows from the carry-in's date (or `start`, when there is none) on: only the carry-in lies on or
  // before `start`. With `end` before `start` the carry-in alone, as `latestClose` would give it.
  const upTo = end > start ? end : start;
  const { sqlite } = database.capabilities;
  return sqlite ? sqliteCloseSeries(sqlite, owner, symbols, start, upTo) : postgresCloseSeries(database.db, owner, symbols, start, upTo);
}

// The table and owner column come from `CloseOwner` (two fixed pairs), never from input. One statement
// run per symbol: in-process calls cost little, and it measured faster than a single statement for
// every symbol (that one sorts all the rows in a temporary B-tree; this reads each symbol in index
// order). The symbol is not read back: a string per close less to make.
function sqliteCloseSeries(sqlite: import('better-sqlite3').Database, { table, column, id }: CloseOwner, symbols: readonly string[], start: string, upTo: string): Map<string, PricePoint[]> {
  const statement = sqlite
    .prepare(
      `select date, close, currency from ${table}
       where ${column} = ? and symbol = ? and date <= ?
         and date >= coalesce((select max(date) from ${table} where ${column} = ? and symbol = ? and date <= ?), ?)
       order by date`,
    )
    .raw(true);
  const series = new Map<string, PricePoint[]>();
  for (const symbol of symbols) {
    const rows = statement.all(id, symbol, upTo, id, symbol, start, start) as Array<[date: string, close: string, currency: string]>;
    if (rows.length > 0) series.set(symbol, rows.map(([date, close, currency]) => ({ symbol, date, close, currency })));
  }
  return series;
}

async function postgresCloseSeries(db: Db, { table, column, id }: CloseOwner, symbols: readonly string[], start: string, upTo: string): Promise<Map<string, PricePoint[]>> {
  const t = sql.table(table);
  const owned = (alias: string) => sql.ref(`${alias}.${column}`);
  const { rows } = await sql<PricePoint>`
    with carry as (
      select w.symbol, (select max(q.date) from ${t} q where ${owned('q')} = ${id} and q.symbol = w.symbol and q.date <= ${start}) as since
      from unnest(${[...symbols]}::text[]) as w(symbol))
    select p.symbol, p.date, p.close, p.currency from carry c
    join ${t} p on ${owned('p')} = ${id} and p.symbol = c.symbol and p.date >= coalesce(c.since, ${start}) and p.date <= ${upTo}
    order by p.symbol, p.date`.execute(db);
  const series = new Map<string, PricePoint[]>();
  for (const row of rows) {
    const points = series.get(row.symbol);
    if (points) points.push(row);
    else series.set(row.symbol, [row]);
  }
  return series;
}
