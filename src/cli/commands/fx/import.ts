import { toCalendarDate } from '../../../core/dates.js';
import { checkFxRows, FX_IMPORT_COLUMNS, fxImportRowSchema } from '../../../core/market/fx-import.js';
import { invalidPriceRows } from '../../../core/market/price-import.js';
import type { CliContext } from '../../context.js';
import type { MarketImportOptions } from '../prices/prices.command.js';
import { readInput } from '../prices/import.js';

const MAX_ERRORS = 20;

/**
 * `folio fx import FILE|- [--shared]`: exchange rates as `date,base,quote,rate` (1 base = rate
 * quote), by the rules of `prices import`: every row checked first, all or nothing; a pair and day
 * imported before gets the new rate. They are the account's own (ahead of the shared rates in its
 * valuations); `--shared` writes the shared market data and needs an admin.
 */
export async function runFxImport(ctx: CliContext, options: MarketImportOptions): Promise<void> {
  const user = await ctx.requireUser();
  const shared = options.shared === true;
  if (shared) await (await import('../../notifications.js')).requireAdmin(ctx, 'fx import --shared');
  const text = await readInput(ctx, options.file);
  const { readMarketCsv } = await import('../../../io/market-csv.js');
  const read = readMarketCsv(text.text, FX_IMPORT_COLUMNS, fxImportRowSchema(toCalendarDate(ctx.clock.now())), {
    maxErrors: MAX_ERRORS,
    blankLinesBefore: text.blankLinesBefore,
  });
  if (read.errors.length) throw invalidPriceRows(read.errors, read.truncated);
  const errors = checkFxRows(read.rows, MAX_ERRORS);
  if (errors.length) throw invalidPriceRows(errors);

  const rows = read.rows.map((r) => r.value);
  await ctx.prices(); // the fixture feed loads first, so a later reload never races this write
  const database = await ctx.db();
  if (shared) await (await import('../../../db/repositories/market.js')).upsertImportedFxRates(database, rows);
  else await (await import('../../../db/repositories/market-sources.js')).upsertAccountFxRates(database, user.id, rows, ctx.clock.now().toISOString());
  const pairs = [...new Set(rows.map((r) => `${r.base}/${r.quote}`))].sort();
  if (ctx.format() === 'json') return ctx.json({ rows: rows.length, pairs, shared });
  ctx.info(`Imported ${rows.length.toLocaleString('en-US')} rate${rows.length === 1 ? '' : 's'} of ${pairs.join(', ')}${shared ? ' into the shared market data' : ' for your account'}.`);
}
