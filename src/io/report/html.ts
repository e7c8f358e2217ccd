import type { Allocation } from '../../core/allocation/allocation.js';
import type { Mover, PeriodReturn, ReportData } from '../../core/report/report.js';
import { reportSubtitle, startsMidway, summaryLines, TRANSACTION_HEAD, transactionCells, type ReportFormatter } from './format.js';
import { frontierFigure } from './frontier-svg.js';
import { allocationChart, drawdownChart, escapeHtml, valueChart } from './svg.js';

/**
 * The report as ONE self-contained HTML file: inline CSS, inline SVG charts, no script, no font,
 * no image or request of any kind (a Content-Security-Policy says so to the browser too). Readable
 * on a phone (viewport meta, fluid layout, tables that scroll sideways) and printable (print CSS:
 * no backgrounds, no page break inside a table row or chart). Every user string is escaped.
 */

const CSS = `
:root{--fg:#1b1f24;--muted:#5f6b7a;--line:#d8dee4;--bg:#fff;--panel:#f6f8fa;--gain:#1a7f37;--loss:#cf222e;--accent:#0969da}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
p{margin:6px 0}
.muted{color:var(--muted)}
.warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px;margin:8px 0}
.gain{color:var(--gain)} .loss{color:var(--loss)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin:16px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .label{font-size:.8rem;color:var(--muted)}
.card .figure{font-size:1.25rem;font-weight:600;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:.9rem}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
td.why{font-size:.85rem}
td.note{min-width:16ch;max-width:28ch;overflow-wrap:anywhere}
td:first-child{white-space:nowrap}
tr.total td{font-weight:600}
.charts{display:grid;grid-template-columns:1fr;gap:16px}
.footnote{font-size:.85rem;color:var(--muted)}
figure{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px}
figcaption{font-size:.85rem;color:var(--muted);margin-bottom:4px}
svg.chart{display:block;width:100%;height:auto}
svg .grid{stroke:var(--line);stroke-width:1}
svg .axis,svg .legend{fill:var(--muted);font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .legend{fill:var(--fg);font-size:14px}
svg .line{fill:none;stroke-width:2;stroke-linejoin:round}
svg .line.gain{stroke:var(--gain)} svg .line.loss{stroke:var(--loss)}
svg .area{stroke:none;opacity:.15} svg .area.gain{fill:var(--gain)} svg .area.loss{fill:var(--loss)}
svg .slice{stroke:#fff;stroke-width:1}
svg .line.frontier{stroke:var(--accent)} svg .frontier-point{fill:var(--accent)} svg .mark.max-sharpe{fill:var(--gain)} svg .mark.current{fill:#bf8700}
.s0{fill:#0969da}.s1{fill:#1a7f37}.s2{fill:#bf8700}.s3{fill:#8250df}.s4{fill:#cf222e}.s5{fill:#1b7c83}.s6{fill:#bc4c00}.s7{fill:#6e7781}
.two{display:grid;grid-template-columns:1fr;gap:16px}
.two>*,.charts>*{min-width:0}
@media (min-width:1100px){.two{grid-template-columns:1fr 1fr}}
@media (max-width:759px){svg .axis,svg .legend{font-size:16px}}
@media (max-width:600px){
  table.stack thead{display:none}
  table.stack tr{display:block;border-bottom:1px solid var(--line);padding:4px 0}
  table.stack td{display:flex;justify-content:space-between;gap:12px;border:none;padding:2px 4px;text-align:right;white-space:normal}
  table.stack td::before{content:attr(data-label);color:var(--muted);text-align:left;white-space:nowrap}
  table.kv tr{display:grid;grid-template-columns:1fr auto;column-gap:12px;border-bottom:1px solid var(--line)}
  table.kv thead{display:none}
  table.kv td{border:none;padding:4px 4px 0}
  table.kv td.why{grid-column:1 / -1;padding:0 4px 4px}
}
@media (max-width:480px){svg .axis{font-size:20px}svg .legend{font-size:22px}main{padding:16px 12px 32px}h1{font-size:1.3rem}.card .figure{font-size:1.1rem}table{font-size:.82rem}}
footer{margin-top:40px;font-size:.8rem;color:var(--muted)}
@media print{
  @page{margin:14mm}
  body{font-size:10.5pt;color:#000}
  main{max-width:none;padding:0}
  .card,figure,th{background:none}
  .scroll{overflow:visible}
  h2{break-after:avoid}
  tr,figure,.card{break-inside:avoid}
  .charts{grid-template-columns:1fr 1fr}
  a{color:inherit;text-decoration:none}
}
`;

const cell = (text: string, className = '') => `<td${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</td>`;
const tone = (direction: -1 | 0 | 1) => (direction > 0 ? 'gain' : direction < 0 ? 'loss' : '');

/**
 * A table that scrolls sideways only when it must; on a phone (≤ 600 px) each row stacks as
 * `label value` lines (the label from the column head), so no column is ever cut off. `kind: 'kv'`
 * is a figure–value–note table: on a phone the note goes under its figure instead of into a narrow
 * third column.
 */
function table(head: Array<[string, boolean]>, rows: string[], kind: 'stack' | 'kv' = 'stack'): string {
  const th = head.map(([label, numeric]) => `<th${numeric ? ' class="num"' : ''}>${escapeHtml(label)}</th>`).join('');
  const labelled = kind === 'kv' ? rows : rows.map((row) => labelCells(row, head.map(([label]) => label)));
  return `<div class="scroll"><table class="${kind}"><thead><tr>${th}</tr></thead><tbody>${labelled.join('')}</tbody></table></div>`;
}

/** Gives each `<td` of a row the head of its column as `data-label` (shown before it when stacked). */
function labelCells(row: string, labels: string[]): string {
  let i = 0;
  return row.replace(/<td(?=[ >])/g, () => `<td data-label="${escapeHtml(labels[i++] ?? '')}"`);
}

export function renderReportHtml(data: ReportData, f: ReportFormatter, locale: string): string {
  const c = data.portfolio.currency;
  const a = data.summary;
  const body: string[] = [];
  const name = escapeHtml(data.portfolio.name);
  body.push(`<header><h1>Performance report — ${name}</h1>`);
  if (data.portfolio.description) body.push(`<p>${escapeHtml(data.portfolio.description)}</p>`);
  body.push(`<p class="muted">${escapeHtml(reportSubtitle(data))}</p></header>`);
  for (const warning of data.warnings) body.push(`<p class="warning">${escapeHtml(warning)}</p>`);

  // Headline cards, then every summary figure in a table.
  const cards: Array<[string, string, -1 | 0 | 1]> = [
    ['Value', `${f.money(a.value)} ${c}`, 0],
    ['Total gain', `${f.signed(a.totalGain)} ${c}`, f.direction(a.totalGain)],
    ['Time-weighted return', f.percent(a.twr), f.direction(a.twr)],
    ['Money-weighted (annual)', f.percent(a.mwr), f.direction(a.mwr)],
    ['Max drawdown', f.percent(a.maxDrawdown), f.direction(a.maxDrawdown)],
  ];
  const card = ([label, value, d]: (typeof cards)[number]) => `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="figure ${tone(d)}">${escapeHtml(value)}</div></div>`;
  body.push(`<section class="cards" id="summary-cards">${cards.map(card).join('')}</section>`);
  body.push('<section id="summary"><h2>Summary</h2>');
  body.push(
    table(
      [['Figure', false], ['Value', true], ['', false]],
      summaryLines(data, f).map((l) => `<tr>${cell(l.label.trim())}${cell(l.value, `num ${tone(l.direction)}`.trim())}${cell(l.note ?? '', 'muted why')}</tr>`),
      'kv',
    ),
  );
  body.push('</section>');

  // Charts.
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const percent0 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const figures: string[] = [];
  if (data.series.length >= 2) {
    figures.push(`<figure class="wide" id="chart-value"><figcaption>Value over time (${escapeHtml(c)})</figcaption>${valueChart(data.series, c, (v) => compact.format(v))}</figure>`);
    figures.push(`<figure id="chart-drawdown"><figcaption>Drawdown from the previous peak</figcaption>${drawdownChart(data.series, (v) => percent0.format(v))}</figure>`);
  }
  const donut = allocationChart(
    data.allocation.bySymbol.groups.map((g) => ({ label: g.key, value: Number(g.value) })),
    (share) => percent0.format(share),
  );
  if (donut) figures.push(`<figure id="chart-allocation"><figcaption>Allocation on ${escapeHtml(a.to)}</figcaption>${donut}</figure>`);
  if (data.frontier) figures.push(frontierFigure(data.frontier, locale));
  if (figures.length > 0) body.push(`<section class="charts" id="charts">${figures.join('')}</section>`);

  const returns = (id: string, title: string, rows: PeriodReturn[]) => {
    if (rows.length === 0) return '';
    const head: Array<[string, boolean]> = [['Period', false], [`Value (${c})`, true], ['Net flows', true], ['Gain', true], ['Return', true]];
    const trs = rows.map(
      (r) => `<tr>${cell(r.label)}${cell(f.money(r.value), 'num')}${cell(f.signed(r.netFlows), 'num')}${cell(f.signed(r.gain), `num ${tone(f.direction(r.gain))}`)}${cell(f.percent(r.twr), `num ${tone(f.direction(r.twr))}`)}</tr>`,
    );
    return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${table(head, trs)}</section>`;
  };
  body.push(`<div class="two">${returns('returns-yearly', 'Returns by year', data.years)}${allocationTable('allocation', `Allocation on ${a.to}`, data.allocation.bySymbol, c, f)}</div>`);
  body.push(returns('returns-monthly', 'Returns by month', data.months));
  body.push(allocationTable('allocation-class', 'Allocation by asset class', data.allocation.byClass, c, f));

  // One under the other: six columns of figures need the full width.
  body.push(moverSection('gains', 'Top gains', data.gains, data, f), moverSection('losses', 'Top losses', data.losses, data, f));

  const dividends =
    data.dividends.bySymbol.length === 0
      ? '<p class="muted">None in the period.</p>'
      : table(
          [['Symbol', false], [`Amount (${c})`, true]],
          [
            ...data.dividends.bySymbol.map((d) => `<tr>${cell(d.symbol)}${cell(f.money(d.amount), 'num')}</tr>`),
            `<tr class="total">${cell('Total')}${cell(f.money(data.dividends.total), 'num')}</tr>`,
          ],
        );
  const income =
    data.incomeByYear.length === 0
      ? '<p class="muted">No transactions in the period.</p>'
      : table(
          [['Year', false], ['Realised', true], ['Dividends', true], ['Interest', true], ['Fees', true]],
          data.incomeByYear.map(
            (y) =>
              `<tr>${cell(y.year)}${cell(f.signed(y.realizedGain), `num ${tone(f.direction(y.realizedGain))}`)}${cell(f.money(y.dividends), 'num')}${cell(f.money(y.interest), 'num')}${cell(f.money(y.fees), 'num')}</tr>`,
          ),
        );
  body.push(
    `<div class="two"><section id="dividends"><h2>Dividends received</h2>${dividends}</section><section id="income"><h2>Realised gains and income by year</h2>${income}</section></div>`,
  );

  const t = data.transactions;
  body.push('<section id="transactions"><h2>Transactions</h2>');
  if (t.total === 0) body.push('<p class="muted">None in the period.</p>');
  else {
    if (t.shown < t.total) body.push(`<p class="muted">The latest ${t.shown} of ${t.total} (<code>folio export transactions</code> writes them all).</p>`);
    const numeric = new Set([3, 4, 5, 6]);
    body.push(
      table(
        TRANSACTION_HEAD.map((h, i) => [h, numeric.has(i)]),
        t.rows.map((row) => `<tr>${transactionCells(row).map((text, i) => cell(text, numeric.has(i) ? 'num' : i === 8 ? 'note' : '')).join('')}</tr>`),
      ),
    );
  }
  body.push('</section>');
  body.push(`<footer>Generated by folio on ${escapeHtml(data.generatedOn)}. Money in ${escapeHtml(c)}, rounded for display; returns as defined in the folio documentation.</footer>`);

  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may load: no script, font, image or stylesheet from anywhere (inline style only).
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="generator" content="folio">',
    `<title>Performance report — ${name}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    `<body><main>${body.join('\n')}</main></body>`,
    '</html>',
    '',
  ].join('\n');
}

function allocationTable(id: string, title: string, allocation: Allocation, currency: string, f: ReportFormatter): string {
  if (allocation.groups.length === 0) return '';
  const rows = allocation.groups.map((g) => `<tr>${cell(g.key)}${cell(f.money(g.value), 'num')}${cell(f.percent(g.weight, false), 'num')}</tr>`);
  rows.push(`<tr class="total">${cell('Total')}${cell(f.money(allocation.total), 'num')}${cell('', 'num')}</tr>`);
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${table([['Group', false], [`Value (${currency})`, true], ['Weight', true]], rows)}</section>`;
}

/** Top gains or losses; in a period that starts midway, unrealised gains are all-time and the table says so. */
function moverSection(id: string, title: string, rows: Mover[], data: ReportData, f: ReportFormatter): string {
  if (rows.length === 0) return '';
  const c = data.portfolio.currency;
  const allTime = startsMidway(data);
  const head: Array<[string, boolean]> = [
    ['Symbol', false],
    [`Value (${c})`, true],
    [allTime ? 'Unrealised (all-time)' : 'Unrealised', true],
    ['Realised', true],
    ['Dividends', true],
    ['Total', true],
  ];
  const trs = rows.map(
    (m) =>
      `<tr>${cell(m.symbol)}${cell(f.money(m.value), 'num')}${cell(f.signed(m.unrealizedGain), 'num')}${cell(f.signed(m.realizedGain), 'num')}${cell(f.money(m.dividends), 'num')}${cell(f.signed(m.total), `num ${tone(f.direction(m.total))}`)}</tr>`,
  );
  const note = allTime
    ? `<p class="footnote">Unrealised gains are all-time (since each purchase); realised gains and dividends are the period's, from ${escapeHtml(data.summary.from)}.</p>`
    : '';
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${table(head, trs)}${note}</section>`;
}
