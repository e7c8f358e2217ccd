import type { Allocation } from '../../core/allocation/allocation.js';
import type { Mover, PeriodReturn, ReportData } from '../../core/report/report.js';
import { reportSubtitle, summaryLines, TRANSACTION_HEAD, transactionCells, type ReportFormatter } from './format.js';

/**
 * The report as GitHub-flavoured Markdown: headings and pipe tables, for a README, an issue, a
 * chat message or a Markdown-to-PDF tool. User text (names, notes) is escaped so it cannot break
 * a table or smuggle in markup.
 */

/** Text in a Markdown table cell or line: pipes, backslashes, markup characters and newlines neutralised; HTML escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([|*_`[\]#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][], right: boolean[] = []): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (right[i] ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

export function renderReportMarkdown(data: ReportData, f: ReportFormatter): string {
  const c = data.portfolio.currency;
  const out: string[] = [];
  out.push(`# Performance report — ${escapeMarkdown(data.portfolio.name)}`, '');
  if (data.portfolio.description) out.push(escapeMarkdown(data.portfolio.description), '');
  out.push(`_${reportSubtitle(data)}_`, '');
  for (const warning of data.warnings) out.push(`> **Warning:** ${escapeMarkdown(warning)}`, '');

  out.push('## Summary', '');
  out.push(table(['Figure', 'Value', ''], summaryLines(data, f).map((l) => [l.label.trim(), l.value, l.note ? escapeMarkdown(l.note) : '']), [false, true, false]), '');

  const returns = (title: string, rows: PeriodReturn[]) => {
    if (rows.length === 0) return;
    out.push(`## ${title}`, '');
    const body = rows.map((r) => [r.label, f.money(r.value), f.signed(r.netFlows), f.signed(r.gain), f.percent(r.twr)]);
    out.push(table(['Period', `Value (${c})`, 'Net flows', 'Gain', 'Return'], body, [false, true, true, true, true]), '');
  };
  returns('Returns by month', data.months);
  returns('Returns by year', data.years);

  const allocation = (title: string, a: Allocation) => {
    if (a.groups.length === 0) return;
    out.push(`## ${title}`, '');
    out.push(table(['Group', `Value (${c})`, 'Weight'], a.groups.map((g) => [escapeMarkdown(g.key), f.money(g.value), f.percent(g.weight, false)]), [false, true, true]), '');
  };
  allocation(`Allocation by symbol on ${data.summary.to}`, data.allocation.bySymbol);
  allocation('Allocation by asset class', data.allocation.byClass);

  const movers = (title: string, rows: Mover[]) => {
    if (rows.length === 0) return;
    out.push(`## ${title}`, '');
    const body = rows.map((m) => [m.symbol, f.money(m.value), f.signed(m.unrealizedGain), f.signed(m.realizedGain), f.money(m.dividends), f.signed(m.total)]);
    out.push(table(['Symbol', `Value (${c})`, 'Unrealised', 'Realised', 'Dividends', 'Total'], body, [false, true, true, true, true, true]), '');
  };
  movers('Top gains', data.gains);
  movers('Top losses', data.losses);

  out.push('## Dividends received', '');
  if (data.dividends.bySymbol.length === 0) out.push('None in the period.', '');
  else {
    const body = [...data.dividends.bySymbol.map((d) => [escapeMarkdown(d.symbol), f.money(d.amount)]), ['**Total**', `**${f.money(data.dividends.total)}**`]];
    out.push(table(['Symbol', `Amount (${c})`], body, [false, true]), '');
  }

  if (data.incomeByYear.length > 0) {
    out.push('## Realised gains and income by year', '');
    const body = data.incomeByYear.map((y) => [y.year, f.signed(y.realizedGain), f.money(y.dividends), f.money(y.interest), f.money(y.fees)]);
    out.push(table(['Year', 'Realised', 'Dividends', 'Interest', 'Fees'], body, [false, true, true, true, true]), '');
  }

  out.push('## Transactions', '');
  const t = data.transactions;
  if (t.total === 0) out.push('None in the period.', '');
  else {
    if (t.shown < t.total) out.push(`The latest ${t.shown} of ${t.total} (\`folio export transactions\` writes them all).`, '');
    out.push(table(TRANSACTION_HEAD, t.rows.map((row) => transactionCells(row).map(escapeMarkdown))), '');
  }
  return out.join('\n');
}
