import type { SeriesPoint } from '../../core/report/report.js';
import { daysBetween } from '../../core/dates.js';

/**
 * Inline SVG charts for the HTML report: value over time, drawdown, allocation. Hand-drawn paths
 * with a viewBox (they scale to any width; no script, no external font), every text escaped.
 * A chart library would need a browser runtime or a bundle larger than the whole report.
 */

/** Text for HTML and SVG content or attributes: & < > " ' escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 14, right: 12, bottom: 26, left: 64 };

const num = (v: number) => (Math.round(v * 10) / 10).toString();
const dayOf = (date: string) => daysBetween('1970-01-01', date);

/** At most `buckets` × 2 points: the lowest and highest of each slice, in date order (troughs survive). */
export function downsample(points: readonly SeriesPoint[], key: 'value' | 'drawdown', buckets = 300): SeriesPoint[] {
  if (points.length <= buckets * 2) return [...points];
  const out: SeriesPoint[] = [points[0]!];
  const size = (points.length - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(1 + Math.floor(b * size), 1 + Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    let low = slice[0]!;
    let high = slice[0]!;
    for (const p of slice) {
      if (p[key] < low[key]) low = p;
      if (p[key] > high[key]) high = p;
    }
    if (low === high) out.push(low);
    else out.push(...(low.date < high.date ? [low, high] : [high, low]));
  }
  out.push(points.at(-1)!);
  return out;
}

/** Round tick values covering [low, high]. */
export function ticks(low: number, high: number, count = 4): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  // Whole multiples of the step, not a running sum: -0.1 + 0.1 is -2.8e-17 (an axis reading "-0%").
  const out: number[] = [];
  for (let k = Math.ceil(low / step - 1e-9); k <= Math.floor(high / step + 1e-9); k++) out.push(Number((k * step).toPrecision(12)) + 0);
  return out;
}

interface LineChartOptions {
  key: 'value' | 'drawdown';
  title: string;
  /** Axis label of a value. */
  label(value: number): string;
  /** CSS class of the line and area: `gain`, `loss` or `neutral`. */
  tone: string;
  /** Fill the area down to this value (the minimum for value charts, 0 for drawdowns: above the line). */
  baseline: 'bottom' | 'zero';
}

function lineChart(points: readonly SeriesPoint[], options: LineChartOptions): string {
  const sampled = downsample(points, options.key);
  const values = sampled.map((p) => p[options.key]);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (options.baseline === 'zero') high = 0;
  if (high === low) {
    const spread = Math.abs(high) * 0.05 || 1;
    low -= options.baseline === 'zero' ? spread : spread;
    high += options.baseline === 'zero' ? 0 : spread;
  } else if (options.baseline === 'bottom') {
    const spread = (high - low) * 0.05;
    low -= spread;
    high += spread;
  }
  const first = dayOf(sampled[0]!.date);
  const last = dayOf(sampled.at(-1)!.date);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (date: string) => PAD.left + (last === first ? innerW / 2 : ((dayOf(date) - first) / (last - first)) * innerW);
  const y = (v: number) => PAD.top + (1 - (v - low) / (high - low)) * innerH;

  const line = sampled.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(x(p.date))} ${num(y(p[options.key]))}`).join(' ');
  const baseY = options.baseline === 'zero' ? y(0) : PAD.top + innerH;
  const area = `${line} L${num(x(sampled.at(-1)!.date))} ${num(baseY)} L${num(x(sampled[0]!.date))} ${num(baseY)} Z`;
  const grid = ticks(low, high)
    .map((t) => {
      const ty = num(y(t));
      return `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${ty}" y2="${ty}"/><text class="axis" x="${PAD.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(options.label(t))}</text>`;
    })
    .join('');
  const dates = `<text class="axis" x="${PAD.left}" y="${HEIGHT - 6}">${escapeHtml(sampled[0]!.date)}</text><text class="axis" x="${WIDTH - PAD.right}" y="${HEIGHT - 6}" text-anchor="end">${escapeHtml(sampled.at(-1)!.date)}</text>`;
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(options.title)}" preserveAspectRatio="xMidYMid meet">` +
    `<title>${escapeHtml(options.title)}</title>${grid}` +
    `<path class="area ${options.tone}" d="${area}"/><path class="line ${options.tone}" d="${line}"/>${dates}</svg>`
  );
}

export function valueChart(points: readonly SeriesPoint[], currency: string, compact: (v: number) => string): string {
  const tone = points.length > 0 && points.at(-1)!.value >= points[0]!.value ? 'gain' : 'loss';
  return lineChart(points, { key: 'value', title: `Value over time (${currency})`, label: compact, tone, baseline: 'bottom' });
}

export function drawdownChart(points: readonly SeriesPoint[], percent: (v: number) => string): string {
  return lineChart(points, { key: 'drawdown', title: 'Drawdown from the previous peak', label: percent, tone: 'loss', baseline: 'zero' });
}

export interface Slice {
  label: string;
  value: number;
}

/** A donut of the positive slices (at most 8; the rest merged into "other") with a legend beside it. */
export function allocationChart(slices: readonly Slice[], format: (share: number) => string): string {
  const positive = slices.filter((s) => s.value > 0).sort((a, b) => b.value - a.value);
  const shown = positive.length > 8 ? [...positive.slice(0, 7), { label: 'other', value: positive.slice(7).reduce((s, p) => s + p.value, 0) }] : positive;
  const total = shown.reduce((s, p) => s + p.value, 0);
  if (total <= 0) return '';
  const cx = 110;
  const cy = 110;
  const outer = 100;
  const inner = 58;
  const point = (r: number, angle: number) => `${num(cx + r * Math.sin(angle))} ${num(cy - r * Math.cos(angle))}`;
  let angle = 0;
  // Each slice is drawn as two half-arcs (each under 180°), so even a whole ring (one slice) draws.
  const arcs = shown.map((s, i) => {
    const share = s.value / total;
    const a0 = angle;
    const a1 = angle + share * 2 * Math.PI;
    const mid = (a0 + a1) / 2;
    angle = a1;
    const d =
      `M${point(outer, a0)} A${outer} ${outer} 0 0 1 ${point(outer, mid)} A${outer} ${outer} 0 0 1 ${point(outer, a1)} ` +
      `L${point(inner, a1)} A${inner} ${inner} 0 0 0 ${point(inner, mid)} A${inner} ${inner} 0 0 0 ${point(inner, a0)} Z`;
    return `<path class="slice s${i}" d="${d}"><title>${escapeHtml(`${s.label}: ${format(share)}`)}</title></path>`;
  });
  const legend = shown.map((s, i) => {
    const ly = 24 + i * 24;
    return `<rect class="slice s${i}" x="240" y="${ly - 12}" width="14" height="14" rx="2"/><text class="legend" x="262" y="${ly}">${escapeHtml(s.label)} · ${escapeHtml(format(s.value / total))}</text>`;
  });
  const height = Math.max(220, 24 + shown.length * 24);
  return (
    `<svg class="chart donut" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Allocation" preserveAspectRatio="xMinYMid meet">` +
    `<title>Allocation</title>${arcs.join('')}${legend.join('')}</svg>`
  );
}
