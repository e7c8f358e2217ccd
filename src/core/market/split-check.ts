import type { DatedMove } from '../ports.js';
import { formatRatio } from './feed.js';

export interface MissingSplit {
  symbol: string;
  /** The split's date and ratio as the provider reports them (4 = 4-for-1). */
  date: string;
  ratio: string;
  /** The first buy before the split. */
  boughtOn: string;
}

/**
 * Splits a provider reports after a buy of a symbol still held, on or before `asOf`, that the
 * ledger does not record (no split transaction of the symbol on that date): the position's
 * quantity, and so its value at the traded closes, would be off by the ratio.
 */
export function missingSplits(moves: DatedMove[], splits: Array<{ symbol: string; date: string; ratio: string }>, heldSymbols: Set<string>, asOf: string): MissingSplit[] {
  const firstBuy = new Map<string, string>();
  const recorded = new Set<string>();
  for (const move of moves) {
    if (!move.symbol) continue;
    if ((move.type === 'buy' || (move.type as string) === 'transfer-in') && !firstBuy.has(move.symbol)) firstBuy.set(move.symbol, move.date);
    if (move.type === 'split') recorded.add(`${move.symbol}|${move.date}`);
  }
  return splits
    .filter((s) => heldSymbols.has(s.symbol) && s.date <= asOf)
    .filter((s) => {
      const bought = firstBuy.get(s.symbol);
      return bought !== undefined && bought < s.date && !recorded.has(`${s.symbol}|${s.date}`);
    })
    .map((s) => ({ ...s, boughtOn: firstBuy.get(s.symbol)! }));
}

/** The warning, with the exact command that records the split. */
export function missingSplitWarning(split: MissingSplit, portfolioRef: string): string {
  const quoted = /^[\w@./-]+$/.test(portfolioRef) ? portfolioRef : `'${portfolioRef.replace(/'/g, `'\\''`)}'`;
  return (
    `warning: ${split.symbol} split ${formatRatio(split.ratio)} on ${split.date}, after your buy on ${split.boughtOn}, but the ledger has no split; ` +
    `record it with: folio tx add ${quoted} --type split --symbol ${split.symbol} --quantity ${split.ratio} --date ${split.date}`
  );
}
