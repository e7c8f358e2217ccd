import { sql, type Kysely, type Transaction as KyselyTransaction } from 'kysely';
import { conflictError } from '../../core/errors.js';
import type { LedgerStore } from '../../core/ports.js';
import type { Capabilities } from '../connect.js';
import type { Schema } from '../schema.js';
import { checkpointStore } from './checkpoints.js';
import { firstBuysAndSplits } from './split-check.js';
import {
  findTransactionsById,
  insertTransactions,
  nextSeq,
  removeTransaction,
  streamHoldingMoves,
  streamLedgerEntries,
  streamTransactionText,
  streamTransactions,
  updateTransaction,
} from './transactions.js';

type Db = Kysely<Schema> | KyselyTransaction<Schema>;

/**
 * Runs `work` in one transaction that holds the portfolio's write lock: the one place writes that
 * validate against a portfolio's ledger are serialised, on both backends.
 * - SQLite: every transaction begins IMMEDIATE (see sqlite-dialect.ts), so it holds the database's
 *   write lock from its first statement; a second writer waits up to the busy timeout.
 * - Postgres: `SELECT … FOR NO KEY UPDATE` on the portfolio row, waiting up to `lock_timeout`; writers
 *   of other portfolios go on in parallel, readers are never blocked, and rows that merely reference
 *   the portfolio (members, alerts) can still be written (the lock does not conflict with their FK checks).
 * Waiting out the timeout fails as SQLITE_BUSY / 55P03, which the CLI reports as exit 5.
 */
export async function withPortfolioWriteLock<T>(
  db: Db,
  capabilities: Capabilities,
  portfolioId: string,
  work: (trx: KyselyTransaction<Schema>) => Promise<T>,
): Promise<T> {
  const locked = async (trx: KyselyTransaction<Schema>) => {
    if (capabilities.dialect === 'postgres') {
      await sql`select set_config('lock_timeout', ${`${Math.round(capabilities.lockTimeoutMs)}ms`}, true)`.execute(trx);
      await sql`select id from portfolios where id = ${portfolioId} for no key update`.execute(trx);
    }
    return work(trx);
  };
  if (db.isTransaction) return locked(db as KyselyTransaction<Schema>);
  return (db as Kysely<Schema>).transaction().execute(locked);
}

const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
};

export function ledgerStore(db: Db, capabilities: Capabilities): LedgerStore {
  const store: LedgerStore = {
    atomically(work) {
      if (db.isTransaction) return work(store);
      const { bulkTransaction } = capabilities;
      if (bulkTransaction) return bulkTransaction((trx, copy) => work(ledgerStore(trx, { ...capabilities, bulkTransaction: undefined, copy })));
      return (db as Kysely<Schema>).transaction().execute((trx) => work(ledgerStore(trx, capabilities)));
    },
    withPortfolioWriteLock(portfolioId, work) {
      const { bulkTransaction } = capabilities;
      // Postgres: on the transaction's own client, so the import's rows can go through COPY.
      if (!db.isTransaction && bulkTransaction) {
        return bulkTransaction((trx, copy) =>
          withPortfolioWriteLock(trx, capabilities, portfolioId, (locked) => work(ledgerStore(locked, { ...capabilities, bulkTransaction: undefined, copy }))),
        );
      }
      return withPortfolioWriteLock(db, capabilities, portfolioId, (trx) => work(ledgerStore(trx, capabilities)));
    },
    nextSeq: (portfolioId) => nextSeq(db, portfolioId),
    async lastDate(portfolioId) {
      const row = await db
        .selectFrom('transactions')
        .select((eb) => eb.fn.max('date').as('date'))
        .where('portfolio_id', '=', portfolioId)
        .executeTakeFirst();
      return row?.date ?? null;
    },
    insert: (transactions, importId = null) => insertTransactions(db, transactions, importId, capabilities),
    update: (id, fields) => updateTransaction(db, id, fields),
    remove: (id) => removeTransaction(db, id),
    findById: (idOrShortId) => findTransactionsById(db, idOrShortId),
    holdingMoves: (portfolioId, symbols) => streamHoldingMoves(db, capabilities, portfolioId, symbols),
    firstBuysAndSplits: (portfolioId, splits) => firstBuysAndSplits(db, portfolioId, splits),
    checkpoints: checkpointStore(db),
    ledgerEntries: (portfolioId, filter) => streamLedgerEntries(db, capabilities, portfolioId, filter),
    transactions: (portfolioId, query) => streamTransactions(db, portfolioId, query, capabilities),
    transactionText: (portfolioId, query, columns, format) => streamTransactionText(db, capabilities, portfolioId, query ?? {}, columns, format),
    async findImport(portfolioId, fingerprint) {
      const row = await db
        .selectFrom('imports')
        .selectAll()
        .where('portfolio_id', '=', portfolioId)
        .where('fingerprint', '=', fingerprint)
        .orderBy('created_at')
        .executeTakeFirst();
      return (
        row && {
          id: row.id,
          portfolioId: row.portfolio_id,
          fingerprint: row.fingerprint,
          source: row.source,
          rowCount: row.row_count,
          createdAt: row.created_at,
        }
      );
    },
    async createImport(record) {
      await db
        .insertInto('imports')
        .values({
          id: record.id,
          portfolio_id: record.portfolioId,
          fingerprint: record.fingerprint,
          source: record.source,
          row_count: record.rowCount,
          created_at: record.createdAt,
        })
        .execute();
    },
    async discardImport(id) {
      await db.deleteFrom('imports').where('id', '=', id).execute();
    },
    async completeImport(id, fingerprint, rowCount, claim = false) {
      try {
        await db
          .updateTable('imports')
          .set({ fingerprint, row_count: rowCount, unique_fingerprint: claim ? fingerprint : null })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw conflictError('This file was just imported into the portfolio by another folio process: nothing was imported.', 'duplicate_import');
      }
    },
  };
  return store;
}
