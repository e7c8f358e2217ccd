import { ledgerAsOf } from '../ledger/checkpoints.js';
import type { Ledger } from '../ledger/ledger.js';
import type { CostBasisMethod, Position } from '../ledger/types.js';
import { valueHoldings, type Valuation } from '../market/valuation.js';
import type { LedgerStore, PriceProvider } from '../ports.js';
import type { Portfolio } from './types.js';

/** What a snapshot reads of the ledger: its entries and the checkpoints that shorten the replay. */
export type LedgerReader = Pick<LedgerStore, 'checkpoints' | 'ledgerEntries'>;

export interface PortfolioSnapshot {
  ledger: Ledger;
  /** The positions valued (closed ones too with `includeClosed`). */
  positions: Position[];
  valuation: Valuation;
}

/**
 * The portfolio at the end of a date, the one way every command and alert sees it: the ledger from
 * the latest checkpoint on or before the date (quantities and cash do not depend on the cost-basis
 * method, so `fifo` unless costs are shown), valued at the last closes and FX rates on or before it.
 * A symbol with no close yet is valued at its last trade price.
 */
export async function snapshotAt(
  ledgers: LedgerReader,
  market: PriceProvider,
  portfolio: Pick<Portfolio, 'id' | 'baseCurrency'>,
  asOf: string,
  options: { method?: CostBasisMethod; includeClosed?: boolean } = {},
): Promise<PortfolioSnapshot> {
  const { ledger } = await ledgerAsOf(ledgers, portfolio.id, options.method ?? 'fifo', asOf);
  return { ledger, ...(await valueLedger(market, ledger, portfolio, asOf, options)) };
}

/** The second half of a snapshot, for a caller with work between the two (fetching missing closes). */
export async function valueLedger(
  market: PriceProvider,
  ledger: Ledger,
  portfolio: Pick<Portfolio, 'baseCurrency'>,
  asOf: string,
  options: { includeClosed?: boolean } = {},
): Promise<Omit<PortfolioSnapshot, 'ledger'>> {
  const positions = ledger.positions({ includeClosed: options.includeClosed ?? false });
  const valuation = await valueHoldings(market, {
    positions,
    cash: ledger.cash(),
    baseCurrency: portfolio.baseCurrency,
    asOf,
    tradePrice: (symbol) => ledger.tradePrice(symbol),
  });
  return { positions, valuation };
}
