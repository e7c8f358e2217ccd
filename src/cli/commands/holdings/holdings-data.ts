import { FolioError, notFoundError } from '../../../core/errors.js';
import { ledgerAsOf } from '../../../core/ledger/checkpoints.js';
import type { CostBasisMethod } from '../../../core/ledger/types.js';
import type { Portfolio } from '../../../core/portfolios/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { weekdaysAfter } from '../../../core/performance/period.js';
import { stalePricesWarning } from '../../../core/performance/series.js';
import { autoUpdatePrices } from '../../market-feeds.js';

export const HOLDING_COLUMNS = [
  'symbol',
  'quantity',
  'averageCost',
  'costBasis',
  'realizedGain',
  'dividends',
  'currency',
  'price',
  'priceDate',
  'marketValue',
  'unrealizedGain',
  'weight',
  'priceSource',
] as const;

/**
 * A portfolio's holdings as of a date — what `folio holdings` shows and `folio export holdings`
 * writes: every position (closed ones too: what was sold off still carries realised gains), cash,
 * income, and, unless `value` is false, market values at the last close on or before the date with
 * the totals in the base currency. A missing price or FX rate is exit 4 with a way out.
 */
export async function loadHoldings(ctx: CliContext, portfolio: Portfolio, options: { asOf: string; method: CostBasisMethod; value: boolean }) {
  const { store } = await openLedger(ctx);
  const { ledger } = await ledgerAsOf(store, portfolio.id, options.method, options.asOf);
  const ledgerPositions = ledger.positions({ includeClosed: true });
  const cash = ledger.cash();
  const valuation = options.value
    ? await (async () => {
        await autoUpdatePrices(ctx, ledgerPositions.filter((p) => p.quantity !== '0').map((p) => p.symbol));
        const [market, { valueLedger }] = await Promise.all([ctx.prices(), import('../../../core/portfolios/snapshot.js')]);
        try {
          return (await valueLedger(market, ledger, portfolio, options.asOf, { includeClosed: true })).valuation;
        } catch (error) {
          if (error instanceof FolioError && (error.code === 'no_prices' || error.code === 'no_fx_rate')) {
            throw notFoundError(`${error.message} Or leave market values out with --no-value.`, error.code);
          }
          throw error;
        }
      })()
    : null;
  const positions = ledgerPositions.map((p) => {
    const v = valuation?.positions.get(p.symbol);
    return {
      symbol: p.symbol,
      quantity: p.quantity,
      averageCost: p.averageCost,
      costBasis: p.costBasis,
      realizedGain: p.realizedGain,
      dividends: p.dividends ?? '0',
      currency: p.currency,
      price: v?.price ?? null,
      priceDate: v?.priceDate ?? null,
      marketValue: v?.marketValue ?? null,
      unrealizedGain: v?.unrealizedGain ?? null,
      weight: v?.weight ?? null,
      priceSource: v?.priceSource ?? null,
    };
  });
  const warnings = [...(valuation?.warnings ?? [])];
  const pricesAsOf = valuation?.pricesAsOf ?? null;
  if (pricesAsOf !== null && weekdaysAfter(pricesAsOf, options.asOf) > 5) warnings.push(stalePricesWarning(pricesAsOf, options.asOf));
  return { positions, cash, income: ledger.income(), totals: valuation?.totals ?? null, pricesAsOf, warnings };
}
