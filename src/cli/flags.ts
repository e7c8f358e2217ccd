import { isCalendarDate } from '../core/dates.js';
import { PERIODS, SCOPES } from '../core/performance/types.js';
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

/** The period, scope and cost-basis flags of the performance commands (analyze, history, report, export). */
export const periodFlags: FlagSpec[] = [
  { flags: '--from <date>', description: 'first day of the period (YYYY-MM-DD)' },
  { flags: '--to <date>', description: 'last day of the period (YYYY-MM-DD; default: today, i.e. the last day with prices)' },
  { flags: '--period <period>', description: 'a period ending on --to (default: max, everything)', choices: PERIODS },
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
    from: calendarDate(z).optional(),
    to: calendarDate(z).optional(),
    period: choice(z, PERIODS).optional(),
    scope: choice(z, SCOPES).default('holdings'),
    method: choice(z, COST_METHODS).optional(),
  });
