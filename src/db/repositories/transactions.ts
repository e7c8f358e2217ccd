import { type Kysely, type Selectable, type Transaction as KyselyTransaction } from 'kysely';
import type { Transaction, TransactionFields, TransactionType } from '../../core/ledger/types.js';
import type { Schema, TransactionsTable } from '../schema.js';

type Db = Kysely<Schema> | KyselyTransaction<Schema>;

export interface TransactionFilter {
  from?: string;
  to?: string;
  symbol?: string;
  types?: TransactionType[];
}

const COLUMNS = [
  'id',
  'portfolio_id',
  'seq',
  'date',
  'type',
  'symbol',
  'quantity',
  'price',
  'amount',
  'fee',
  'currency',
  'note',
  'import_id',
  'created_at',
] as const;

export function toTransaction(row: Selectable<TransactionsTable>): Transaction {
  return {
    id: row.id,
    portfolioId: row.portfolio_id,
    seq: row.seq,
    date: row.date,
    type: row.type as TransactionType,
    symbol: row.symbol,
    quantity: row.quantity,
    price: row.price,
    amount: row.amount,
    fee: row.fee,
    currency: row.currency,
    note: row.note,
    createdAt: row.created_at,
  };
}

export function toRow(tx: Transaction, importId: string | null = null): TransactionsTable {
  return {
    id: tx.id,
    portfolio_id: tx.portfolioId,
    seq: tx.seq,
    date: tx.date,
    type: tx.type,
    symbol: tx.symbol,
    quantity: tx.quantity,
    price: tx.price,
    amount: tx.amount,
    fee: tx.fee,
    currency: tx.currency,
    note: tx.note,
    import_id: importId,
    created_at: tx.createdAt,
  };
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

/** Inserts rows in multi-row statements sized to the dialect's parameter limit. */
export async function insertTransactions(db: Db, rows: TransactionsTable[], maxParameters: number): Promise<void> {
  const perStatement = Math.max(1, Math.min(1000, Math.floor(maxParameters / COLUMNS.length)));
  for (let i = 0; i < rows.length; i += perStatement) {
    await db
      .insertInto('transactions')
      .values(rows.slice(i, i + perStatement))
      .execute();
  }
}

function filtered(db: Db, portfolioId: string, filter: TransactionFilter) {
  let query = db.selectFrom('transactions').selectAll().where('portfolio_id', '=', portfolioId);
  if (filter.from) query = query.where('date', '>=', filter.from);
  if (filter.to) query = query.where('date', '<=', filter.to);
  if (filter.symbol) query = query.where('symbol', '=', filter.symbol);
  if (filter.types?.length) query = query.where('type', 'in', filter.types);
  return query.orderBy('date').orderBy('seq');
}

/** Transactions in (date, seq) order, streamed so a million rows never sit in memory at once. */
export async function* streamTransactions(db: Db, portfolioId: string, filter: TransactionFilter = {}): AsyncGenerator<Transaction> {
  for await (const row of filtered(db, portfolioId, filter).stream(2000)) yield toTransaction(row);
}

export async function countTransactions(db: Db, portfolioId: string): Promise<number> {
  const row = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('portfolio_id', '=', portfolioId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A transaction by full id, or by a unique prefix of at least 6 characters (like git). */
export async function findTransactionsByIdPrefix(db: Db, idOrPrefix: string): Promise<Transaction[]> {
  const exact = await db.selectFrom('transactions').selectAll().where('id', '=', idOrPrefix).executeTakeFirst();
  if (exact) return [toTransaction(exact)];
  if (idOrPrefix.length < 6 || !/^[0-9a-f-]+$/i.test(idOrPrefix)) return [];
  const rows = await db
    .selectFrom('transactions')
    .selectAll()
    .where('id', 'like', `${idOrPrefix.toLowerCase()}%`)
    .limit(2)
    .execute();
  return rows.map(toTransaction);
}

export async function updateTransaction(db: Db, id: string, fields: TransactionFields): Promise<void> {
  await db
    .updateTable('transactions')
    .set({
      date: fields.date,
      type: fields.type,
      symbol: fields.symbol,
      quantity: fields.quantity,
      price: fields.price,
      amount: fields.amount,
      fee: fields.fee,
      currency: fields.currency,
      note: fields.note,
    })
    .where('id', '=', id)
    .execute();
}

export async function removeTransaction(db: Db, id: string): Promise<void> {
  await db.deleteFrom('transactions').where('id', '=', id).execute();
}

/** Rows that move holdings (buys, sells, splits), for checking that no sell exceeds what is held. */
export function streamHoldingMoves(db: Db, portfolioId: string, symbols?: string[]) {
  let query = db
    .selectFrom('transactions')
    .select(['id', 'date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'currency'])
    .where('portfolio_id', '=', portfolioId)
    .where('type', 'in', ['buy', 'sell', 'split']);
  if (symbols?.length) query = query.where('symbol', 'in', symbols);
  return query.orderBy('date').orderBy('seq').stream(5000);
}

