import type { TransactionFields } from './types.js';

/**
 * The duplicate rule of `folio tx import` (README "Duplicates"): a row is already in the
 * portfolio when a stored transaction has the same date, type, symbol, quantity, price, amount and
 * fee (canonical values, so `10.50` and `10.5` are the same). Matching counts: each stored
 * transaction stands for one row, so two identical orders stored last month match two identical
 * rows of this month's overlapping statement, and a third identical row is new. Rows of one file
 * are never duplicates of each other (two real orders can be identical), unless the source gives
 * broker ids and two rows share one.
 */

export type DuplicateFields = Pick<TransactionFields, 'date' | 'type' | 'symbol' | 'quantity' | 'price' | 'amount' | 'fee'>;

export function duplicateKey(fields: DuplicateFields): string {
  return `${fields.date}|${fields.type}|${fields.symbol ?? ''}|${fields.quantity ?? ''}|${fields.price ?? ''}|${fields.amount ?? ''}|${fields.fee ?? ''}`;
}

export class DuplicateFilter {
  private readonly stored = new Map<string, number>();
  private readonly ids = new Set<string>();

  /** Counts a transaction already in the portfolio. */
  remember(fields: DuplicateFields): void {
    const key = duplicateKey(fields);
    this.stored.set(key, (this.stored.get(key) ?? 0) + 1);
  }

  get isEmpty(): boolean {
    return this.stored.size === 0;
  }

  /** True when the row is a duplicate (and takes up the stored transaction it matches). */
  isDuplicate(fields: DuplicateFields, brokerId?: string): boolean {
    if (this.stored.size === 0 && brokerId === undefined) return false;
    const key = duplicateKey(fields);
    if (brokerId !== undefined) {
      const withId = `${key}|${brokerId}`;
      if (this.ids.has(withId)) return true;
      this.ids.add(withId);
    }
    const left = this.stored.get(key);
    if (left === undefined) return false;
    if (left === 1) this.stored.delete(key);
    else this.stored.set(key, left - 1);
    return true;
  }
}
