import { renderChart } from '../text/chart.js';
import { renderFields, renderTable, type Style } from '../text/render.js';
import type { Allocation } from '../../core/allocation/allocation.js';
import type { Mover, PeriodReturn, ReportData } from '../../core/report/report.js';
import { reportSubtitle, summaryLines, TRANSACTION_HEAD, transactionCells, type ReportFormatter } from './format.js';

/**
 * The report as plain text for a terminal or an email body: boxed tables (cli-table3 through
 * cli/render.ts) and a block-character value chart. Colour only when the style has it (a terminal).
 */
export async function renderReportText(data: ReportData, f: ReportFormatter, style: Style): Promise<string> {
  const paint = (direction: -1 | 0 | 1, text: string) => (direction > 0 ? style.paint.gain(text) : direction < 0 ? style.paint.loss(text) : text);
  const heading = (text: string) => `\n${style.paint.heading(text)}\n`;
  const out: string[] = [];
  const c = data.portfolio.currency;
  out.push(style.paint.heading(`Performance report — ${data.portfolio.name}`));
  if (data.portfolio.description) out.push(data.portfolio.description);
  out.push(style.paint.muted(reportSubtitle(data)));
  for (const warning of data.warnings) out.push(style.paint.warn(`warning: ${warning}`));

  out.push(heading('Summary'));
  out.push(
    renderFields(
      style,
      summaryLines(data, f).map((l) => [l.label, `${paint(l.direction, l.value)}${l.note ? `  ${style.paint.muted(l.note)}` : ''}`]),
    ).trimEnd(),
  );

  if (data.series.length >= 2) {
    const compact = new Intl.NumberFormat(style.settings['display.locale'], { notation: 'compact', maximumFractionDigits: 1 });
    const first = data.series[0]!.value;
    const last = data.series.at(-1)!.value;
    out.push(heading(`Value over time (${c})`));
    out.push(
      ...renderChart(data.series, {
        width: 64,
        height: 8,
        label: (v) => compact.format(v),
        paint: last >= first ? style.paint.gain : style.paint.loss,
        muted: style.paint.muted,
      }),
    );
  }

  const returns = async (title: string, rows: PeriodReturn[]) => {
    if (rows.length === 0) return;
    out.push(heading(title));
    const head = ['Period', `Value (${c})`, 'Net flows', 'Gain', 'Return'];
    const body = rows.map((r) => [r.label, f.money(r.value), f.signed(r.netFlows), paint(f.direction(r.gain), f.signed(r.gain)), paint(f.direction(r.twr), f.percent(r.twr))]);
    out.push((await renderTable(style, head, body, ['left', 'right', 'right', 'right', 'right'])).trimEnd());
  };
  await returns('Returns by month', data.months);
  await returns('Returns by year', data.years);

  const allocation = async (title: string, a: Allocation) => {
    if (a.groups.length === 0) return;
    out.push(heading(title));
    const body = a.groups.map((g) => [g.key, f.money(g.value), f.percent(g.weight, false)]);
    out.push((await renderTable(style, ['Group', `Value (${c})`, 'Weight'], body, ['left', 'right', 'right'])).trimEnd());
  };
  await allocation(`Allocation by symbol on ${data.summary.to}`, data.allocation.bySymbol);
  await allocation('Allocation by asset class', data.allocation.byClass);

  const movers = async (title: string, rows: Mover[]) => {
    if (rows.length === 0) return;
    out.push(heading(title));
    const head = ['Symbol', `Value (${c})`, 'Unrealised', 'Realised', 'Dividends', 'Total'];
    const body = rows.map((m) => [m.symbol, f.money(m.value), f.signed(m.unrealizedGain), f.signed(m.realizedGain), f.money(m.dividends), paint(f.direction(m.total), f.signed(m.total))]);
    out.push((await renderTable(style, head, body, ['left', 'right', 'right', 'right', 'right', 'right'])).trimEnd());
  };
  await movers('Top gains', data.gains);
  await movers('Top losses', data.losses);

  out.push(heading('Dividends received'));
  if (data.dividends.bySymbol.length === 0) out.push('None in the period.');
  else {
    const body = [...data.dividends.bySymbol.map((d) => [d.symbol, f.money(d.amount)]), ['Total', f.money(data.dividends.total)]];
    out.push((await renderTable(style, ['Symbol', `Amount (${c})`], body, ['left', 'right'])).trimEnd());
  }

  if (data.incomeByYear.length > 0) {
    out.push(heading('Realised gains and income by year'));
    const body = data.incomeByYear.map((y) => [y.year, paint(f.direction(y.realizedGain), f.signed(y.realizedGain)), f.money(y.dividends), f.money(y.interest), f.money(y.fees)]);
    out.push((await renderTable(style, ['Year', 'Realised', 'Dividends', 'Interest', 'Fees'], body, ['left', 'right', 'right', 'right', 'right'])).trimEnd());
  }

  out.push(heading('Transactions'));
  const t = data.transactions;
  if (t.total === 0) out.push('None in the period.');
  else {
    if (t.shown < t.total) out.push(style.paint.muted(`The latest ${t.shown} of ${t.total} (\`folio export transactions\` writes them all).`));
    out.push((await renderTable(style, TRANSACTION_HEAD, t.rows.map(transactionCells))).trimEnd());
  }
  return out.join('\n') + '\n';
}
