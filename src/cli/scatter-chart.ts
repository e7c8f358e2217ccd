/**
 * An x–y chart in the terminal, one character per cell: a curve (drawn as a dotted line through
 * its points) and single marked points on top of it. For the efficient frontier: volatility on x,
 * expected return on y. No dependency, like chart.ts (whose bars over dates don't fit x–y data).
 */

export interface XY {
  x: number;
  y: number;
}

export interface ScatterSeries {
  points: readonly XY[];
  glyph: string;
  /** Join consecutive points with the glyph. */
  line?: boolean;
  paint?(text: string): string;
}

export interface ScatterOptions {
  width: number;
  height: number;
  xLabel(value: number): string;
  yLabel(value: number): string;
  muted?(text: string): string;
}

/** The chart's lines; later series are drawn over earlier ones. [] when there is nothing to draw. */
export function renderScatter(series: readonly ScatterSeries[], options: ScatterOptions): string[] {
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (all.length === 0) return [];
  const { width, height } = options;
  const span = (values: number[]) => {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const pad = high > low ? (high - low) * 0.04 : Math.abs(low) * 0.05 || 0.01;
    return [low - pad, high + pad] as const;
  };
  const [xLow, xHigh] = span(all.map((p) => p.x));
  const [yLow, yHigh] = span(all.map((p) => p.y));
  const column = (x: number) => Math.round(((x - xLow) / (xHigh - xLow)) * (width - 1));
  const row = (y: number) => height - 1 - Math.round(((y - yLow) / (yHigh - yLow)) * (height - 1));
  const grid: string[][] = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const plot = (p: XY, glyph: string) => {
    const [r, c] = [row(p.y), column(p.x)];
    if (r >= 0 && r < height && c >= 0 && c < width) grid[r]![c] = glyph;
  };
  for (const s of series) {
    const glyph = s.paint ? s.paint(s.glyph) : s.glyph;
    s.points.forEach((p, i) => {
      const next = s.points[i + 1];
      if (s.line && next) {
        const steps = 2 * (width + height);
        for (let k = 0; k < steps; k++) plot({ x: p.x + ((next.x - p.x) * k) / steps, y: p.y + ((next.y - p.y) * k) / steps }, glyph);
      }
      plot(p, glyph);
    });
  }
  const muted = options.muted ?? ((t: string) => t);
  const [top, bottom] = [options.yLabel(yHigh), options.yLabel(yLow)];
  const gutter = Math.max(top.length, bottom.length);
  const lines = grid.map((cells, r) => `${muted((r === 0 ? top : r === height - 1 ? bottom : '').padStart(gutter))} ${muted('┤')}${cells.join('')}`);
  lines.push(`${' '.repeat(gutter)} ${muted('└' + '─'.repeat(width))}`);
  const [left, right] = [options.xLabel(xLow), options.xLabel(xHigh)];
  lines.push(`${' '.repeat(gutter + 2)}${muted(left + right.padStart(Math.max(right.length + 1, width - left.length)))}`);
  return lines;
}
