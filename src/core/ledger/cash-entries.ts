import { addCash, holdingOf, incomeOf, need, type LedgerBook } from './ledger-book.js';
import type { LedgerEntry } from './types.js';

/** The entries that move only cash and income: dividend, interest, tax, deposit, withdrawal, fee. */
export type CashEntryType = 'dividend' | 'interest' | 'tax' | 'deposit' | 'withdrawal' | 'fee';

function amount(book: LedgerBook, entry: LedgerEntry): bigint {
  return book.scale.read(need(entry.amount, 'amount', entry));
}

export function applyCashEntry(book: LedgerBook, entry: LedgerEntry & { type: CashEntryType }): void {
  switch (entry.type) {
    case 'dividend': {
      const value = amount(book, entry);
      addCash(book, entry.currency, value);
      incomeOf(book, entry.currency).dividends += value;
      if (entry.symbol !== null) holdingOf(book, entry.symbol, entry.currency).dividends += value;
      withhold(book, entry);
      break;
    }
    case 'interest': {
      const value = amount(book, entry);
      addCash(book, entry.currency, value);
      incomeOf(book, entry.currency).interest += value;
      withhold(book, entry);
      break;
    }
    case 'tax': {
      if (book.beforeTaxes) break;
      const value = amount(book, entry);
      addCash(book, entry.currency, -value);
      incomeOf(book, entry.currency).taxes += value;
      break;
    }
    case 'deposit':
      addCash(book, entry.currency, amount(book, entry));
      break;
    case 'withdrawal':
      addCash(book, entry.currency, -amount(book, entry));
      break;
    case 'fee': {
      const value = amount(book, entry);
      addCash(book, entry.currency, -value);
      incomeOf(book, entry.currency).fees += value;
      break;
    }
  }
}

/** Tax withheld on a dividend or interest: out of cash, counted as taxes. */
function withhold(book: LedgerBook, entry: LedgerEntry): void {
  if (book.beforeTaxes || entry.tax == null) return;
  const tax = book.scale.read(entry.tax);
  addCash(book, entry.currency, -tax);
  incomeOf(book, entry.currency).taxes += tax;
}

/** A fee attached to anything but a buy or sell: out of cash, counted as a fee. */
export function chargeFee(book: LedgerBook, entry: LedgerEntry): void {
  if (entry.fee === null) return;
  const fee = book.scale.read(entry.fee);
  if (fee === 0n) return;
  addCash(book, entry.currency, -fee);
  incomeOf(book, entry.currency).fees += fee;
}
