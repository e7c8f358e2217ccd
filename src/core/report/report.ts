import type { Allocation } from '../allocation/allocation.js';
import { dec, decString, ZERO, type Decimal } from '../decimal.js';
import type { Position, TransactionFields } from '../ledger/types.js';
import type { Analysis, Performance } from '../performance/analyze.js';
import { historyRows } from '../performance/history.js';
import type { LedgerPoint, LedgerYears } from './ledger-years.js';

/**
 * `folio report`: everything a performance report shows, gathered into one plain object that the
 * text, Markdown and HTML renderers (src/io/report/) lay out. Pure: the command fetches, this
 * function arranges. Money is exact decimal strings in the base currency; returns are fractions.
 *
 * Decisions:
 * - Every figure comes from the same core as `folio analyze` / `history` for the same period, so
 *   the summary matches `analyze --json` exactly, the monthly gains add up to its total gain and
 *   the monthly returns chain to its TWR.
 * - Amounts the ledger keeps per currency (realised gains, dividends, cost bases) are converted
 *   at the rate in effect on TO, as `analyze` does; so realised gains by year add up to its figure.
 * - A mover's gain is its unrealised gain to date (value at TO − cost basis) plus what it realised
 *   and paid in dividends during the period.
 */

export interface PeriodReturn {
  /** `2024-03` for a month, `2024` for a year. */
  label: string;
  /** The last valuation day in it. */
  to: string;
  /** The scope's value at its end, exact. */
  value: string;
  netFlows: string;
  /** value − value at the end of the previous row (or the period's start value) − netFlows. */
  gain: string;
  /** Time-weighted return over it; null when nothing was held. */
  twr: number | null;
}

export interface Mover {
  symbol: string;
  /** Value at TO in the base currency ('0' when sold off). */
  value: string;
  unrealizedGain: string;
  realizedGain: string;
  dividends: string;
  total: string;
}

export interface IncomeYear {
  year: string;
  realizedGain: string;
  dividends: string;
  interest: string;
  fees: string;
}

export interface SeriesPoint {
  date: string;
  value: number;
  drawdown: number;
}

/** A transaction as the report lists it: its CSV fields. */
export type ReportTransaction = TransactionFields;

export interface ReportData {
  portfolio: { name: string; description: string | null; currency: string };
  generatedOn: string;
  summary: Analysis;
  /** Daily value and drawdown over the period, for the charts (the start point first). */
  series: SeriesPoint[];
  months: PeriodReturn[];
  years: PeriodReturn[];
  allocation: { bySymbol: Allocation; byClass: Allocation; cashIncluded: boolean };
  gains: Mover[];
  losses: Mover[];
  dividends: { bySymbol: Array<{ symbol: string; amount: string }>; total: string };
  incomeByYear: IncomeYear[];
  transactions: { rows: ReportTransaction[]; total: number; shown: number };
  warnings: string[];
  /** With `report --frontier` (HTML): the efficient frontier of the holdings. */
  frontier?: import('../optimize/frontier-report.js').FrontierReport;
}

export interface ReportInput {
  portfolio: { name: string; description: string | null; baseCurrency: string };
  generatedOn: string;
  analysis: Analysis;
  /** Made with `exactDays`. */
  performance: Performance;
  ledger: LedgerYears;
  /** By symbol and by class, as of TO. */
  allocation: { bySymbol: Allocation; byClass: Allocation; cashIncluded: boolean };
  /** Base-currency value of each open position at TO. */
  values: Map<string, string>;
  /** The period's transactions (the latest ones when there are many) and how many there are in all. */
  transactions: { rows: ReportTransaction[]; total: number };
  /** How many movers each way. */
  top?: number;
}

const bySymbol = (point: LedgerPoint) => new Map(point.positions.map((p) => [p.symbol, p]));
const field = (p: Position | undefined, key: 'realizedGain' | 'dividends' | 'costBasis') => (p ? dec(p[key] ?? '0') : ZERO);

export function buildReport(input: ReportInput): ReportData {
  const { analysis, performance, ledger } = input;
  const rate = (currency: string) => performance.series.rateOnTo(currency);

  const months = periodReturns(performance, analysis, (date) => date.slice(0, 7), 'month');
  const years = periodReturns(performance, analysis, (date) => date.slice(0, 4), 'month');

  const series: SeriesPoint[] = [];
  if (performance.series.days.length > 0) {
    series.push({ date: analysis.startDate, value: Number(analysis.startValue), drawdown: 0 });
    for (const row of historyRows(performance, 'day')) series.push({ date: row.date, value: Number(row.value), drawdown: row.drawdown });
  }

  // Movers: every symbol with a position at the end (closed ones too) that moved in the period.
  const start = bySymbol(ledger.start);
  const end = ledger.yearEnds.at(-1)?.point ?? ledger.start;
  const movers: Mover[] = [];
  for (const p of end.positions) {
    const before = start.get(p.symbol);
    const toBase = rate(p.currency);
    const value = dec(input.values.get(p.symbol) ?? '0');
    const unrealized = p.quantity === '0' ? ZERO : value.minus(field(p, 'costBasis').times(toBase));
    const realized = field(p, 'realizedGain').minus(field(before, 'realizedGain')).times(toBase);
    const dividends = field(p, 'dividends').minus(field(before, 'dividends')).times(toBase);
    if (p.quantity === '0' && realized.eq(ZERO) && dividends.eq(ZERO)) continue;
    const total = unrealized.plus(realized).plus(dividends);
    movers.push({
      symbol: p.symbol,
      value: decString(value),
      unrealizedGain: decString(unrealized),
      realizedGain: decString(realized),
      dividends: decString(dividends),
      total: decString(total),
    });
  }
  const top = input.top ?? 5;
  const gains = movers.filter((m) => dec(m.total).gt(ZERO)).sort((a, b) => dec(b.total).cmp(dec(a.total)) || a.symbol.localeCompare(b.symbol)).slice(0, top);
  const losses = movers.filter((m) => dec(m.total).lt(ZERO)).sort((a, b) => dec(a.total).cmp(dec(b.total)) || a.symbol.localeCompare(b.symbol)).slice(0, top);

  // Dividends by symbol over the period; a dividend recorded without a symbol shows as `(no symbol)`.
  const dividendRows: Array<{ symbol: string; amount: string }> = [];
  let bySymbolTotal = ZERO;
  for (const p of end.positions) {
    const amount = field(p, 'dividends').minus(field(start.get(p.symbol), 'dividends')).times(rate(p.currency));
    if (amount.eq(ZERO)) continue;
    bySymbolTotal = bySymbolTotal.plus(amount);
    dividendRows.push({ symbol: p.symbol, amount: decString(amount) });
  }
  dividendRows.sort((a, b) => dec(b.amount).cmp(dec(a.amount)) || a.symbol.localeCompare(b.symbol));
  const unassigned = dec(analysis.dividends).minus(bySymbolTotal);
  if (!unassigned.eq(ZERO)) dividendRows.push({ symbol: '(no symbol)', amount: decString(unassigned) });

  // Realised gains and income by year: differences between consecutive year-end snapshots.
  const incomeByYear: IncomeYear[] = [];
  let previous = ledger.start;
  for (const { year, point } of ledger.yearEnds) {
    const before = bySymbol(previous);
    let realized = ZERO;
    for (const p of point.positions) realized = realized.plus(field(p, 'realizedGain').minus(field(before.get(p.symbol), 'realizedGain')).times(rate(p.currency)));
    const earlier = new Map(previous.income.map((i) => [i.currency, i]));
    const income = { dividends: ZERO, interest: ZERO, fees: ZERO };
    for (const totals of point.income) {
      const then = earlier.get(totals.currency);
      for (const key of ['dividends', 'interest', 'fees'] as const) {
        income[key] = income[key].plus(dec(totals[key]).minus(dec(then?.[key] ?? '0')).times(rate(totals.currency)));
      }
    }
    incomeByYear.push({
      year,
      realizedGain: decString(realized),
      dividends: decString(income.dividends),
      interest: decString(income.interest),
      fees: decString(income.fees),
    });
    previous = point;
  }

  return {
    portfolio: { name: input.portfolio.name, description: input.portfolio.description, currency: input.portfolio.baseCurrency },
    generatedOn: input.generatedOn,
    summary: analysis,
    series,
    months,
    years,
    allocation: input.allocation,
    gains,
    losses,
    dividends: { bySymbol: dividendRows, total: analysis.dividends },
    incomeByYear,
    transactions: { rows: input.transactions.rows, total: input.transactions.total, shown: input.transactions.rows.length },
    warnings: analysis.warnings,
  };
}

/**
 * Returns over calendar months or years, chained from the monthly history rows: each row's TWR is
 * the ratio of the TWR index at its end to the index at the previous row's end, so the rows chain
 * to the period's TWR; gains are exact and add up to its total gain.
 */
function periodReturns(performance: Performance, analysis: Analysis, key: (date: string) => string, interval: 'month'): PeriodReturn[] {
  const rows = historyRows(performance, interval);
  const out: PeriodReturn[] = [];
  let prevValue: Decimal = dec(analysis.startValue);
  let prevIndex = 1;
  let flows = ZERO;
  rows.forEach((row, i) => {
    flows = flows.plus(dec(row.netFlows));
    const next = rows[i + 1];
    if (next && key(next.date) === key(row.date)) return;
    const value = dec(row.value);
    const nothingHeld = prevValue.eq(ZERO) && row.twrIndex === prevIndex;
    out.push({
      label: key(row.date),
      to: row.date,
      value: decString(value),
      netFlows: decString(flows),
      gain: decString(value.minus(prevValue).minus(flows)),
      twr: nothingHeld || prevIndex <= 0 ? null : row.twrIndex / prevIndex - 1,
    });
    prevValue = value;
    prevIndex = row.twrIndex;
    flows = ZERO;
  });
  return out;
}
