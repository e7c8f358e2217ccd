import { drawdownSeries, twrIndex } from '../../analytics/index.js';
import { decString } from '../decimal.js';
import { addScaled, formatUnits, SCALED_ZERO } from './replay.js';
import type { Performance } from './analyze.js';
import type { Interval } from './types.js';
import { isoWeekStart } from '../dates.js';

/** One row of `folio history`: a valuation day (the last of its week or month for coarser intervals). */
export interface HistoryRow {
  date: string;
  /** Open positions at the close, base currency, exact. */
  marketValue: string;
  /** The scope's value (marketValue, plus cash in the account scope), exact. */
  value: string;
  /** Net flow into the scope on the day (summed over the week or month), exact. */
  netFlows: string;
  /** Cumulative TWR index: 1 at the period's start point. */
  twrIndex: number;
  /** Fall of the TWR index below its highest earlier value, a fraction ≤ 0. */
  drawdown: number;
}

/** The Monday of a date's ISO week, a key that groups its days. */
const weekKey = isoWeekStart;

const KEY: Record<Interval, (date: string) => string> = {
  day: (date) => date,
  week: weekKey,
  month: (date) => date.slice(0, 7),
};

/**
 * The valuation series as rows, by day or (the last valuation day of each) week or month, with the
 * flows of every day in between summed. Needs the series made with `exactDays`.
 */
export function historyRows({ series, valuationDays }: Performance, interval: Interval): HistoryRow[] {
  // Index and drawdown are daily, from the start point; the start point itself is not a row.
  const index = twrIndex(valuationDays).slice(1);
  const drawdowns = drawdownSeries(twrIndex(valuationDays)).slice(1);
  const key = KEY[interval];
  const rows: HistoryRow[] = [];
  let flows = SCALED_ZERO;
  series.days.forEach((day, i) => {
    flows = addScaled(flows, day.flowExact.units, day.flowExact.places);
    const next = series.days[i + 1];
    if (next && key(next.date) === key(day.date)) return;
    rows.push({
      date: day.date,
      marketValue: decString(day.exact!.marketValue),
      value: decString(day.exact!.value),
      netFlows: formatUnits(flows.units, flows.places),
      twrIndex: index[i]!.value,
      drawdown: drawdowns[i]!.drawdown,
    });
    flows = SCALED_ZERO;
  });
  return rows;
}
