import type { Clock, MarketData } from '../core/ports.js';
import type { Database } from '../db/connect.js';
import { findInstrument, listInstruments, listSplits } from '../db/repositories/market.js';
import { chainPrices } from './chain.js';
import { fixtureFeed } from './fixture-feed.js';
import { importedPrices } from './stored-prices.js';

export interface MarketDataOptions {
  /** Where the fixture files are (default: the package's fixtures/). */
  fixturesDir: string;
  clock: Clock;
}

/**
 * Market data as commands use it: prices from the chain [imported, fixture feed] (a user's real
 * closes override the mock ones, day by day) and the instruments both sources know.
 */
export async function openMarketData(database: Database, options: MarketDataOptions): Promise<MarketData> {
  const fixture = await fixtureFeed(database, { dir: options.fixturesDir, clock: options.clock });
  const prices = chainPrices([importedPrices(database), fixture]);
  const { db } = database;
  return {
    ...prices,
    instrument: (symbol) => findInstrument(db, symbol),
    instruments: () => listInstruments(db),
    splits: (symbol) => listSplits(db, symbol),
  };
}
