import { bollinger, ema, macd, rsi, sma, type Close } from '../../analytics/index.js';
import type { PricePoint } from '../ports.js';

/**
 * The rows of `folio indicators`: each close with every indicator on that day. Pure.
 *
 * - Every indicator is computed on the whole close history handed in (from the symbol's first
 *   close), and only then are the rows cut to FROM..TO, so the values at FROM are warmed up with
 *   the closes before it (an SMA(20) at FROM already averages the 20 closes up to FROM).
 * - A value is null until the indicator has enough closes (SMA/EMA/Bollinger n − 1 nulls, RSI n,
 *   MACD line slow − 1, signal and histogram slow + signal − 2); floats otherwise (statistics,
 *   not money). The close stays the exact decimal string of the feed.
 * - MACD (12, 26, 9) and Bollinger (20, 2, population deviation) are fixed by DESIGN.md;
 *   SMA, EMA and RSI periods are options (defaults 20, 20, 14).
 */

export interface IndicatorPeriods {
  sma: number;
  ema: number;
  rsi: number;
}

export const DEFAULT_PERIODS: IndicatorPeriods = { sma: 20, ema: 20, rsi: 14 };

export interface IndicatorRow {
  date: string;
  close: string;
  sma: number | null;
  ema: number | null;
  rsi: number | null;
  macd: number | null;
  macdSignal: number | null;
  macdHistogram: number | null;
  bollingerUpper: number | null;
  bollingerMiddle: number | null;
  bollingerLower: number | null;
}

export const INDICATOR_COLUMNS = [
  'date',
  'close',
  'sma',
  'ema',
  'rsi',
  'macd',
  'macdSignal',
  'macdHistogram',
  'bollingerUpper',
  'bollingerMiddle',
  'bollingerLower',
] as const satisfies ReadonlyArray<keyof IndicatorRow>;

/** `history` oldest first; rows are kept from `from` (inclusive) on, when given. */
export function indicatorRows(history: readonly PricePoint[], periods: IndicatorPeriods, from?: string): IndicatorRow[] {
  const closes: Close[] = history.map((p) => ({ date: p.date, close: Number(p.close) }));
  const smaPoints = sma(closes, periods.sma);
  const emaPoints = ema(closes, periods.ema);
  const rsiPoints = rsi(closes, periods.rsi);
  const macdPoints = macd(closes);
  const bands = bollinger(closes);
  const rows: IndicatorRow[] = [];
  history.forEach((point, i) => {
    if (from !== undefined && point.date < from) return;
    rows.push({
      date: point.date,
      close: point.close,
      sma: smaPoints[i]!.value,
      ema: emaPoints[i]!.value,
      rsi: rsiPoints[i]!.value,
      macd: macdPoints[i]!.macd,
      macdSignal: macdPoints[i]!.signal,
      macdHistogram: macdPoints[i]!.histogram,
      bollingerUpper: bands[i]!.upper,
      bollingerMiddle: bands[i]!.middle,
      bollingerLower: bands[i]!.lower,
    });
  });
  return rows;
}
