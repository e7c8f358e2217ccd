import type { FrontierReport } from '../../core/optimize/frontier-report.js';
import { escapeHtml, ticks } from './svg.js';

/**
 * The efficient frontier as an inline SVG for the HTML report: volatility on x, expected return on
 * y, the frontier as a line through its points, the current portfolio and the maximum-Sharpe
 * portfolio marked. Drawn like the other report charts (svg.ts): a viewBox, no script, text escaped.
 */

const WIDTH = 640;
const HEIGHT = 300;
const PAD = { top: 14, right: 16, bottom: 40, left: 56 };
const num = (v: number) => (Math.round(v * 10) / 10).toString();

export function frontierChart(frontier: FrontierReport, percent: (v: number) => string): string {
  const marks = [...frontier.points, ...(frontier.current ? [frontier.current] : [])];
  const span = (values: number[]) => {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const pad = high > low ? (high - low) * 0.06 : 0.01;
    return [low - pad, high + pad] as const;
  };
  const [xLow, xHigh] = span(marks.map((p) => p.volatility));
  const [yLow, yHigh] = span(marks.map((p) => p.expectedReturn));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (v: number) => PAD.left + ((v - xLow) / (xHigh - xLow)) * innerW;
  const y = (v: number) => PAD.top + (1 - (v - yLow) / (yHigh - yLow)) * innerH;
  const at = (p: { volatility: number; expectedReturn: number }) => `${num(x(p.volatility))} ${num(y(p.expectedReturn))}`;

  const grid = ticks(yLow, yHigh)
    .map((t) => `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${num(y(t))}" y2="${num(y(t))}"/><text class="axis" x="${PAD.left - 6}" y="${num(y(t))}" text-anchor="end" dominant-baseline="middle">${escapeHtml(percent(t))}</text>`)
    .join('');
  const xTicks = ticks(xLow, xHigh)
    .map((t) => `<text class="axis" x="${num(x(t))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${escapeHtml(percent(t))}</text>`)
    .join('');
  const axes = `<text class="axis" x="${PAD.left + innerW / 2}" y="${HEIGHT - 6}" text-anchor="middle">volatility (yearly)</text><text class="axis" x="12" y="${PAD.top + innerH / 2}" transform="rotate(-90 12 ${PAD.top + innerH / 2})" text-anchor="middle">expected return</text>`;
  const line = `<path class="line frontier" d="${frontier.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${at(p)}`).join(' ')}"/>`;
  const dots = frontier.points.map((p) => `<circle class="frontier-point" cx="${num(x(p.volatility))}" cy="${num(y(p.expectedReturn))}" r="2.5"/>`).join('');
  const label = (text: string, p: { volatility: number; expectedReturn: number }) =>
    `<title>${escapeHtml(`${text}: return ${percent(p.expectedReturn)}, volatility ${percent(p.volatility)}`)}</title>`;
  const sharpe = frontier.maxSharpe
    ? `<circle class="mark max-sharpe" cx="${num(x(frontier.maxSharpe.volatility))}" cy="${num(y(frontier.maxSharpe.expectedReturn))}" r="6">${label('Maximum Sharpe ratio', frontier.maxSharpe)}</circle>`
    : '';
  const current = frontier.current
    ? `<path class="mark current" d="M${num(x(frontier.current.volatility))} ${num(y(frontier.current.expectedReturn) - 7)} l7 7 l-7 7 l-7 -7 Z">${label('Current portfolio', frontier.current)}</path>`
    : '';
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Efficient frontier" preserveAspectRatio="xMidYMid meet">` +
    `<title>Efficient frontier</title>${grid}${xTicks}${axes}${line}${dots}${sharpe}${current}</svg>`
  );
}

/** The report's figure: the chart, a legend and what it was computed from. */
export function frontierFigure(frontier: FrontierReport, locale: string): string {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const caption =
    `Efficient frontier of the holdings (${frontier.symbols.join(', ')}): ${frontier.closes} daily closes from ${frontier.from} to ${frontier.to}, ` +
    'long-only, sample covariance. ● maximum Sharpe ratio · ◆ current portfolio';
  return `<figure class="wide" id="chart-frontier"><figcaption>${escapeHtml(caption)}</figcaption>${frontierChart(frontier, (v) => percent.format(v))}</figure>`;
}
