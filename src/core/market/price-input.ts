import * as z from 'zod';
import { isCalendarDate } from '../dates.js';
import { decimalError, parseDecimal } from '../decimal.js';
import { SYMBOL, SYMBOL_MESSAGE } from './symbol.js';
import { INSTRUMENT_CLASSES } from './types.js';
import { controlCharacterIn } from '../text.js';
import { countDigits, MAX_DECIMAL_DIGITS } from '../ledger/transaction-input.js';

/**
 * Validation of market data at the door: rows of `folio prices import` and of the fixture files.
 * Every schema is an object keyed by CSV column, so an issue's path names the column.
 */

const CURRENCY = /^[A-Z]{3}$/;

export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(SYMBOL, SYMBOL_MESSAGE);

export const currencySchema = z.string().trim().toUpperCase().regex(CURRENCY, 'expected a 3-letter currency code such as USD');

export const calendarDateSchema = z.string().trim().refine(isCalendarDate, 'expected a real date as YYYY-MM-DD');

/** A decimal > 0 as `parseDecimal` reads it (`.5` too; no exponent, no separators), made canonical (`187.50` → `187.5`). */
export const positiveDecimalSchema = z
  .string()
  .transform((value, ctx) => {
    const canonical = parseDecimal(value);
    if (canonical === null) ctx.addIssue({ code: 'custom', message: decimalError(value) });
    else if (canonical === '0' || canonical.startsWith('-')) ctx.addIssue({ code: 'custom', message: `must be greater than 0 (got ${canonical})` });
    return canonical ?? '';
  })
  .refine((value) => countDigits(value) <= MAX_DECIMAL_DIGITS, `has too many digits (at most ${MAX_DECIMAL_DIGITS}, as for transactions)`);

export const PRICE_COLUMNS = ['symbol', 'date', 'close', 'currency'] as const;

/** One close; `today` (from the clock) rejects dates in the future. */
export function priceRowSchema(today?: string) {
  const date = today === undefined ? calendarDateSchema : calendarDateSchema.refine((d) => d <= today, `is in the future (today is ${today})`);
  return z.object({ symbol: symbolSchema, date, close: positiveDecimalSchema, currency: currencySchema });
}

export const INSTRUMENT_COLUMNS = ['symbol', 'name', 'class', 'sector', 'currency'] as const;
export const instrumentRowSchema = z.object({
  symbol: symbolSchema,
  name: z.string().trim().min(1, 'is empty').refine((text) => !controlCharacterIn(text, 'none'), 'must not contain control characters'),
  class: z.enum(INSTRUMENT_CLASSES, { message: `expected one of ${INSTRUMENT_CLASSES.join(', ')}` }),
  sector: z
    .string()
    .trim()
    .transform((value) => value || null),
  currency: currencySchema,
});

export const FX_COLUMNS = ['base', 'quote', 'date', 'rate'] as const;
export const fxRowSchema = z.object({ base: currencySchema, quote: currencySchema, date: calendarDateSchema, rate: positiveDecimalSchema });

export const SPLIT_COLUMNS = ['symbol', 'date', 'ratio'] as const;
export const splitRowSchema = z.object({ symbol: symbolSchema, date: calendarDateSchema, ratio: positiveDecimalSchema });
