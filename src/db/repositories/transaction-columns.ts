import type { Transaction, TransactionFields } from '../../core/ledger/types.js';
import { copyText } from '../pg-bulk.js';

/** The transactions table's columns, in the order rows are written. */
export const COLUMNS = [
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
  'tax',
  'currency',
  'note',
  'ratio',
  'import_id',
  'created_at',
] as const;

/** A split ratio that is no finite decimal (`1:3`) is kept in `ratio`, the NUMERIC quantity left null. */
export const isFraction = (tx: Pick<TransactionFields, 'type' | 'quantity'>) => tx.type === 'split' && tx.quantity !== null && tx.quantity.includes(':');

/** A value that never holds a tab, backslash or line break, in COPY's text format. */
const plain = (value: string | null | undefined) => (value == null ? '\\N' : value);

/**
 * Writes a transaction of an import (or none) as a line of COPY's text format, its values in COLUMNS
 * order, straight from the Transaction: no row object, no array, no pattern test per value. Only
 * free text (symbol, note) is escaped: validation (core/ledger/transaction-input.ts) keeps dates,
 * types, numbers, ratios and currency codes free of tabs, backslashes and line breaks, and ids
 * are made by folio.
 */
export function copyLine(importId: string | null): (tx: Transaction) => string {
  const importField = plain(importId);
  return (tx) => {
    const fraction = isFraction(tx);
    const quantity = fraction ? '\\N' : plain(tx.quantity);
    const ratio = fraction ? tx.quantity : '\\N';
    return `${tx.id}\t${tx.portfolioId}\t${tx.seq}\t${tx.date}\t${tx.type}\t${copyText(tx.symbol)}\t${quantity}\t${plain(tx.price)}\t${plain(tx.amount)}\t${plain(tx.fee)}\t${plain(tx.tax)}\t${tx.currency}\t${copyText(tx.note)}\t${ratio}\t${importField}\t${tx.createdAt}\n`;
  };
}
