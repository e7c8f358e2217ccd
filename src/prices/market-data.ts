import type { Clock, MarketData, PriceProvider } from '../core/ports.js';
import type { Database } from '../db/connect.js';
import { findInstrument, listInstruments, listSplits } from '../db/repositories/market.js';
import { chainPrices } from './chain.js';
import { fixtureFeed } from './fixture-feed.js';
import { accountPrices, importedPrices, storedPrices } from './stored-prices.js';

/** Whose market data: an account's id and chosen providers (null: nobody signed in, the shared data only). */
export interface MarketAccount {
  id: string;
  priceProvider: 'fixtures' | 'yahoo' | 'tiingo';
  fxProvider: 'fixtures' | 'ecb';
}

export interface MarketDataOptions {
  /** Where the fixture files are (default: the package's fixtures/). */
  fixturesDir: string;
  clock: Clock;
  account?: MarketAccount | null;
  /** Extend the mock walk to today (default); FOLIO_FIXTURES_DIR's files are taken as they are. */
  extendFixtures?: boolean;
}

/**
 * The order in which sources are asked, first wins (day by day for closes):
 * - a real provider (yahoo, tiingo): its closes, then the account's own imports, then the shared
 *   cache (shared imports, then the other real provider). The mock feed never mixes with real data.
 * - fixtures (the default): the account's own imports, then shared imports, then the mock feed,
 *   so a user's real closes override mock ones.
 * FX rates follow `fx.provider` the same way (ecb, or the mock feed's rates).
 */
type SourceName = 'own' | 'import' | 'fixture' | 'yahoo' | 'tiingo' | 'ecb';

export function sourceOrder(account: MarketAccount | null | undefined): { prices: SourceName[]; fx: SourceName[] } {
  const provider = account?.priceProvider ?? 'fixtures';
  const prices: SourceName[] = provider === 'fixtures' ? ['own', 'import', 'fixture'] : [provider, 'own', 'import', provider === 'yahoo' ? 'tiingo' : 'yahoo'];
  const fx: SourceName[] = account?.fxProvider === 'ecb' ? ['ecb', 'own', 'import'] : ['own', 'import', 'fixture'];
  return { prices, fx };
}

/** Market data as commands use it: the account's chain of closes and rates, and the instruments. */
export async function openMarketData(database: Database, options: MarketDataOptions): Promise<MarketData> {
  const { prices: priceOrder, fx: fxOrder } = sourceOrder(options.account);
  const needsFixture = [...priceOrder, ...fxOrder].includes('fixture');
  const fixture = needsFixture ? await fixtureFeed(database, { dir: options.fixturesDir, clock: options.clock, extend: options.extendFixtures }) : null;
  const account = options.account;
  const source = (name: SourceName): PriceProvider | null => {
    if (name === 'own') return account ? accountPrices(database, account.id) : null;
    if (name === 'import') return importedPrices(database);
    if (name === 'fixture') return fixture;
    return storedPrices(database, name);
  };
  const chain = (order: SourceName[]) => chainPrices(order.map(source).filter((p): p is PriceProvider => p !== null));
  const closes = chain(priceOrder);
  const rates = chain(fxOrder);
  const { db } = database;
  return {
    closes: closes.closes,
    latestClose: closes.latestClose,
    closeSeries: closes.closeSeries,
    firstDate: closes.firstDate,
    fxRate: rates.fxRate,
    fxRates: rates.fxRates,
    instrument: (symbol) => findInstrument(db, symbol),
    instruments: () => listInstruments(db),
    splits: (symbol) => listSplits(db, symbol),
  };
}
