import * as z from 'zod';
import { isCalendarDate, toCalendarDate } from '../../../core/dates.js';
import type { CliContext } from '../../context.js';

export const AsOfSchema = z.string().refine(isCalendarDate, 'expected a date as YYYY-MM-DD').optional();

export function asOfDate(ctx: CliContext, asOf: string | undefined): string {
  return asOf ?? toCalendarDate(ctx.clock.now());
}
