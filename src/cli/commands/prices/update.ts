import { toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { shiftDate, updateFailure, updateRates, updateSymbols, type RatesUpdate, type SymbolUpdate, type UpdateStore } from '../../../core/market/update.js';
import type { ProviderId } from '../../../core/market/types.js';
import type { Database } from '../../../db/connect.js';
import type { CliContext } from '../../context.js';
import { fxFeed, marketAccount, quoteFeed } from '../../market-feeds.js';
import { parseSymbol } from './arguments.js';
import type { PricesUpdateOptions } from './prices.command.js';

type Repo = typeof import('../../../db/repositories/market-sources.js');

function updateStore(database: Database, repo: Repo, source: ProviderId, userId: string): UpdateStore {
  const { db } = database;
  return {
    lastDate: (symbol) => repo.lastStoredDate(db, source, symbol),
    firstTrade: (symbol) => repo.firstTradeDate(db, userId, symbol),
    knownSplits: (symbol) => repo.listEvents(db, symbol, [source], 'split'),
    save: (series, fetchedAt) => repo.saveProviderSeries(database, source, series, fetchedAt),
  };
}

/**
 * `folio prices update [SYMBOL...] [--all] [--from] [--to]`: fetches from the account's providers
 * what is missing (from 5 days before the last stored close), one request per symbol, and stores
 * each symbol's series all or nothing. Exit 0 when all succeeded, 6 when any could not be
 * fetched, 4 when a symbol is unknown (the others are kept either way).
 */
export async function runPricesUpdate(ctx: CliContext, options: PricesUpdateOptions): Promise<void> {
  const { user, settings } = await marketAccount(ctx);
  const named = [...new Set(options.symbols.map(parseSymbol))];
  if (named.length === 0 && !options.all) throw usageError('Name the symbols to update, or use --all for every symbol you hold or watch.', 'missing_symbols');
  const today = toCalendarDate(ctx.clock.now());
  const to = options.to ?? today;
  if (options.from && options.from > to) throw usageError(`--from ${options.from} is after --to ${to}.`, 'bad_flag');
  const provider = settings['prices.provider'];
  const [database, repo] = await Promise.all([ctx.db(), import('../../../db/repositories/market-sources.js')]);
  const symbols = options.all ? [...new Set([...named, ...(await repo.accountSymbols(database.db, user.id))])].sort() : named;

  let results: SymbolUpdate[] = [];
  if (provider === 'fixtures') {
    ctx.info('prices.provider is fixtures: the mock feed extends itself, nothing to fetch (`folio settings set prices.provider yahoo` for real closes).');
  } else if (symbols.length) {
    const feed = await quoteFeed(ctx, provider);
    const progress = ctx.io.stderrIsTty ? (r: SymbolUpdate) => ctx.info(progressLine(r)) : undefined;
    results = await updateSymbols(feed, updateStore(database, repo, provider, user.id), ctx.clock, { symbols, from: options.from, to, today }, progress);
  }
  const rates = options.all && settings['fx.provider'] === 'ecb' ? await updateEcb(ctx, database, repo, user.id, symbols, options.from, to, today) : null;

  const summary = {
    provider,
    fetched: results.filter((r) => r.status === 'fetched').map(brief),
    unchanged: results.filter((r) => r.status === 'unchanged').map((r) => r.symbol),
    failed: results.filter((r) => r.status === 'failed').map((r) => ({ symbol: r.symbol, code: r.error!.code, message: r.error!.message })),
    fx: rates,
  };
  const failures = results.filter((r) => r.error).map((r) => ({ name: r.symbol, error: r.error! }));
  if (rates?.error) failures.push({ name: `FX ${rates.base}→${rates.quotes.join(',')}`, error: rates.error });
  const failure = updateFailure(failures, summary);
  if (ctx.format() === 'json') {
    if (failure) throw failure;
    return ctx.json(summary);
  }
  const fx = rates ? `; FX ${rates.status} (${rates.changed} new rates)` : '';
  ctx.info(`Updated from ${provider}: ${summary.fetched.length} fetched, ${summary.unchanged.length} unchanged, ${summary.failed.length} failed${fx}.`);
  if (failure) throw failure;
}

const brief = (r: SymbolUpdate) => ({ symbol: r.symbol, from: r.from, to: r.to, closes: r.closes, changed: r.changed, lastDate: r.lastDate });

function progressLine(r: SymbolUpdate): string {
  if (r.status === 'failed') return `  ${r.symbol.padEnd(10)} failed: ${r.error!.message}`;
  return `  ${r.symbol.padEnd(10)} ${r.status === 'fetched' ? `${r.changed} new or revised closes` : 'unchanged'} (${r.from} to ${r.lastDate ?? r.to})`;
}

/** ECB rates for every currency the account's portfolios, trades and instruments use, against EUR. */
async function updateEcb(ctx: CliContext, database: Database, repo: Repo, userId: string, symbols: string[], from: string | undefined, to: string, today: string): Promise<RatesUpdate> {
  const { db } = database;
  const { findInstrument } = await import('../../../db/repositories/market.js');
  const currencies = new Set(await repo.accountCurrencies(db, userId));
  for (const symbol of symbols) {
    const instrument = await findInstrument(db, symbol);
    if (instrument) currencies.add(instrument.currency);
  }
  currencies.delete('EUR');
  const firstTrades = await Promise.all(symbols.map((s) => repo.firstTradeDate(db, userId, s)));
  const firstNeeded = firstTrades.filter((d): d is string => d !== null).sort()[0] ?? shiftDate(today, -365);
  const quotes = [...currencies].sort();
  if (quotes.length === 0) return { base: 'EUR', quotes, from: from ?? firstNeeded, to, rates: 0, changed: 0, status: 'unchanged' };
  return updateRates(
    await fxFeed(ctx),
    { lastDate: (base, q) => repo.lastFxDate(db, 'ecb', base, q), save: (rows) => repo.saveProviderRates(database, 'ecb', rows) },
    { base: 'EUR', quotes, from, firstNeeded, to },
  );
}
