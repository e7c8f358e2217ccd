import { missingSplits, missingSplitWarning } from '../../../core/market/split-check.js';
import type { HoldingMove } from '../../../core/ports.js';
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
  // Only the symbols the provider split, and of their moves only the first buy and the splits: a
  // long history is streamed, never held (a million moves would cost hundreds of MB).
  const { store } = await openLedger(ctx);
  const moves: HoldingMove[] = [];
  const bought = new Set<string>();
  for await (const move of store.holdingMoves(portfolio.id, [...new Set(splits.map((s) => s.symbol))])) {
    const buy = move.type === 'buy' || (move.type as string) === 'transfer-in';
    if (move.type === 'split' || (buy && !bought.has(move.symbol!))) moves.push(move);
    if (buy) bought.add(move.symbol!);
  }
  for (const split of missingSplits(moves, splits, new Set(held), asOf)) ctx.info(missingSplitWarning(split, portfolioRef));
}
