import * as z from 'zod';
import { EARLIEST_DATE } from '../ledger/transaction-input.js';
import type { RowError } from '../ledger/transaction-service.js';
import { calendarDateSchema, currencySchema, positiveDecimalSchema } from './price-input.js';
import type { FxRow } from './types.js';

/** The columns of `folio fx import` (any order): 1 `base` = `rate` `quote` on `date`. */
export const FX_IMPORT_COLUMNS = ['date', 'base', 'quote', 'rate'] as const;

/** One rate; `today` (the user's local date) rejects dates in the future. */
export function fxImportRowSchema(today: string) {
  return z.object({
    date: calendarDateSchema.refine((d) => d <= today, `is in the future (today is ${today})`).refine((d) => d >= EARLIEST_DATE, `is before ${EARLIEST_DATE}`),
    base: currencySchema,
    quote: currencySchema,
    rate: positiveDecimalSchema,
  });
}

/** Checks across the fields and rows of one import: two different currencies, a pair and day once. */
export function checkFxRows(rows: Array<{ line: number; value: FxRow }>, maxErrors = 20): RowError[] {
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of rows) {
    if (errors.length >= maxErrors) break;
    if (value.base === value.quote) {
      errors.push({ line, column: 'quote', message: `${value.quote} is the same currency as base: a rate needs two` });
      continue;
    }
    const key = `${value.base}/${value.quote}/${value.date}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) errors.push({ line, column: 'date', message: `a second ${value.base}→${value.quote} rate on ${value.date} (the first is on line ${earlier})` });
    else seen.set(key, line);
  }
  return errors;
}
