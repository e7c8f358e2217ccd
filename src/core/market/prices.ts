import { shiftDate } from '../dates.js';
import { notFoundError } from '../errors.js';
import type { PricePoint, PriceProvider } from '../ports.js';

/** How to give folio prices it does not have, for error messages. */
export const IMPORT_PRICES_HINT =
  'import its closes with `folio prices import FILE` (a CSV file with the columns symbol,date,close,currency), or fetch them with `folio prices update SYMBOL` (prices.provider yahoo or tiingo)';

/** A symbol's closes are unknown, or unknown that early: exit 4, naming the symbol and the way out. */
export async function missingPriceError(prices: PriceProvider, symbol: string, date: string) {
  const first = await prices.firstDate(symbol);
  if (first === null) return notFoundError(`No prices for ${symbol}: ${IMPORT_PRICES_HINT}.`, 'no_prices');
  return notFoundError(
    `No price for ${symbol} on or before ${date}: its closes start on ${first}. To value it earlier, ${IMPORT_PRICES_HINT}.`,
    'no_prices',
  );
}

/** The last close of `symbol` on or before `date`; never a silent zero. */
export async function requireClose(prices: PriceProvider, symbol: string, date: string): Promise<PricePoint> {
  const point = await prices.latestClose(symbol, date);
  if (point) return point;
  throw await missingPriceError(prices, symbol, date);
}

/** The error of a missing rate: the pair, the date, and the command that fixes it. */
export function fxRateMissingMessage(base: string, quote: string, date: string): string {
  return `No ${base}→${quote} exchange rate on or before ${date}: import one with \`folio fx import FILE\` (a CSV file with the columns date,base,quote,rate).`;
}

/** How many `quote` one `base` buys on `date`; a missing rate is exit 4, never a rate of 1 or 0. */
export async function requireFxRate(prices: PriceProvider, base: string, quote: string, date: string): Promise<string> {
  const rate = await prices.fxRate(base, quote, date);
  if (rate !== null) return rate;
  throw notFoundError(fxRateMissingMessage(base, quote, date), 'no_fx_rate');
}

/**
 * Every symbol's carry-in close (the last on or before `start`) then its closes up to `end`, oldest
 * first: the provider's batch read when it has one, else `latestClose` and `closes` symbol by symbol.
 * A symbol without any is absent.
 */
export async function closeSeries(prices: PriceProvider, symbols: readonly string[], start: string, end: string): Promise<Map<string, PricePoint[]>> {
  if (prices.closeSeries) return prices.closeSeries(symbols, start, end);
  const lists = await Promise.all(
    symbols.map(async (symbol) => {
      const [carry, later] = await Promise.all([prices.latestClose(symbol, start), start < end ? prices.closes(symbol, shiftDate(start, 1), end) : []]);
      return [symbol, carry ? [carry, ...later] : later] as const;
    }),
  );
  return new Map(lists.filter(([, points]) => points.length > 0));
}
