import type { Kysely, Transaction as KyselyTransaction } from 'kysely';
import type { LedgerStore } from '../../core/ports.js';
import type { Capabilities } from '../connect.js';
import type { Schema } from '../schema.js';
import { checkpointStore } from './checkpoints.js';
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

export function ledgerStore(db: Db, capabilities: Capabilities): LedgerStore {
  const store: LedgerStore = {
    atomically(work) {
      if (db.isTransaction) return work(store);
      const { bulkTransaction } = capabilities;
      if (bulkTransaction) return bulkTransaction((trx, copy) => work(ledgerStore(trx, { ...capabilities, bulkTransaction: undefined, copy })));
      return (db as Kysely<Schema>).transaction().execute((trx) => work(ledgerStore(trx, capabilities)));
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
    async completeImport(id, fingerprint, rowCount) {
      await db.updateTable('imports').set({ fingerprint, row_count: rowCount }).where('id', '=', id).execute();
    },
  };
  return store;
}
