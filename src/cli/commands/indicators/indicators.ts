import { toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { DEFAULT_PERIODS, INDICATOR_COLUMNS, indicatorRows, type IndicatorRow } from '../../../core/indicators/indicator-rows.js';
import { missingPriceError } from '../../../core/market/prices.js';
import type { CliContext } from '../../context.js';
import { renderTable, type Style } from '../../../io/text/render.js';
import { formatClose, parseSymbol } from '../prices/arguments.js';
import type { IndicatorsOptions } from './indicators.command.js';

/** Rows the table shows when no --from/--to narrows them (JSON and CSV always carry every row). */
const LAST_ROWS = 20;
const OVERBOUGHT = 70;
const OVERSOLD = 30;

/**
 * `folio indicators SYMBOL`: SMA, EMA, RSI, MACD and Bollinger bands on a symbol's daily closes.
 * Computed on the symbol's whole history up to --to, then cut to --from (warmed-up values).
 * JSON and CSV always carry every indicator; the flags pick periods and, on the table, columns.
 */
export async function runIndicators(ctx: CliContext, options: IndicatorsOptions): Promise<void> {
  const symbol = parseSymbol(options.symbol);
  const to = options.to ?? toCalendarDate(ctx.clock.now());
  if (options.from !== undefined && options.from > to) throw usageError(`--from ${options.from} is after --to ${to}.`, 'bad_flag');
  const periods = { sma: options.sma ?? DEFAULT_PERIODS.sma, ema: options.ema ?? DEFAULT_PERIODS.ema, rsi: options.rsi ?? DEFAULT_PERIODS.rsi };

  const market = await ctx.prices();
  const first = await market.firstDate(symbol);
  if (first === null) throw await missingPriceError(market, symbol, to);
  const history = first <= to ? await market.closes(symbol, first, to) : [];
  const rows = indicatorRows(history, periods, options.from);

  const format = ctx.format();
  if (format === 'json') return ctx.json({ symbol, rows });
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, [...INDICATOR_COLUMNS], rows);
  }

  if (rows.length === 0) {
    ctx.info(`No closes of ${symbol} ${options.from ? `from ${options.from} to ${to}` : `on or before ${to}`} (its closes start on ${first}).`);
    return;
  }
  const narrowed = options.from !== undefined || options.to !== undefined;
  const shown = narrowed ? rows : rows.slice(-LAST_ROWS);
  const style = await ctx.style();
  const currency = history[0]!.currency;
  ctx.info(
    `${symbol} (${currency}) — ${shown.length === rows.length ? `${rows.length} close${rows.length === 1 ? '' : 's'}` : `the last ${shown.length} of ${rows.length} closes (--from/--to for others, --json for all)`}, ` +
      `${shown[0]!.date} to ${shown.at(-1)!.date}; indicators over every close since ${first}`,
  );
  const columns = tableColumns(options, periods);
  const head = ['DATE', 'CLOSE', ...columns.map((c) => c.label)];
  const body = shown.map((row) => [style.date(row.date), formatClose(style, row.close), ...columns.map((c) => c.cell(style, row))]);
  await ctx.out(await renderTable(style, head, body, ['left', ...head.slice(1).map(() => 'right' as const)]));
  if (style.rich && columns.some((c) => c.label.startsWith('RSI')) && shown.some((r) => r.rsi !== null && (r.rsi > OVERBOUGHT || r.rsi < OVERSOLD))) {
    ctx.info(`RSI above ${OVERBOUGHT} (overbought) is marked ▲, below ${OVERSOLD} (oversold) ▼.`);
  }
}

interface Column {
  label: string;
  cell(style: Style, row: IndicatorRow): string;
}

/** The table shows SMA, EMA and RSI by default; once any indicator flag is given, just the ones asked for. */
function tableColumns(options: IndicatorsOptions, periods: { sma: number; ema: number; rsi: number }): Column[] {
  const any = [options.sma, options.ema, options.rsi, options.macd, options.bollinger].some((o) => o !== undefined);
  const want = (o: unknown) => !any || o !== undefined;
  const plain = (key: keyof IndicatorRow) => (style: Style, row: IndicatorRow) => number(style, row[key] as number | null);
  const columns: Column[] = [];
  if (want(options.sma)) columns.push({ label: `SMA ${periods.sma}`, cell: plain('sma') });
  if (want(options.ema)) columns.push({ label: `EMA ${periods.ema}`, cell: plain('ema') });
  if (want(options.rsi)) columns.push({ label: `RSI ${periods.rsi}`, cell: rsiCell });
  if (any && options.macd) {
    columns.push({ label: 'MACD', cell: plain('macd') }, { label: 'SIGNAL', cell: plain('macdSignal') }, { label: 'HISTOGRAM', cell: plain('macdHistogram') });
  }
  if (any && options.bollinger) {
    columns.push(
      { label: 'BB LOWER', cell: plain('bollingerLower') },
      { label: 'BB MIDDLE', cell: plain('bollingerMiddle') },
      { label: 'BB UPPER', cell: plain('bollingerUpper') },
    );
  }
  return columns;
}

/** A float for people: `display.decimals` places on a terminal, every digit when piped; blank while null. */
function number(style: Style, value: number | null): string {
  if (value === null) return '';
  if (!style.rich) return String(value);
  const decimals = style.settings['display.decimals'];
  return new Intl.NumberFormat(style.settings['display.locale'], { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

function rsiCell(style: Style, row: IndicatorRow): string {
  const text = number(style, row.rsi);
  if (row.rsi === null || !style.rich) return text;
  if (row.rsi > OVERBOUGHT) return style.paint.loss(`${text} ▲`);
  if (row.rsi < OVERSOLD) return style.paint.gain(`${text} ▼`);
  return text;
}
