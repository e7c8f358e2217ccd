import { readFileSync } from 'node:fs';
import { toCalendarDate } from '../../../core/dates.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import { PRICE_COLUMNS, priceRowSchema } from '../../../core/market/price-input.js';
import { checkPriceRows, invalidPriceRows } from '../../../core/market/price-import.js';
import type { MarketCsvText } from '../../../io/market-csv.js';
import type { CliContext } from '../../context.js';
import type { MarketImportOptions } from './prices.command.js';

const MAX_ERRORS = 20;

/** A prices or rates file (or standard input) as text, refused when the CSV guard finds it unreadable. */
export async function readInput(ctx: CliContext, file: string): Promise<MarketCsvText> {
  const [bytes, { decodeMarketCsv }] = await Promise.all([readBytes(ctx, file), import('../../../io/market-csv.js')]);
  const decoded = decodeMarketCsv(bytes);
  if (decoded.error) throw invalidPriceRows([decoded.error]);
  return decoded.text;
}

async function readBytes(ctx: CliContext, file: string): Promise<Buffer> {
  if (file === '-') {
    if (ctx.io.stdinIsTty) throw usageError('Reading prices from standard input: pipe a CSV file into `folio prices import -`.');
    return (await import('../../io.js')).readAllBytes(ctx.io.stdin);
  }
  try {
    return readFileSync(file);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw notFoundError(`No such file: ${file}`, 'file_not_found');
    throw usageError(`Cannot read ${file}: ${err.message}`);
  }
}

/**
 * `folio prices import FILE|- [--shared]`: the closes belong to the account that imports them and
 * override the shared feed for it alone (another account's valuations and alerts do not move);
 * `--shared` writes the shared market data every account falls back on, and needs an admin.
 * All or nothing; a symbol and day imported before gets the new close.
 */
export async function runPricesImport(ctx: CliContext, options: MarketImportOptions): Promise<void> {
  const user = await ctx.requireUser();
  const shared = options.shared === true;
  if (shared) await (await import('../../notifications.js')).requireAdmin(ctx, 'prices import --shared');
  const text = await readInput(ctx, options.file);
  const { readMarketCsv } = await import('../../../io/market-csv.js');
  const read = readMarketCsv(text.text, PRICE_COLUMNS, priceRowSchema(toCalendarDate(ctx.clock.now())), {
    maxErrors: MAX_ERRORS,
    blankLinesBefore: text.blankLinesBefore,
  });
  if (read.errors.length) throw invalidPriceRows(read.errors, read.truncated);

  const market = await ctx.prices(); // loads the fixture feed first, so instrument currencies are known
  const currencies = new Map((await market.instruments()).map((i) => [i.symbol, i.currency]));
  const errors = checkPriceRows(read.rows, (symbol) => currencies.get(symbol), MAX_ERRORS);
  if (errors.length) throw invalidPriceRows(errors);

  const rows = read.rows.map((r) => r.value);
  const database = await ctx.db();
  if (shared) await (await import('../../../db/repositories/market.js')).upsertImportedPrices(database, rows);
  else await (await import('../../../db/repositories/market-sources.js')).upsertAccountPrices(database, user.id, rows, ctx.clock.now().toISOString());
  const symbols = [...new Set(rows.map((r) => r.symbol))].sort();
  if (ctx.format() === 'json') return ctx.json({ rows: rows.length, symbols, shared });
  ctx.info(
    `Imported ${rows.length.toLocaleString('en-US')} close${rows.length === 1 ? '' : 's'}` +
      (symbols.length === 0 ? '' : symbols.length <= 8 ? ` of ${symbols.join(', ')}` : ` of ${symbols.length} symbols`) +
      (shared ? ' into the shared market data.' : ' for your account.'),
  );
}
