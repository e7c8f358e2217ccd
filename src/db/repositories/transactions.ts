import { sql, type Kysely, type Selectable, type Transaction as KyselyTransaction } from 'kysely';
import {
  HOLDING_TYPES,
  transactionFields,
  type LedgerEntry,
  type Transaction,
  type TransactionFields,
  type TransactionType,
} from '../../core/ledger/types.js';
import type { HoldingMove, TextColumn } from '../../core/ports.js';
import type { Capabilities } from '../connect.js';
import type { Schema, TransactionsTable } from '../schema.js';
import { inPages, pagedEntries, type LedgerEntries } from '../../core/ledger/entry-pages.js';
import { insertSqlite } from './sqlite-insert.js';
import { copiedLedgerPages, PAGE_ROWS, sqliteLedgerPages, type LedgerEntryFilter } from './ledger-pages.js';
import { COLUMNS, copyLine, isFraction } from './transaction-columns.js';

type Db = Kysely<Schema> | KyselyTransaction<Schema>;

export interface TransactionFilter {
  from?: string;
  to?: string;
  symbol?: string;
  types?: TransactionType[];
  /** Newest first (date, then entry order, both descending) instead of oldest first. */
  newestFirst?: boolean;
  /** At most this many rows, counted in the order asked for. */
  limit?: number;
}

export function toTransaction(row: Selectable<TransactionsTable>): Transaction {
  return {
    id: row.id,
    portfolioId: row.portfolio_id,
    seq: row.seq,
    date: row.date,
    type: row.type as TransactionType,
    symbol: row.symbol,
    quantity: row.ratio ?? row.quantity,
    price: row.price,
    amount: row.amount,
    fee: row.fee,
    tax: row.tax ?? null,
    currency: row.currency,
    note: row.note,
    createdAt: row.created_at,
  };
}

export function toRow(tx: Transaction, importId: string | null = null): TransactionsTable {
  return { id: tx.id, portfolio_id: tx.portfolioId, seq: tx.seq, ...storedFields(tx), import_id: importId, created_at: tx.createdAt };
}

function storedFields(fields: TransactionFields) {
  const row = { ...transactionFields(fields), ratio: null as string | null };
  if (isFraction(fields)) {
    row.ratio = fields.quantity;
    row.quantity = null;
  }
  return row;
}

/** The next free `seq` of a portfolio: transactions of one day replay in the order they were entered. */
export async function nextSeq(db: Db, portfolioId: string): Promise<number> {
  const row = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('portfolio_id', '=', portfolioId)
    .executeTakeFirst();
  return row?.seq == null ? 1 : Number(row.seq) + 1;
}

/**
 * Inserts rows: on SQLite prepared multi-row statements on the raw handle (inside the caller's
 * transaction); on Postgres through COPY inside a bulk transaction, else multi-row statements sized
 * to the parameter limit.
 */
export async function insertTransactions(db: Db, transactions: Transaction[], importId: string | null, capabilities: Capabilities): Promise<void> {
  if (capabilities.sqlite) return insertSqlite(capabilities.sqlite, transactions, importId);
  if (capabilities.copy) return capabilities.copy('transactions', COLUMNS, transactions, copyLine(importId));
  const perStatement = Math.max(1, Math.min(1000, Math.floor(capabilities.maxParameters / COLUMNS.length)));
  for (let i = 0; i < transactions.length; i += perStatement) {
    await db
      .insertInto('transactions')
      .values(transactions.slice(i, i + perStatement).map((tx) => toRow(tx, importId)))
      .execute();
  }
}

/**
 * Streams a query's rows in (date, seq) order. Kysely streams through a cursor on Postgres; on
 * SQLite the compiled query runs on the raw handle and rows come back as arrays, turned into
 * objects by `fromArray`: better-sqlite3 building an object per row costs more than the replay.
 */
async function* streamRows<R>(
  query: { compile(): { sql: string; parameters: readonly unknown[] }; stream(chunkSize?: number): AsyncIterableIterator<R> },
  capabilities: Capabilities,
  fromArray: (row: unknown[]) => R,
): AsyncGenerator<R> {
  const { sqlite } = capabilities;
  if (!sqlite) {
    yield* query.stream(5000);
    return;
  }
  const compiled = query.compile();
  for (const row of sqlite.prepare(compiled.sql).raw(true).iterate(...compiled.parameters) as IterableIterator<unknown[]>) {
    yield fromArray(row);
  }
}

function filtered(db: Db, portfolioId: string, filter: TransactionFilter) {
  let query = db.selectFrom('transactions').selectAll().where('portfolio_id', '=', portfolioId);
  if (filter.from) query = query.where('date', '>=', filter.from);
  if (filter.to) query = query.where('date', '<=', filter.to);
  if (filter.symbol) query = query.where('symbol', '=', filter.symbol);
  if (filter.types?.length) query = query.where('type', 'in', filter.types);
  const direction = filter.newestFirst ? 'desc' : 'asc';
  query = query.orderBy('date', direction).orderBy('seq', direction);
  return filter.limit === undefined ? query : query.limit(filter.limit);
}

const TRANSACTION_COLUMNS = ['id', 'portfolio_id', 'seq', 'date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'currency', 'note', 'created_at', 'tax', 'ratio'] as const;

const transactionFromArray = (r: unknown[]) =>
  ({
    id: r[0],
    portfolioId: r[1],
    seq: r[2],
    date: r[3],
    type: r[4],
    symbol: r[5],
    quantity: r[14] ?? r[6],
    price: r[7],
    amount: r[8],
    fee: r[9],
    tax: r[13],
    currency: r[10],
    note: r[11],
    createdAt: r[12],
  }) as Transaction;

/**
 * Transactions in (date, seq) order, streamed so a million rows never sit in memory at once.
 * With `capabilities`, SQLite reads raw arrays (as the replays do): a million-row export twice as fast.
 */
export function streamTransactions(
  db: Db,
  portfolioId: string,
  filter: TransactionFilter = {},
  capabilities?: Capabilities,
): AsyncIterable<Transaction> {
  if (capabilities?.sqlite) {
    const query = filtered(db, portfolioId, filter).clearSelect().select(TRANSACTION_COLUMNS);
    return streamRows<Transaction>(query as never, capabilities, transactionFromArray);
  }
  return (async function* () {
    for await (const row of filtered(db, portfolioId, filter).stream(2000)) yield toTransaction(row);
  })();
}

/**
 * A transaction by full id, or by a short id: the random tail `tx list` shows (at least 8 characters;
 * UUIDv7 heads are timestamps, so tails are what tells ids apart). Returns at most two candidates.
 */
export async function findTransactionsById(db: Db, idOrShortId: string): Promise<Transaction[]> {
  const exact = await db.selectFrom('transactions').selectAll().where('id', '=', idOrShortId).executeTakeFirst();
  if (exact) return [toTransaction(exact)];
  if (idOrShortId.length < 8 || !/^[0-9a-f-]+$/i.test(idOrShortId)) return [];
  const rows = await db
    .selectFrom('transactions')
    .selectAll()
    .where('id', 'like', `%${idOrShortId.toLowerCase()}`)
    .limit(2)
    .execute();
  return rows.map(toTransaction);
}

export async function updateTransaction(db: Db, id: string, fields: TransactionFields): Promise<void> {
  // The CSV field names are the column names.
  await db.updateTable('transactions').set(storedFields(fields)).where('id', '=', id)
    .execute();
}

export async function removeTransaction(db: Db, id: string): Promise<void> {
  await db.deleteFrom('transactions').where('id', '=', id).execute();
}

/** A split's quantity is its ratio, from whichever column holds it (the same on both dialects). */
const QUANTITY = sql<string | null>`coalesce(ratio, cast(quantity as text))`.as('quantity');
const LEDGER_COLUMNS = ['date', 'type', 'symbol', QUANTITY, 'price', 'amount', 'fee', 'currency', 'tax'] as const;

const ledgerEntry = (r: unknown[]) =>
  ({ date: r[0], type: r[1], symbol: r[2], quantity: r[3], price: r[4], amount: r[5], fee: r[6], currency: r[7], tax: r[8] }) as LedgerEntry & { tax: string | null };

const holdingMove = (r: unknown[]) =>
  ({ seq: r[0], date: r[1], type: r[2], symbol: r[3], quantity: r[4], price: r[5], amount: r[6], fee: r[7], currency: r[8], tax: r[9] }) as HoldingMove & { tax: string | null };

/** Just what the ledger engine replays, in (date, seq) order, up to a date and optionally for one symbol. */
export function streamLedgerEntries(
  db: Db,
  capabilities: Capabilities,
  portfolioId: string,
  filter: LedgerEntryFilter = {},
): LedgerEntries {
  const { sqlite } = capabilities;
  if (sqlite) return pagedEntries(async function* () {
    yield* sqliteLedgerPages(sqlite, portfolioId, filter);
  });
  let query = db.selectFrom('transactions').select(LEDGER_COLUMNS).where('portfolio_id', '=', portfolioId);
  if (filter.after) query = query.where('date', '>', filter.after);
  if (filter.to) query = query.where('date', '<=', filter.to);
  if (filter.symbol) query = query.where('symbol', '=', filter.symbol);
  const { copyOut } = capabilities;
  // Inside a transaction the rows come from its own client: COPY runs on another, which would not see what it wrote.
  if (copyOut && !db.isTransaction) {
    // One COPY as text, split into pages here: a row object per row from pg cost more than the replay.
    const compiled = query.select('seq').orderBy('date').orderBy('seq').compile();
    return pagedEntries(() => copiedLedgerPages(copyOut(compiled.sql, compiled.parameters, 'text')));
  }
  return pagedEntries(() => inPages(streamRows(query.orderBy('date').orderBy('seq'), capabilities, ledgerEntry) as AsyncIterable<LedgerEntry>, PAGE_ROWS));
}

/** Rows that move holdings (buys, sells, splits), for checking that no sell exceeds what is held. */
export function streamHoldingMoves(db: Db, capabilities: Capabilities, portfolioId: string, symbols?: string[]): AsyncIterable<HoldingMove> {
  let query = db
    .selectFrom('transactions')
    .select(['seq', ...LEDGER_COLUMNS])
    .where('portfolio_id', '=', portfolioId)
    .where('type', 'in', [...HOLDING_TYPES]);
  if (symbols?.length) query = query.where('symbol', 'in', symbols);
  return streamRows(query.orderBy('date').orderBy('seq'), capabilities, holdingMove) as AsyncIterable<HoldingMove>;
}

/**
 * Columns whose values never hold a comma, quote, tab or line break (validated numbers, ISO dates,
 * ids, type names): written as they are, without the per-field pattern test (`glob`, `translate`)
 * free text needs (on every column they cost SQLite 60% more CPU for the same 100,000 lines).
 */
const PLAIN_COLUMNS = new Set<string>(['id', 'seq', 'date', 'type', 'quantity', 'price', 'amount', 'fee', 'tax', 'created_at']);
const isPlain = (column: TextColumn) => typeof column !== 'string' || PLAIN_COLUMNS.has(column);

/** A column's value in SQLite's SQL; a split's quantity is its ratio, from whichever column holds it. */
const columnSql = (c: TextColumn) =>
  typeof c !== 'string' ? `substr("${c.column}", -${Math.trunc(c.last)})` : c === 'quantity' ? 'coalesce("ratio", "quantity")' : `"${c}"`;

/** A column as a CSV field in SQLite's SQL: blank for null, quoted when it holds a comma, quote or line break. */
function sqliteCsvField(column: TextColumn): string {
  const value = columnSql(column);
  if (isPlain(column)) return `coalesce(${value}, '')`;
  return `case when ${value} is null then '' when ${value} glob '*[",\n\r]*' then '"' || replace(${value}, '"', '""') || '"' else ${value} end`;
}

/** A column as a TSV field in SQLite's SQL: blank for null, tabs and line feeds as spaces. */
function sqliteTsvField(column: TextColumn): string {
  const value = columnSql(column);
  if (isPlain(column)) return `coalesce(${value}, '')`;
  return `case when ${value} is null then '' when ${value} glob '*[\t\n]*' then replace(replace(${value}, char(9), ' '), char(10), ' ') else ${value} end`;
}

/** A column as Postgres selects it for COPY: a split's quantity is its ratio; the short id is the id's tail. */
const postgresColumn = (c: TextColumn) =>
  typeof c !== 'string' ? sql<string>`right(${sql.ref(c.column)}, ${sql.lit(Math.trunc(c.last))})`.as(c.column) : c === 'quantity' ? QUANTITY : sql.ref(c).as(c);

const TEXT_CHUNK = 64 * 1024;

/**
 * Text records (no header) of a portfolio's transactions for the given columns, in (date, seq)
 * order, written by the database itself: SQLite builds each line in SQL, Postgres runs COPY TO
 * (CSV, or its text format for TSV). A million rows never become a million objects. Null when the dialect has no such path.
 */
export function streamTransactionText(
  db: Db,
  capabilities: Capabilities,
  portfolioId: string,
  filter: TransactionFilter,
  columns: readonly TextColumn[],
  format: 'csv' | 'tsv',
): AsyncIterable<string> | null {
  const query = filtered(db, portfolioId, filter).clearSelect();
  const { sqlite, copyOut } = capabilities;
  if (sqlite) {
    const [field, separator] = format === 'csv' ? [sqliteCsvField, ','] : [sqliteTsvField, '\t'];
    const line = `${columns.map(field).join(` || '${separator}' || `)} || char(10)`;
    const compiled = query.select(sql<string>`${sql.raw(line)}`.as('line')).compile();
    return (async function* () {
      let text = '';
      for (const row of sqlite.prepare(compiled.sql).pluck().iterate(...compiled.parameters) as IterableIterator<string>) {
        text += row;
        if (text.length >= TEXT_CHUNK) {
          yield text;
          text = '';
        }
      }
      if (text) yield text;
    })();
  }
  // Not inside a transaction: COPY runs on a client of its own (see streamLedgerEntries).
  if (copyOut && !db.isTransaction) {
    // TSV: COPY's text format writes nulls as empty fields and escapes tabs and line feeds, which the
    // reader turns into spaces (see copyOut): no per-field casts or `translate` on the server.
    const compiled = query.select(columns.map(postgresColumn)).compile();
    return copyOut(compiled.sql, compiled.parameters, format === 'csv' ? 'csv' : 'text');
  }
  return null;
}
