import { resolveFxRate, resolveFxRates } from '../../src/core/market/fx.js';
import type { LedgerEntry, TransactionType } from '../../src/core/ledger/types.js';
import type { FxPoint, PricePoint, PriceProvider } from '../../src/core/ports.js';

/** An in-memory market built from literal arrays (an adapter of the port, not a mock). */
export type CloseRow = [symbol: string, date: string, close: string, currency?: string];
export type FxRow = [base: string, quote: string, date: string, rate: string];

export function memoryMarket(closeRows: CloseRow[], fxRows: FxRow[] = []): PriceProvider {
  const closes: PricePoint[] = closeRows
    .map(([symbol, date, close, currency = 'USD']) => ({ symbol, date, close, currency }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const of = (symbol: string) => closes.filter((p) => p.symbol === symbol);
  const sorted = [...fxRows].sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  const direct = (base: string, quote: string, date: string) => sorted.filter(([b, q, d]) => b === base && q === quote && d <= date).at(-1)?.[3] ?? null;
  const directSeries = async (base: string, quote: string, from: string, to: string): Promise<FxPoint[]> => {
    const rows = sorted.filter(([b, q]) => b === base && q === quote);
    const carried = rows.filter(([, , d]) => d <= from).at(-1);
    const later = rows.filter(([, , d]) => d > from && d <= to);
    return [...(carried ? [carried] : []), ...later].map(([, , date, rate]) => ({ date, rate }));
  };
  return {
    closes: async (symbol, from, to) => of(symbol).filter((p) => p.date >= from && p.date <= to),
    latestClose: async (symbol, onOrBefore) => of(symbol).filter((p) => p.date <= onOrBefore).at(-1) ?? null,
    firstDate: async (symbol) => of(symbol)[0]?.date ?? null,
    fxRate: (base, quote, date) => resolveFxRate(async (b, q, d) => direct(b, q, d), base, quote, date),
    fxRates: (base, quote, from, to) => resolveFxRates(directSeries, base, quote, from, to),
  };
}

/** `date type symbol quantity price amount fee currency tax` rows, as the CSV has them. */
export type Row = [
  date: string,
  type: TransactionType,
  symbol?: string | null,
  quantity?: string | null,
  price?: string | null,
  amount?: string | null,
  fee?: string | null,
  currency?: string,
  tax?: string | null,
];

export function entriesOf(rows: Row[]): AsyncIterable<LedgerEntry> {
  const entries = rows.map(([date, type, symbol = null, quantity = null, price = null, amount = null, fee = null, currency = 'USD', tax = null]) => ({
    date,
    type,
    symbol,
    quantity,
    price,
    amount,
    fee,
    currency,
    tax,
  }));
  return (async function* () {
    yield* entries;
  })();
}
