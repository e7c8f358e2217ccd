import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

export type ExportFormat = 'csv' | 'json' | 'ndjson' | 'ghostfolio' | 'ghostfolio-csv';

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
