import type { TransactionFields } from '../../core/ledger/types.js';

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
