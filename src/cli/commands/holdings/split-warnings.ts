import { missingSplits, missingSplitWarning } from '../../../core/market/split-check.js';
import type { HoldingMove } from '../../../core/ports.js';
import type { Portfolio } from '../../../core/portfolios/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { loadEvents } from '../quote/events.js';

/** Warns on stderr about provider splits after a buy that the ledger does not record. */
export async function warnMissingSplits(ctx: CliContext, portfolio: Portfolio, portfolioRef: string, held: string[], asOf: string): Promise<void> {
  if (held.length === 0) return;
  const { store } = await openLedger(ctx);
  const moves: HoldingMove[] = [];
  for await (const move of store.holdingMoves(portfolio.id, held)) moves.push(move);
  const splits = (await Promise.all(held.map((symbol) => loadEvents(ctx, symbol))))
    .flatMap((events, i) => events.filter((e) => e.kind === 'split').map((e) => ({ symbol: held[i]!, date: e.date, ratio: e.value })));
  for (const split of missingSplits(moves, splits, new Set(held), asOf)) ctx.info(missingSplitWarning(split, portfolioRef));
}
