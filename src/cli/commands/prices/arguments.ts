import * as z from 'zod';
import { isCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { symbolSchema } from '../../../core/market/price-input.js';
import type { Style } from '../../../io/text/render.js';

export const DateOption = z.string().refine(isCalendarDate, 'expected a date as YYYY-MM-DD').optional();

/** A SYMBOL argument, upper-cased; a malformed one is a usage error. */
export function parseSymbol(value: unknown): string {
  const parsed = symbolSchema.safeParse(String(value ?? ''));
  if (!parsed.success) throw usageError(`Bad symbol "${String(value)}": ${parsed.error.issues[0]!.message}.`, 'bad_symbol');
  return parsed.data;
}

const closeFormats = new WeakMap<Style, Intl.NumberFormat>();

/** A close for people on a terminal: grouped, at least `display.decimals` places and every decimal it has; exact when piped. */
export function formatClose(style: Style, close: string): string {
  if (!style.rich) return close;
  let format = closeFormats.get(style);
  if (!format) {
    const decimals = style.settings['display.decimals'];
    format = new Intl.NumberFormat(style.settings['display.locale'], {
      minimumFractionDigits: decimals,
      maximumFractionDigits: Math.max(decimals, 20),
    });
    closeFormats.set(style, format);
  }
  return format.format(close as unknown as number);
}
