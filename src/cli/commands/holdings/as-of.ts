import * as z from 'zod';
import { isCalendarDate, resolveDateWord, toCalendarDate } from '../../../core/dates.js';
import type { CliContext } from '../../context.js';

export const AsOfSchema = z.string().refine((d) => isCalendarDate(d) || /^(today|yesterday)$/i.test(d.trim()), 'expected a date as YYYY-MM-DD, today or yesterday').optional();

export function asOfDate(ctx: CliContext, asOf: string | undefined): string {
  const today = toCalendarDate(ctx.clock.now());
  return asOf === undefined ? today : resolveDateWord(asOf, today);
}
