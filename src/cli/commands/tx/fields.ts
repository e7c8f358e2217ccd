import type { FieldError, RawTransaction } from '../../../core/ledger/transaction-input.js';
import { transactionFields, type Transaction } from '../../../core/ledger/types.js';
import { usageError } from '../../../core/errors.js';

export const FIELD_NAMES = ['date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'tax', 'currency', 'note'] as const;

/** The stable JSON shape of a transaction: its id and the CSV fields. */
export function transactionJson(tx: Transaction) {
  return { id: tx.id, ...transactionFields(tx) };
}

/** The flag values of `tx add` / `tx edit` as raw CSV-style fields. */
export function rawFromFlags(opts: Record<string, unknown>): RawTransaction {
  const raw: RawTransaction = {};
  for (const name of FIELD_NAMES) {
    const value = opts[name];
    if (value !== undefined) raw[name] = String(value);
  }
  // --ratio is a split's quantity, as people write it (2:1, 1:3, 3/2).
  if (opts.ratio !== undefined) {
    if (raw.quantity !== undefined) throw usageError('Give a split ratio either as --ratio or as --quantity, not both.', 'bad_flag');
    raw.quantity = String(opts.ratio);
  }
  return raw;
}

export function flagErrors(errors: FieldError[]): Error {
  const lines = errors.map((e) => `--${e.column}: ${e.message}`);
  return usageError(lines.join('\n'), 'invalid_transaction', errors);
}

/** One line for people: `buy 10 AAPL @ 187.5 USD (fee 1) on 2024-03-01`. */
export function describeTransaction(tx: Transaction): string {
  const fee = (tx.fee && tx.fee !== '0' ? ` (fee ${tx.fee})` : '') + (tx.tax && tx.tax !== '0' ? ` (tax ${tx.tax})` : '');
  switch (tx.type) {
    case 'buy':
    case 'sell':
    case 'transfer-in':
    case 'transfer-out':
      return `${tx.type} ${tx.quantity} ${tx.symbol} @ ${tx.price} ${tx.currency}${fee} on ${tx.date}`;
    case 'split':
      return `split ${tx.symbol} ${tx.quantity!.includes(':') ? tx.quantity : `${tx.quantity}:1`} on ${tx.date}`;
    default:
      return `${tx.type} ${tx.amount} ${tx.currency}${tx.symbol ? ` ${tx.symbol}` : ''}${fee} on ${tx.date}`;
  }
}
