import * as z from 'zod';
import { isCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { parseOptions } from '../../options.js';

export type ExportFormat = 'csv' | 'json' | 'ndjson' | 'ghostfolio' | 'ghostfolio-csv';

const date = z.string().refine(isCalendarDate, 'expected a date as YYYY-MM-DD');

const Options = z.object({
  output: z.string().min(1, 'expected a file name').optional(),
  force: z.boolean().optional(),
  from: date.optional(),
  to: date.optional(),
  method: z.enum(['fifo', 'average']).optional(),
  value: z.boolean().optional(),
});

export type ExportOptions = z.infer<typeof Options>;

/** The flags every export shares, checked at the door. */
export function parseExportOptions(opts: Record<string, unknown>): ExportOptions {
  const options = parseOptions(Options, opts);
  if (options.from && options.to && options.from > options.to) {
    throw usageError(`--from ${options.from} is after --to ${options.to}.`, 'bad_flag');
  }
  return options;
}

/**
 * The format asked for with the global --format (or --json / --csv), among those an export is
 * written in; `fallback` when none was asked for.
 */
export function exportFormat(ctx: CliContext, allowed: readonly ExportFormat[], fallback: ExportFormat): ExportFormat {
  const { json, csv, format } = ctx.globals;
  const chosen = json ? 'json' : csv ? 'csv' : format;
  if (chosen === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(chosen)) {
    throw usageError(`--format ${chosen}: this export is written as ${allowed.join(', ')}.`, 'bad_format');
  }
  return chosen as ExportFormat;
}

/** Refuses flags that have no meaning for an export. */
export function refuse(options: ExportOptions, flags: Array<keyof ExportOptions>, why: string): void {
  for (const flag of flags) {
    if (options[flag] !== undefined) throw usageError(`--${flag}: ${why}`, 'bad_flag');
  }
}
