import { Chalk, type ChalkInstance } from 'chalk';
import type { Settings } from '../../core/accounts/settings.js';

export type Paint = (text: string) => string;

export interface Palette {
  heading: Paint;
  label: Paint;
  gain: Paint;
  loss: Paint;
  muted: Paint;
  accent: Paint;
  ok: Paint;
  warn: Paint;
}

export interface Style {
  colour: boolean;
  paint: Palette;
  /** Stdout is a terminal: boxed tables and friendly dates; otherwise plain tab-separated columns. */
  rich: boolean;
  settings: Settings;
  /** A calendar date for people, in `display.dateFormat` on a terminal; ISO when piped. */
  date(isoDate: string): string;
}

type ColourSettings = Pick<Settings, 'theme' | 'color'>;

/** NO_COLOR wins over everything; then theme `none`; then the `color` setting (auto: only on a terminal). */
export function colourLevel(settings: ColourSettings, env: NodeJS.ProcessEnv, stdoutIsTty: boolean): 0 | 1 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (settings.theme === 'none') return 0;
  if (settings.color === 'never') return 0;
  if (settings.color === 'always') return 1;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return 1;
  return stdoutIsTty && env.TERM !== 'dumb' ? 1 : 0;
}

function palette(chalk: ChalkInstance, theme: Settings['theme']): Palette {
  // Light terminals wash out yellow and cyan: use the darker hues there.
  const light = theme === 'light';
  return {
    heading: light ? chalk.bold.blue : chalk.bold.cyan,
    label: light ? chalk.blue : chalk.cyan,
    gain: chalk.green,
    loss: chalk.red,
    muted: light ? chalk.dim : chalk.gray,
    accent: light ? chalk.magenta : chalk.yellow,
    ok: chalk.green,
    warn: light ? chalk.magenta : chalk.yellow,
  };
}

export type DateFormatter = (date: Date, pattern: string) => string;

/** `formatDate` is date-fns' `format`, passed in only when a custom pattern is in use on a terminal. */
export function createStyle(settings: Settings, env: NodeJS.ProcessEnv, stdoutIsTty: boolean, formatDate?: DateFormatter): Style {
  const level = colourLevel(settings, env, stdoutIsTty);
  const pattern = settings['display.dateFormat'];
  const date = (isoDate: string) => {
    if (!formatDate || !stdoutIsTty) return isoDate;
    const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
    // date-fns formats in the host's zone: a local midnight keeps the calendar date whatever the zone.
    return formatDate(new Date(y, m - 1, d), pattern);
  };
  return { colour: level > 0, paint: palette(new Chalk({ level }), settings.theme), rich: stdoutIsTty, settings, date };
}

export type Align = 'left' | 'right';

/** A table: boxed on a terminal, tab-separated with a header line when piped. */
export async function renderTable(style: Style, head: string[], rows: string[][], align: Align[] = []): Promise<string> {
  if (!style.rich) return [head, ...rows].map((row) => row.join('\t')).join('\n') + '\n';
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: head.map((h) => style.paint.heading(h)),
    style: { head: [], border: style.colour ? ['gray'] : [] },
    colAligns: head.map((_, i) => align[i] ?? 'left'),
    // No rule between rows: long tables stay compact.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push(row);
  return table.toString() + '\n';
}

/** `label: value` lines with aligned labels, for `show` views. */
export function renderFields(style: Style, fields: Array<[string, string]>): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${style.paint.label(label.padEnd(width))}  ${value}`).join('\n') + '\n';
}

const formats = new WeakMap<Style, Map<string, Intl.NumberFormat>>();

/** Intl.NumberFormat is slow to make and fast to use: one per style and purpose (tables of 200 000 rows). */
function numberFormat(style: Style, purpose: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let byPurpose = formats.get(style);
  if (!byPurpose) formats.set(style, (byPurpose = new Map()));
  let format = byPurpose.get(purpose);
  if (!format) byPurpose.set(purpose, (format = new Intl.NumberFormat(style.settings['display.locale'], options)));
  return format;
}

/** Money for people: grouped and rounded to `display.decimals` in `display.locale` on a terminal. */
export function formatMoney(style: Style, amount: string, currency?: string): string {
  // Piped tables carry the exact decimal, like JSON and CSV: no grouping or rounding to parse back.
  if (!style.rich) return currency ? `${amount} ${currency}` : amount;
  const decimals = style.settings['display.decimals'];
  const text = numberFormat(style, `money${decimals}`, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    roundingMode: 'halfEven',
  } as Intl.NumberFormatOptions).format(amount as unknown as number);
  return currency ? `${text} ${currency}` : text;
}

/** Quantities keep every decimal they have. */
export function formatQuantity(style: Style, quantity: string): string {
  if (!style.rich) return quantity;
  return numberFormat(style, 'quantity', { maximumFractionDigits: 20 }).format(quantity as unknown as number);
}

export function formatSigned(style: Style, amount: string, text = formatMoney(style, amount)): string {
  if (amount.startsWith('-')) return style.paint.loss(text);
  if (/^0(\.0*)?$/.test(amount)) return text;
  return style.paint.gain(text);
}

/**
 * A fraction (0.0523) for people: a percentage on a terminal ("5.2%"; signed ones with their sign,
 * gains green and losses red); piped, the plain fraction, as in JSON.
 */
export function formatPercent(style: Style, value: number, options: { decimals?: number; signed?: boolean } = {}): string {
  if (!style.rich) return String(value);
  const { decimals = 1, signed = false } = options;
  const text = numberFormat(style, `percent${decimals}${signed}`, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(value);
  if (!signed) return text;
  return value < 0 ? style.paint.loss(text) : value > 0 ? style.paint.gain(text) : text;
}
