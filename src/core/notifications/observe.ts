import { computeAllocation } from '../allocation/allocation.js';
import { gatherAllocationInput } from '../allocation/inputs.js';
import type { Alert, Observation } from '../alerts/types.js';
import { notFoundError } from '../errors.js';
import { ledgerAsOf } from '../ledger/checkpoints.js';
import { requireClose } from '../market/prices.js';
import type { MarketData, PortfolioRepository } from '../ports.js';
import { snapshotAt, type LedgerReader } from '../portfolios/snapshot.js';
import type { Portfolio } from '../portfolios/types.js';
import { addDays } from './schedule.js';

export interface ObserverDeps {
  market: MarketData;
  portfolios: Pick<PortfolioRepository, 'findVisible' | 'listVisible'>;
  /** The ledgers: entries and checkpoints, read as `folio holdings` reads them. */
  ledgers: LedgerReader;
}

/**
 * Fetches what an alert or a digest needs through the ports: closes, portfolio values (the same
 * valuation as `folio holdings`) and drift (the same allocation as `folio allocation`).
 */
export function createObserver(deps: ObserverDeps) {
  const { market } = deps;

  async function portfolioOf(alert: Alert): Promise<Portfolio> {
    const grant = alert.portfolioId ? await deps.portfolios.findVisible(alert.userId, { id: alert.portfolioId }) : undefined;
    if (!grant) throw notFoundError('Its portfolio no longer exists or is no longer shared with you.', 'portfolio_not_found');
    return grant.portfolio;
  }

  async function ledgerAt(portfolio: Portfolio, asOf: string) {
    // Quantities and cash do not depend on the cost-basis method.
    return (await ledgerAsOf(deps.ledgers, portfolio.id, 'fifo', asOf)).ledger;
  }

  async function portfolioValue(portfolio: Portfolio, asOf: string): Promise<string> {
    return (await snapshotAt(deps.ledgers, market, portfolio, asOf)).valuation.totals.value;
  }

  return {
    portfolioValue,

    /** The portfolios a digest covers: those the user owns. */
    async ownPortfolios(userId: string): Promise<Portfolio[]> {
      return (await deps.portfolios.listVisible(userId)).filter((g) => g.role === 'owner').map((g) => g.portfolio);
    },

    async observe(alert: Alert, asOf: string): Promise<Observation> {
      switch (alert.type) {
        case 'price-above':
        case 'price-below': {
          const close = await requireClose(market, alert.symbol!, asOf);
          return { kind: 'price', symbol: close.symbol, date: close.date, close: close.close, currency: close.currency };
        }
        case 'move': {
          const close = await requireClose(market, alert.symbol!, asOf);
          const previous = await market.latestClose(alert.symbol!, addDays(close.date, -1));
          if (!previous) throw notFoundError(`No close of ${alert.symbol} before ${close.date} to measure a move from.`, 'no_prices');
          return {
            kind: 'move',
            symbol: close.symbol,
            date: close.date,
            close: close.close,
            previousDate: previous.date,
            previousClose: previous.close,
            currency: close.currency,
          };
        }
        case 'portfolio-change': {
          const portfolio = await portfolioOf(alert);
          return { kind: 'portfolio', portfolio: portfolio.name, date: asOf, value: await portfolioValue(portfolio, asOf), currency: portfolio.baseCurrency };
        }
        case 'drift': {
          const portfolio = await portfolioOf(alert);
          const ledger = await ledgerAt(portfolio, asOf);
          const input = await gatherAllocationInput(market, {
            positions: ledger.positions(),
            cash: ledger.cash(),
            baseCurrency: portfolio.baseCurrency,
            asOf,
            targets: portfolio.targets,
            quotes: false,
          });
          let worst = { key: '', drift: 0, weight: 0, target: 0 };
          for (const group of computeAllocation(input, 'symbol').groups) {
            if (group.drift === null || group.weight === null || group.target === null) continue;
            if (worst.key === '' || Math.abs(group.drift) > Math.abs(worst.drift)) {
              worst = { key: group.key, drift: group.drift, weight: group.weight, target: group.target };
            }
          }
          return { kind: 'drift', portfolio: portfolio.name, date: asOf, ...worst };
        }
      }
    },
  };
}

export type Observer = ReturnType<typeof createObserver>;
