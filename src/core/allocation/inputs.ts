import type { CashBalance, Position } from '../ledger/types.js';
import { requireClose, requireFxRate } from '../market/prices.js';
import { computeValuation, fetchMarketInputs, type MarketInputs, type ValuationInput } from '../market/valuation.js';
import type { MarketData, PricePoint } from '../ports.js';
import type { AllocationInput, AllocationLine } from './allocation.js';

export interface AllocationSource {
  /** Open positions at the as-of date (closed ones are ignored). */
  positions: Position[];
  cash: CashBalance[];
  baseCurrency: string;
  asOf: string;
  targets: Record<string, string>;
  /**
   * Also fetch what a rebalance trades at: the close and FX rate (close currency → base) of every
   * symbol, targets not held included. Without it a target not held needs no price at all.
   */
  quotes: boolean;
}

/**
 * Fetches what an allocation needs through the market-data port, then hands the pure core its
 * input. Values come from the same valuation as `folio holdings` (core/market/valuation.ts):
 * each position is valued alone, so its base-currency value is exactly the one that holdings adds
 * into its total. A missing close or FX rate is exit 4, as there.
 */
export async function gatherAllocationInput(market: MarketData, source: AllocationSource): Promise<AllocationInput> {
  const open = source.positions.filter((p) => p.quantity !== '0');
  const base: ValuationInput = { positions: open, cash: source.cash, baseCurrency: source.baseCurrency, asOf: source.asOf };
  const inputs: MarketInputs = await fetchMarketInputs(market, base);
  const valueOf = (position: Position) => computeValuation({ ...base, positions: [position], cash: [] }, inputs).totals.marketValue;
  const cash = computeValuation({ ...base, positions: [] }, inputs).totals.cash;

  const held = new Map(open.map((p) => [p.symbol, p]));
  const symbols = [...new Set([...held.keys(), ...Object.keys(source.targets)])];
  const lines = await Promise.all(
    symbols.map(async (symbol): Promise<AllocationLine> => {
      const position = held.get(symbol);
      const instrument = await market.instrument(symbol);
      let close: PricePoint | null = inputs.closes.get(symbol) ?? null;
      let rate: string | null = null;
      if (source.quotes) {
        close ??= await requireClose(market, symbol, source.asOf);
        rate = await requireFxRate(market, close.currency, source.baseCurrency, source.asOf);
      } else if (!close && !instrument) {
        close = await market.latestClose(symbol, source.asOf); // only for its currency; may be null
      }
      return {
        symbol,
        quantity: position?.quantity ?? '0',
        value: position ? valueOf(position) : '0',
        close,
        rate,
        class: instrument?.class ?? null,
        sector: instrument?.sector ?? null,
        currency: instrument?.currency ?? close?.currency ?? position?.currency ?? source.baseCurrency,
      };
    }),
  );
  const dates = [...inputs.closes.values()].filter((c) => !inputs.tradePriced?.has(c.symbol)).map((c) => c.date).sort();
  return { currency: source.baseCurrency, lines, cash, targets: source.targets, pricesAsOf: dates[0] ?? null };
}
