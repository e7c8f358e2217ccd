import { decimalError, parseDecimal } from '../decimal.js';
import { formatRatio, parseRatio } from './split-ratio.js';
import { TRANSACTION_TYPES, type TransactionFields, type TransactionType } from './types.js';
import { controlCharacterProblem } from '../text.js';

/**
 * Validation of one transaction's fields at the door, shared by `folio tx add` (flags) and
 * `folio tx import` (CSV rows). Input is text exactly as typed; output is canonical
 * `TransactionFields` (trimmed, upper-cased codes, canonical decimal strings) or every field
 * error of the row, each naming its CSV column.
 *
 * Hand-written checks with precompiled patterns instead of a zod schema: this runs once per row
 * of a million-row import, and the happy path allocates nothing but the result object.
 */

/** The import/export CSV columns, in their canonical order. */
export const TRANSACTION_COLUMNS = ['date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'tax', 'currency', 'note'] as const;
export type TransactionColumn = (typeof TRANSACTION_COLUMNS)[number];

export interface FieldError {
  column: string;
  message: string;
}

export type RawTransaction = Partial<Record<TransactionColumn, string | undefined>>;

export interface ValidationContext {
  /** Today's date (YYYY-MM-DD) in the user's time zone: later dates are rejected. */
  today: string;
  /** The currency of a row with a blank currency (the portfolio's). */
  defaultCurrency: string;
}

export type ValidationResult = { ok: true; value: TransactionFields } | { ok: false; errors: FieldError[] };

export const MAX_NOTE_LENGTH = 500;
export const MAX_DECIMAL_DIGITS = 30;

/** Whether a type needs a field, may have it, or must leave it blank. */
type Presence = 'required' | 'optional' | 'blank';
type TypedColumn = 'symbol' | 'quantity' | 'price' | 'amount' | 'fee' | 'tax';
type TypeRule = Record<TypedColumn, Presence>;

const TRADE: TypeRule = { symbol: 'required', quantity: 'required', price: 'required', amount: 'blank', fee: 'optional', tax: 'blank' };
const INCOME: TypeRule = { symbol: 'optional', quantity: 'blank', price: 'blank', amount: 'required', fee: 'optional', tax: 'optional' };
const CASH: TypeRule = { symbol: 'blank', quantity: 'blank', price: 'blank', amount: 'required', fee: 'optional', tax: 'blank' };

/**
 * Which fields each type takes (DESIGN.md "Transactions"):
 * - buy, sell: symbol, quantity > 0, price >= 0, optional fee >= 0; no amount (it is quantity × price).
 * - transfer-in, transfer-out: like buy and sell (symbol, quantity, price = the stated cost or value
 *   per unit, optional fee), but shares delivered in or out: no cash moves.
 * - split: symbol and the ratio in quantity: `2:1`, `1:3`, `3/2` or a decimal > 0 (2 = 2:1); nothing else.
 * - dividend, interest: amount > 0, optional symbol, optional fee >= 0 and tax >= 0 (withheld; the
 *   cash received is amount − fee − tax).
 * - tax: amount > 0, optional symbol (a withholding or capital-gains tax; out of cash).
 * - deposit, withdrawal: amount > 0, optional fee >= 0 (a wire charge, out of cash); no symbol.
 * - fee: amount > 0, optional symbol (the holding it was charged for); the fee column stays blank
 *   (the money is the amount).
 * A field a type does not take must be blank: it is an error, never silently dropped.
 */
export const TYPE_RULES: Readonly<Record<TransactionType, Readonly<TypeRule>>> = {
  buy: TRADE,
  sell: TRADE,
  split: { symbol: 'required', quantity: 'required', price: 'blank', amount: 'blank', fee: 'blank', tax: 'blank' },
  dividend: INCOME,
  interest: INCOME,
  deposit: CASH,
  withdrawal: CASH,
  fee: { ...CASH, symbol: 'optional', fee: 'blank' },
  tax: { ...CASH, symbol: 'optional', fee: 'blank' },
  'transfer-in': TRADE,
  'transfer-out': TRADE,
};

/** The earliest date folio accepts (older ones are typos, such as 0024 for 2024). */
export const EARLIEST_DATE = '1900-01-01';

const TYPE_LIST = TRANSACTION_TYPES.join(', ');
const TYPES = new Set<string>(TRANSACTION_TYPES);

const SYMBOL_PATTERN = /^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Trimmed text, or null when absent or blank. */
function clean(value: string | undefined): string | null {
  if (value === undefined) return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** `/^\d{4}-\d{2}-\d{2}$/` by character codes: no match array and no substrings for every row of an import. */
function isDateShaped(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false; // '-'
  for (let at = 0; at < 10; at++) {
    const code = text.charCodeAt(at);
    if (at !== 4 && at !== 7 && (code < 48 || code > 57)) return false;
  }
  return true;
}

/** The number the ASCII digits of `text[from, to)` spell. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let at = from; at < to; at++) value = value * 10 + (text.charCodeAt(at) - 48);
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= days;
}

/** Significant digits of a canonical decimal (leading zeros do not count): the limit is the same for every money field. */
export function countDigits(canonical: string): number {
  let digits = 0;
  let leading = true;
  for (let i = 0; i < canonical.length; i++) {
    const code = canonical.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    if (leading && code === 48) continue;
    leading = false;
    digits++;
  }
  return digits;
}

type Sign = 'positive' | 'nonNegative';

/**
 * One typed field: presence by the type's rule (skipped when the type is unknown), then format,
 * size and sign. Returns the canonical value, null when blank, or the error.
 */
function checkField(
  column: TypedColumn,
  text: string | null,
  type: TransactionType | null,
  sign: Sign | null,
): string | null | FieldError {
  if (type !== null) {
    const presence = TYPE_RULES[type][column];
    if (text === null) return presence === 'required' ? { column, message: requiredMessage(type, column) } : null;
    if (presence === 'blank') return { column, message: blankMessage(type, column) };
  } else if (text === null) return null;

  if (sign === null) return text; // symbol: checked by the caller
  if (column === 'quantity' && type === 'split') {
    const ratio = parseRatio(text);
    if (ratio === null) {
      const value = parseDecimal(text);
      if (value !== null) return { column, message: `split ratio must be greater than 0 (got ${value})` };
      return { column, message: `not a split ratio: "${text}" (write 2:1, 1:3, 3/2 or a decimal > 0)` };
    }
    return formatRatio(ratio);
  }
  const value = parseDecimal(text);
  if (value === null) return { column, message: decimalError(text) };
  if (value.length > MAX_DECIMAL_DIGITS && countDigits(value) > MAX_DECIMAL_DIGITS)
    return { column, message: `too many digits: "${text}" (at most ${MAX_DECIMAL_DIGITS})` };
  const negative = value.charCodeAt(0) === 45; // '-'
  if (sign === 'positive' && (negative || value === '0')) {
    if (column === 'quantity' && type === 'split')
      return { column, message: `split ratio must be greater than 0 (got ${value})` };
    return { column, message: `${column} must be positive (got ${value})` };
  }
  if (sign === 'nonNegative' && negative) return { column, message: `${column} must not be negative (got ${value})` };
  return value;
}

function add(errors: FieldError[] | null, error: FieldError): FieldError[] {
  if (errors === null) return [error];
  errors.push(error);
  return errors;
}

/**
 * Validates one transaction. Every field error of the row is returned (in column order), so one
 * pass over a file shows everything that needs fixing.
 */
export function validateTransaction(raw: RawTransaction, context: ValidationContext): ValidationResult {
  let errors: FieldError[] | null = null;

  // date
  const date = clean(raw.date);
  if (date === null) errors = add(errors, { column: 'date', message: 'date is required (YYYY-MM-DD)' });
  else {
    if (!isDateShaped(date)) errors = add(errors, { column: 'date', message: `not a date: "${date}" (use YYYY-MM-DD)` });
    else if (!isRealDate(digitsAt(date, 0, 4), digitsAt(date, 5, 7), digitsAt(date, 8, 10)))
      errors = add(errors, { column: 'date', message: `not a calendar date: "${date}"` });
    else if (date > context.today) errors = add(errors, { column: 'date', message: `date ${date} is in the future` });
    else if (date < EARLIEST_DATE) errors = add(errors, { column: 'date', message: `date ${date} is before ${EARLIEST_DATE}` });
  }

  // type; with an unknown type, formats and signs are still checked, but not which fields it takes
  const typeText = clean(raw.type);
  let type: TransactionType | null = null;
  if (typeText === null) errors = add(errors, { column: 'type', message: `type is required: use ${TYPE_LIST}` });
  else {
    const lower = typeText.toLowerCase();
    if (TYPES.has(lower)) type = lower as TransactionType;
    else errors = add(errors, { column: 'type', message: `unknown type "${typeText}": use ${TYPE_LIST}` });
  }

  // symbol
  let symbol = checkField('symbol', clean(raw.symbol), type, null);
  if (typeof symbol === 'string') {
    const upper = symbol.toUpperCase();
    if (SYMBOL_PATTERN.test(upper)) symbol = upper;
    else
      symbol = {
        column: 'symbol',
        message: `not a symbol: "${symbol}" (letters, digits and . - = ^, at most 20 characters)`,
      };
  }
  if (symbol !== null && typeof symbol !== 'string') errors = add(errors, symbol);

  // numbers
  const quantity = checkField('quantity', clean(raw.quantity), type, 'positive');
  if (quantity !== null && typeof quantity !== 'string') errors = add(errors, quantity);
  const price = checkField('price', clean(raw.price), type, 'nonNegative');
  if (price !== null && typeof price !== 'string') errors = add(errors, price);
  const amount = checkField('amount', clean(raw.amount), type, 'positive');
  if (amount !== null && typeof amount !== 'string') errors = add(errors, amount);
  const fee = checkField('fee', clean(raw.fee), type, 'nonNegative');
  if (fee !== null && typeof fee !== 'string') errors = add(errors, fee);
  const tax = checkField('tax', clean(raw.tax), type, 'nonNegative');
  if (tax !== null && typeof tax !== 'string') errors = add(errors, tax);

  // currency
  let currency = clean(raw.currency);
  if (currency === null) currency = context.defaultCurrency;
  else {
    const upper = currency.toUpperCase();
    if (CURRENCY_PATTERN.test(upper)) currency = upper;
    else
      errors = add(errors, {
        column: 'currency',
        message: `not a currency code: "${currency}" (three letters, such as USD)`,
      });
  }

  // note
  const note = clean(raw.note);
  const noteProblem = note === null ? null : controlCharacterProblem('the note', note, 'tab and line breaks');
  if (noteProblem) errors = add(errors, { column: 'note', message: noteProblem });
  else if (note !== null && note.length > MAX_NOTE_LENGTH) {
    const length = [...note].length; // characters, not UTF-16 units
    if (length > MAX_NOTE_LENGTH)
      errors = add(errors, { column: 'note', message: `note is too long: ${length} characters (at most ${MAX_NOTE_LENGTH})` });
  }

  if (errors !== null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      date: date!,
      type: type!,
      symbol: symbol as string | null,
      quantity: quantity as string | null,
      price: price as string | null,
      amount: amount as string | null,
      fee: fee as string | null,
      tax: tax as string | null,
      currency,
      note,
    },
  };
}

function requiredMessage(type: TransactionType, column: TypedColumn): string {
  if (type === 'split' && column === 'quantity') return 'split needs a quantity (the ratio: 2:1 for a 2-for-1 split, 1:3 for a reverse split)';
  return `${type} needs ${column === 'amount' ? 'an' : 'a'} ${column}`;
}

function blankMessage(type: TransactionType, column: TypedColumn): string {
  if (type === 'fee' && column === 'fee') return 'fee takes no fee column: put the money in amount';
  if (TYPE_RULES[type] === TRADE && column === 'amount')
    return `${type} takes no amount: give quantity and price (and fee)`;
  return `${type} takes no ${column}`;
}
