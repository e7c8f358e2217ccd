import type { Transaction } from '../../core/ledger/types.js';
import { COLUMNS, isFraction } from './transaction-columns.js';

/** Rows per SQLite insert statement: 50 × 16 parameters; a binding call per 50 rows instead of per row. */
const SQLITE_ROWS_PER_INSERT = 50;
/**
 * Columns every row of an import shares (portfolio, import, creation time): in a batch whose rows
 * all share them they are bound once, by name, instead of once per row (long strings: binding one
 * costs a UTF-8 copy and a copy into SQLite).
 */
const SHARED_COLUMNS: ReadonlySet<string> = new Set(['portfolio_id', 'import_id', 'created_at']);
const VARYING_WIDTH = COLUMNS.length - SHARED_COLUMNS.size;

interface SqliteInserts {
  one: import('better-sqlite3').Statement;
  many: import('better-sqlite3').Statement;
  manyShared: import('better-sqlite3').Statement;
}
const sqliteInserts = new WeakMap<object, SqliteInserts>();

function sqliteInsertStatements(sqlite: import('better-sqlite3').Database): SqliteInserts {
  let statements = sqliteInserts.get(sqlite);
  if (!statements) {
    const row = `(${COLUMNS.map(() => '?').join(', ')})`;
    const sharedRow = `(${COLUMNS.map((column) => (SHARED_COLUMNS.has(column) ? `@${column}` : '?')).join(', ')})`;
    const insert = (rows: number, text = row) => sqlite.prepare(`insert into transactions (${COLUMNS.join(', ')}) values ${Array(rows).fill(text).join(', ')}`);
    statements = { one: insert(1), many: insert(SQLITE_ROWS_PER_INSERT), manyShared: insert(SQLITE_ROWS_PER_INSERT, sharedRow) };
    sqliteInserts.set(sqlite, statements);
  }
  return statements;
}

/**
 * A transaction's values in COLUMNS order, written into `values` from `at` (no array per row);
 * without `withShared`, the SHARED_COLUMNS are left out (VARYING_WIDTH values).
 */
function putSqliteRow(values: unknown[], at: number, tx: Transaction, importId: string | null, withShared: boolean): void {
  const fraction = isFraction(tx);
  values[at++] = tx.id;
  if (withShared) values[at++] = tx.portfolioId;
  values[at++] = tx.seq;
  values[at++] = tx.date;
  values[at++] = tx.type;
  values[at++] = tx.symbol;
  values[at++] = fraction ? null : tx.quantity;
  values[at++] = tx.price;
  values[at++] = tx.amount;
  values[at++] = tx.fee;
  values[at++] = tx.tax;
  values[at++] = tx.currency;
  values[at++] = tx.note;
  values[at++] = fraction ? tx.quantity : null;
  if (withShared) {
    values[at++] = importId;
    values[at] = tx.createdAt;
  }
}

/** Whether the `count` rows from `from` share the portfolio and creation time of the first (an import's rows do). */
function shareColumns(transactions: Transaction[], from: number, count: number): boolean {
  const { portfolioId, createdAt } = transactions[from]!;
  for (let k = 1; k < count; k++) {
    const tx = transactions[from + k]!;
    if (tx.portfolioId !== portfolioId || tx.createdAt !== createdAt) return false;
  }
  return true;
}

/**
 * SQLite: 50 rows per statement while 50 are left, then one at a time (inside the caller's transaction).
 * The values go as arguments, not as one array: better-sqlite3 reads an array element by element
 * through V8's object API (a third of the binding cost, callgrind), an argument directly.
 */
export function insertSqlite(sqlite: import('better-sqlite3').Database, transactions: Transaction[], importId: string | null): void {
  const { one, many, manyShared } = sqliteInsertStatements(sqlite);
  const width = COLUMNS.length;
  const values = new Array<unknown>(SQLITE_ROWS_PER_INSERT * width);
  const varying = new Array<unknown>(SQLITE_ROWS_PER_INSERT * VARYING_WIDTH);
  let i = 0;
  for (; i + SQLITE_ROWS_PER_INSERT <= transactions.length; i += SQLITE_ROWS_PER_INSERT) {
    if (shareColumns(transactions, i, SQLITE_ROWS_PER_INSERT)) {
      for (let k = 0; k < SQLITE_ROWS_PER_INSERT; k++) putSqliteRow(varying, k * VARYING_WIDTH, transactions[i + k]!, importId, false);
      const { portfolioId, createdAt } = transactions[i]!;
      manyShared.run({ portfolio_id: portfolioId, import_id: importId, created_at: createdAt }, ...varying);
    } else {
      for (let k = 0; k < SQLITE_ROWS_PER_INSERT; k++) putSqliteRow(values, k * width, transactions[i + k]!, importId, true);
      many.run(...values);
    }
  }
  const single = new Array<unknown>(width);
  for (; i < transactions.length; i++) {
    putSqliteRow(single, 0, transactions[i]!, importId, true);
    one.run(...single);
  }
}
