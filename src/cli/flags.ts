import { isCalendarDate } from '../core/calendar-date.js';
import { SYMBOL, SYMBOL_MESSAGE } from '../core/market/symbol.js';
import { PERIODS, SCOPES } from '../core/performance/types.js';
import type { z } from 'zod';
import type { ArgSpec, FlagSpec, Zod } from './command.js';

/** Arguments, flags and schemas that several command modules share, declared once. */

export const COST_METHODS = ['fifo', 'average'] as const;

export const portfolioArg: ArgSpec = {
  name: 'portfolio',
  description: 'portfolio name, id or owner@example.com/NAME',
  complete: 'portfolio',
};

export const asOfFlag: FlagSpec = { flags: '--as-of <date>', description: 'as of the end of this date (YYYY-MM-DD; default: today)' };

export const methodFlag: FlagSpec = {
  flags: '--method <method>',
  description: 'cost basis method (default: your costBasis.method setting)',
  choices: COST_METHODS,
};

/** A calendar date flag, checked as a real date. */
export const calendarDate = (z: Zod) => z.string().refine(isCalendarDate, 'expected a date as YYYY-MM-DD');

/** One of a declared choice list, with the choices in the message. */
export const choice = <T extends readonly [string, ...string[]]>(z: Zod, values: T) =>
  z.enum(values, { message: `expected one of ${values.join(', ')}` });

/** A positional argument or flag value that must not be blank. */
export const text = (z: Zod) => z.string().trim().min(1, 'must not be empty');

/** A date flag that also takes the words `today` and `yesterday` (resolved against the clock when the command runs). */
export const dateOrWord = (z: Zod) =>
  z.string().refine((d) => isCalendarDate(d) || /^(today|yesterday)$/i.test(d.trim()), 'expected a date as YYYY-MM-DD, today or yesterday');

/** A symbol flag such as --benchmark: trimmed and upper-cased. */
export const symbol = (z: Zod) => z.string().trim().toUpperCase().regex(SYMBOL, SYMBOL_MESSAGE);

/** The portfolio, period, taxes, scope and cost-basis flags of the performance commands (analyze, history, report, export). */
export const periodFlags: FlagSpec[] = [
  { flags: '--from <date>', description: 'first day of the period (YYYY-MM-DD, today or yesterday)' },
  { flags: '--to <date>', description: 'last day of the period, valued at the last closes on or before it (YYYY-MM-DD; default: today)' },
  { flags: '--period <period>', description: 'a period ending on --to (default: max, everything)', choices: PERIODS },
  { flags: '--before-taxes', description: 'leave taxes out of every figure, as if none had been paid' },
  {
    flags: '--scope <scope>',
    description: 'holdings: buys in, sells and dividends out · account: cash included, deposits in, withdrawals out',
    choices: SCOPES,
    default: 'holdings',
  },
  methodFlag,
];

export const periodOptions = (z: Zod) =>
  z.object({
    portfolio: text(z),
    from: dateOrWord(z).optional(),
    to: dateOrWord(z).optional(),
    period: choice(z, PERIODS).optional(),
    beforeTaxes: z.boolean().optional(),
    scope: choice(z, SCOPES).default('holdings'),
    method: choice(z, COST_METHODS).optional(),
  });

export type PeriodOptions = z.infer<ReturnType<typeof periodOptions>>;

export const benchmarkFlag: FlagSpec = { flags: '--benchmark <symbol>', description: 'compare with a symbol held over the same days, e.g. VTI' };

/** --output and --force of the commands that can write a file instead of stdout (export, report). */
/** A date range of stored rows: `--from` and `--to`, both inclusive. */
export const dateRangeFlags: FlagSpec[] = [
  { flags: '--from <date>', description: 'on or after this date (YYYY-MM-DD)' },
  { flags: '--to <date>', description: 'on or before this date (YYYY-MM-DD)' },
];

export const outputFlags: FlagSpec[] = [
  { flags: '-o, --output <file>', description: 'write to this file instead of stdout', complete: 'file' },
  { flags: '--force', description: 'replace the --output file if it exists' },
];

export const outputOptions = (z: Zod) => ({
  output: z.string().min(1, 'expected a file name').optional(),
  force: z.boolean().optional(),
});
