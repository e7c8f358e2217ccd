import type { ReportData } from '../../core/report/report.js';

/**
 * How a report shows numbers to people: money grouped and rounded (half-even) to the user's
 * `display.decimals` in their `display.locale`, straight from the exact decimal strings (Intl
 * formats a numeric string without going through a float); returns as percentages.
 */

export interface ReportFormatOptions {
  locale: string;
  decimals: number;
}

export interface ReportFormatter {
  money(amount: string): string;
  /** Money with an explicit sign: +1,200.00 / −300.00. */
  signed(amount: string): string;
  /** A return: +5.23% / −1.10%; `n/a` for null. */
  percent(value: number | null, signed?: boolean): string;
  ratio(value: number | null): string;
  /** −1, 0 or 1: which way an amount or return went (for colours). */
  direction(value: string | number | null): -1 | 0 | 1;
}

export function reportFormatter({ locale, decimals }: ReportFormatOptions): ReportFormatter {
  const money = new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    roundingMode: 'halfEven',
  } as Intl.NumberFormatOptions);
  const signedMoney = new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    roundingMode: 'halfEven',
    signDisplay: 'exceptZero',
  } as Intl.NumberFormatOptions);
  const percent = (signDisplay: 'exceptZero' | 'auto') =>
    new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay });
  const signedPercent = percent('exceptZero');
  const plainPercent = percent('auto');
  const ratio = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // Intl takes numeric strings exactly (Intl.NumberFormat v3); the cast is for the older typings.
  const exact = (amount: string) => amount as unknown as number;
  return {
    money: (amount) => money.format(exact(amount)),
    signed: (amount) => signedMoney.format(exact(amount)),
    percent: (value, signed = true) => (value === null ? 'n/a' : (signed ? signedPercent : plainPercent).format(value)),
    ratio: (value) => (value === null ? 'n/a' : ratio.format(value)),
    direction: (value) => {
      if (value === null) return 0;
      if (typeof value === 'number') return value > 0 ? 1 : value < 0 ? -1 : 0;
      return value.startsWith('-') ? -1 : /^0(\.0*)?$/.test(value) ? 0 : 1;
    },
  };
}

/** The summary lines every form shows, in order: [label, value, direction, note]. */
export interface SummaryLine {
  label: string;
  value: string;
  direction: -1 | 0 | 1;
  note?: string;
}

/**
 * A report of a period that starts with holdings already held: unrealised gains (and the movers'
 * totals) then run from each purchase, not from the period's start, and the report says so.
 */
export const startsMidway = (data: ReportData) => data.summary.startValue !== '0';

export function summaryLines(data: ReportData, f: ReportFormatter): SummaryLine[] {
  const a = data.summary;
  const c = a.currency;
  const why = (key: string) => (a.reasons[key] ? `(${a.reasons[key]})` : undefined);
  const line = (label: string, value: string, direction: -1 | 0 | 1 = 0, note?: string): SummaryLine => ({ label, value, direction, ...(note && { note }) });
  const lines: SummaryLine[] = [
    line('Value', `${f.money(a.value)} ${c}`, 0, `from ${f.money(a.startValue)} ${c} on ${a.startDate}`),
  ];
  if (a.scope === 'account') lines.push(line('Positions / cash', `${f.money(a.marketValue)} / ${f.money(a.cash)} ${c}`));
  lines.push(
    line('Net flows', `${f.signed(a.netFlows)} ${c}`),
    line('Total gain', `${f.signed(a.totalGain)} ${c}`, f.direction(a.totalGain)),
    line('Realised gain', `${f.signed(a.realizedGain)} ${c}`, f.direction(a.realizedGain)),
    line(
      'Unrealised gain',
      `${f.signed(a.unrealizedGain)} ${c}`,
      f.direction(a.unrealizedGain),
      `cost basis ${f.money(a.costBasis)} ${c}${startsMidway(data) ? '; all-time, since each purchase, not only this period' : ''}`,
    ),
    line('Dividends', `${f.money(a.dividends)} ${c}`),
    line('Interest', `${f.money(a.interest)} ${c}`),
    line('Fees', `${f.money(a.fees)} ${c}`, 0, `+ ${f.money(a.tradeFees)} on trades, in the cost`),
    line('Time-weighted return', f.percent(a.twr), f.direction(a.twr), why('twr')),
    line('Time-weighted, annualised', f.percent(a.twrAnnualized), f.direction(a.twrAnnualized), why('twrAnnualized')),
    line('Money-weighted return (annual)', f.percent(a.mwr), f.direction(a.mwr), why('mwr')),
    line('Volatility (annual)', f.percent(a.volatility, false), 0, why('volatility')),
    line('Sharpe ratio', f.ratio(a.sharpe), 0, why('sharpe')),
    line('Sortino ratio', f.ratio(a.sortino), 0, why('sortino')),
    line(
      'Max drawdown',
      f.percent(a.maxDrawdown),
      f.direction(a.maxDrawdown),
      a.maxDrawdownFrom ? `${a.maxDrawdownFrom} → ${a.maxDrawdownTo}` : why('maxDrawdown'),
    ),
  );
  return lines;
}

/** One line saying what the report covers. */
export function reportSubtitle(data: ReportData): string {
  const a = data.summary;
  const scope = a.scope === 'account' ? 'account (cash included)' : 'holdings';
  return `${a.from} → ${a.to} · ${scope} · ${a.currency} · ${a.method === 'fifo' ? 'FIFO' : 'average cost'} · prices as of ${a.pricesAsOf ?? 'n/a'} · generated ${data.generatedOn}`;
}

/** The transaction columns every form shows. */
export const TRANSACTION_HEAD = ['Date', 'Type', 'Symbol', 'Quantity', 'Price', 'Amount', 'Fee', 'Currency', 'Note'];

export function transactionCells(t: ReportData['transactions']['rows'][number]): string[] {
  return [t.date, t.type, t.symbol ?? '', t.quantity ?? '', t.price ?? '', t.amount ?? '', t.fee ?? '', t.currency, t.note ?? ''];
}
