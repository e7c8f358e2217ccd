/**
 * A small value chart drawn in the terminal with block characters (eighths of a cell), so a value
 * series fits in a few lines next to a dashboard. No dependency: a chart library for one picture
 * would cost more start-up than it saves code.
 */

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export interface ChartPoint {
  date: string;
  value: number;
}

export interface ChartOptions {
  /** Columns for the bars (the labels come on top of this). */
  width: number;
  /** Rows of bars. */
  height: number;
  /** How the axis labels show a value. */
  label(value: number): string;
  /** Colours the bars (e.g. green for a rise, red for a fall). */
  paint?(text: string): string;
  muted?(text: string): string;
}

/** Samples `points` down to `width` columns: each column shows the last value of its slice. */
export function sampleColumns(points: readonly ChartPoint[], width: number): ChartPoint[] {
  if (points.length <= width) return [...points];
  const columns: ChartPoint[] = [];
  for (let i = 0; i < width; i++) columns.push(points[Math.floor(((i + 1) * points.length) / width) - 1]!);
  return columns;
}

/** The chart's lines (no trailing newline); [] when there is nothing to draw. */
export function renderChart(points: readonly ChartPoint[], options: ChartOptions): string[] {
  if (points.length < 2) return [];
  const columns = sampleColumns(points, Math.max(2, options.width));
  const values = columns.map((c) => c.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const steps = options.height * 8;
  // At least one eighth for every column, so the lowest value still shows; a flat series sits mid-height.
  const level = (v: number) => (high === low ? Math.round(steps / 2) : 1 + Math.round(((v - low) / (high - low)) * (steps - 1)));
  const levels = values.map(level);
  const paint = options.paint ?? ((t: string) => t);
  const muted = options.muted ?? ((t: string) => t);
  const top = options.label(high);
  const bottom = options.label(low);
  const gutter = Math.max(top.length, bottom.length);
  const lines: string[] = [];
  for (let row = options.height - 1; row >= 0; row--) {
    let bar = '';
    for (const l of levels) {
      const eighths = Math.max(0, Math.min(8, l - row * 8));
      bar += eighths === 0 ? ' ' : BLOCKS[eighths - 1];
    }
    const label = row === options.height - 1 ? top : row === 0 ? bottom : '';
    lines.push(`${muted(label.padStart(gutter))} ${muted('┤')}${paint(bar)}`);
  }
  const first = columns[0]!.date;
  const last = columns.at(-1)!.date;
  const axisWidth = columns.length;
  const dates = axisWidth >= first.length + last.length + 1 ? first + last.padStart(axisWidth - first.length) : `${first} → ${last}`;
  lines.push(`${' '.repeat(gutter)}  ${muted(dates)}`);
  return lines;
}
