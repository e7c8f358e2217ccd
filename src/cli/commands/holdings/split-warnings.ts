import { missingSplits, missingSplitWarning } from '../../../core/market/split-check.js';
import type { Portfolio } from '../../../core/portfolios/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { loadEvents } from '../quote/events.js';

/** Warns on stderr about provider splits after a buy that the ledger does not record. */
export async function warnMissingSplits(ctx: CliContext, portfolio: Portfolio, portfolioRef: string, held: string[], asOf: string): Promise<void> {
  if (held.length === 0) return;
  const splits = (await Promise.all(held.map((symbol) => loadEvents(ctx, symbol))))
    .flatMap((events, i) => events.filter((e) => e.kind === 'split').map((e) => ({ symbol: held[i]!, date: e.date, ratio: e.value })));
  if (splits.length === 0) return;
  // Of the ledger, only the first buy of each symbol the provider split and the splits on its dates.
  const { store } = await openLedger(ctx);
  const moves = await store.firstBuysAndSplits(portfolio.id, splits);
  for (const split of missingSplits(moves, splits, new Set(held), asOf)) ctx.info(missingSplitWarning(split, portfolioRef));
}
