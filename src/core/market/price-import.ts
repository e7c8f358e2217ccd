import { usageError } from '../errors.js';
import { formatRowErrors, type RowError } from '../ledger/transaction-service.js';
import type { PriceRow } from './types.js';

export interface LinedPriceRow {
  line: number;
  value: PriceRow;
}

/**
 * Checks across the rows of one price import, after each row passed on its own: a symbol and day
 * appear once; a symbol keeps one currency, the one its instrument is quoted in when known
 * (`currencyOf`), else the one of its first row in the file.
 */
export function checkPriceRows(rows: LinedPriceRow[], currencyOf: (symbol: string) => string | undefined, maxErrors = 20): RowError[] {
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const fileCurrency = new Map<string, { currency: string; line: number }>();
  for (const { line, value } of rows) {
    if (errors.length >= maxErrors) break;
    const key = `${value.symbol}\0${value.date}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ line, column: 'date', message: `a second close of ${value.symbol} on ${value.date} (the first is on line ${earlier})` });
      continue;
    }
    seen.set(key, line);
    const known = currencyOf(value.symbol);
    if (known !== undefined && known !== value.currency) {
      errors.push({ line, column: 'currency', message: `${value.symbol} is quoted in ${known}, not ${value.currency}` });
      continue;
    }
    const first = fileCurrency.get(value.symbol);
    if (first && first.currency !== value.currency) {
      errors.push({ line, column: 'currency', message: `${value.symbol} is in ${first.currency} on line ${first.line}, not ${value.currency}: one currency per symbol` });
      continue;
    }
    if (!first) fileCurrency.set(value.symbol, { currency: value.currency, line });
  }
  return errors;
}

/** The one error of a refused import: every bad row as `line N, column C: why`, exit 2. */
export function invalidPriceRows(errors: RowError[], truncated = false) {
  return usageError(
    `Nothing was imported: ${errors.length === 1 ? 'a row is' : 'rows are'} not valid.\n${formatRowErrors(errors, truncated)}`,
    'invalid_rows',
    errors,
  );
}
