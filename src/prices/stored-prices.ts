import { resolveFxRate, resolveFxRates } from '../core/market/fx.js';
import type { MarketDataSource } from '../core/market/types.js';
import type { PriceProvider } from '../core/ports.js';
import type { Database } from '../db/connect.js';
import { selectCloses, selectFirstDate, selectFxRate, selectFxRateSeries, selectLatestClose } from '../db/repositories/market.js';

/**
 * A price provider over the closes and FX rates of one source in the database's market tables:
 * 'fixture' (the mock feed, once loaded) or 'import' (what users imported).
 */
export function storedPrices(database: Database, source: MarketDataSource): PriceProvider {
  const { db } = database;
  return {
    closes: (symbol, from, to) => selectCloses(db, source, symbol, from, to),
    latestClose: (symbol, onOrBefore) => selectLatestClose(db, source, symbol, onOrBefore),
    firstDate: (symbol) => selectFirstDate(db, source, symbol),
    fxRate: (base, quote, date) => resolveFxRate((b, q, d) => selectFxRate(db, source, b, q, d), base, quote, date),
    fxRates: (base, quote, from, to) => resolveFxRates((b, q, f, t) => selectFxRateSeries(db, source, b, q, f, t), base, quote, from, to),
  };
}

/** Closes users brought with `folio prices import`: a real provider's data, ahead of the mock feed. */
export function importedPrices(database: Database): PriceProvider {
  return storedPrices(database, 'import');
}
