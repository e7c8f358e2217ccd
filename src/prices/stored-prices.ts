import { resolveFxRate, resolveFxRates } from '../core/market/fx.js';
import type { MarketDataSource } from '../core/market/types.js';
import type { PriceProvider } from '../core/ports.js';
import type { Database } from '../db/connect.js';
import { selectCloses, selectCloseSeries, selectFirstDate, selectFxRate, selectFxRateSeries, selectLatestClose } from '../db/repositories/market.js';
import {
  selectAccountCloses,
  selectAccountCloseSeries,
  selectAccountFirstDate,
  selectAccountFxRate,
  selectAccountFxRateSeries,
  selectAccountLatestClose,
} from '../db/repositories/market-sources.js';

/**
 * A price provider over the closes and FX rates of one source in the database's market tables:
 * 'fixture' (the mock feed, once loaded), 'import' (shared imports, written by admins) or a
 * provider's ('yahoo', 'tiingo', 'ecb'; ECB rates are EUR-based, so its cross rates go through EUR).
 */
export function storedPrices(database: Database, source: MarketDataSource): PriceProvider {
  const { db } = database;
  const pivot = source === 'ecb' ? 'EUR' : undefined;
  return {
    closes: (symbol, from, to) => selectCloses(db, source, symbol, from, to),
    latestClose: (symbol, onOrBefore) => selectLatestClose(db, source, symbol, onOrBefore),
    closeSeries: (symbols, start, end) => selectCloseSeries(database, source, symbols, start, end),
    firstDate: (symbol) => selectFirstDate(db, source, symbol),
    fxRate: (base, quote, date) => resolveFxRate((b, q, d) => selectFxRate(db, source, b, q, d), base, quote, date, pivot),
    fxRates: (base, quote, from, to) => resolveFxRates((b, q, f, t) => selectFxRateSeries(db, source, b, q, f, t), base, quote, from, to, pivot),
  };
}

/** Closes shared by every account with `folio prices import --shared` (admins only). */
export function importedPrices(database: Database): PriceProvider {
  return storedPrices(database, 'import');
}

/** What one account imported: its own closes and rates, seen by nobody else. */
export function accountPrices(database: Database, userId: string): PriceProvider {
  const { db } = database;
  return {
    closes: (symbol, from, to) => selectAccountCloses(db, userId, symbol, from, to),
    latestClose: (symbol, onOrBefore) => selectAccountLatestClose(db, userId, symbol, onOrBefore),
    closeSeries: (symbols, start, end) => selectAccountCloseSeries(database, userId, symbols, start, end),
    firstDate: (symbol) => selectAccountFirstDate(db, userId, symbol),
    fxRate: (base, quote, date) => resolveFxRate((b, q, d) => selectAccountFxRate(db, userId, b, q, d), base, quote, date),
    fxRates: (base, quote, from, to) => resolveFxRates((b, q, f, t) => selectAccountFxRateSeries(db, userId, b, q, f, t), base, quote, from, to),
  };
}
