import { resolveDateWord, toCalendarDate } from '../../../core/dates.js';
import type { CliContext } from '../../context.js';

/** --as-of as a calendar date: the date given, `today`/`yesterday` by the clock, or today. */
export function asOfDate(ctx: CliContext, asOf: string | undefined): string {
  const today = toCalendarDate(ctx.clock.now());
  return asOf === undefined ? today : resolveDateWord(asOf, today);
}
