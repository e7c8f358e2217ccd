import { toCalendarDate } from '../../../core/dates.js';
import { checkFxRows, FX_IMPORT_COLUMNS, fxImportRowSchema } from '../../../core/market/fx-import.js';
import { invalidPriceRows } from '../../../core/market/price-import.js';
import type { CliContext } from '../../context.js';
import type { CommandInput } from '../../options.js';
import { readInput } from '../prices/import.js';

const MAX_ERRORS = 20;

/**
 * `folio fx import FILE|-`: exchange rates as `date,base,quote,rate` (1 base = rate quote), the
 * same rules as `prices import`: a sign-in, every row checked first, all or nothing; a pair and
 * day imported before gets the new rate. Valuation reads imported rates before the mock feed's.
 */
export async function runFxImport(ctx: CliContext, { args }: CommandInput): Promise<void> {
  await ctx.requireUser();
  const text = await readInput(ctx, String(args[0]));
  const { readMarketCsv } = await import('../../../io/market-csv.js');
  const read = readMarketCsv(text, FX_IMPORT_COLUMNS, fxImportRowSchema(toCalendarDate(ctx.clock.now())), { maxErrors: MAX_ERRORS });
  if (read.errors.length) throw invalidPriceRows(read.errors, read.truncated);
  const errors = checkFxRows(read.rows, MAX_ERRORS);
  if (errors.length) throw invalidPriceRows(errors);

  const rows = read.rows.map((r) => r.value);
  await ctx.prices(); // the fixture feed loads first, so a later reload never races this write
  const [database, { upsertImportedFxRates }] = await Promise.all([ctx.db(), import('../../../db/repositories/market.js')]);
  await upsertImportedFxRates(database, rows);
  const pairs = [...new Set(rows.map((r) => `${r.base}/${r.quote}`))].sort();
  if (ctx.format() === 'json') return ctx.json({ rows: rows.length, pairs });
  ctx.info(`Imported ${rows.length.toLocaleString('en-US')} rate${rows.length === 1 ? '' : 's'} of ${pairs.join(', ')}.`);
}
