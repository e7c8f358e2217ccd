import type { Settings } from '../core/accounts/settings.js';
import type { User } from '../core/accounts/types.js';
import type { FxFeed, QuoteFeed } from '../core/ports.js';
import type { CliContext } from './context.js';
import { utcCalendarDate, weekdayBefore } from '../core/dates.js';

/** The signed-in account, its settings and the providers they name. */
export async function marketAccount(ctx: CliContext): Promise<{ user: User; settings: Settings }> {
  const user = await ctx.requireUser();
  const { resolveSettings } = await import('../core/accounts/settings.js');
  return { user, settings: resolveSettings(user.settings) };
}

/** The quote feed of `prices.provider` (never made offline: that is exit 6). Loads fetch, p-limit and p-retry on use. */
export async function quoteFeed(ctx: CliContext, provider: 'yahoo' | 'tiingo', http?: { timeoutMs: number; retries: number }): Promise<QuoteFeed> {
  const { createQuoteFeed } = await import('../prices/providers/index.js');
  return createQuoteFeed(provider, { env: ctx.env, now: () => ctx.clock.now(), offline: ctx.offline(), http });
}

/**
 * prices.autoUpdate: before a valued command, fetch the stale symbols (no retries, a short timeout
 * per request); whatever fails is a warning and the stored closes are used. Never offline, never
 * with the mock feed, never for someone not signed in.
 */
export async function autoUpdatePrices(ctx: CliContext, symbols: string[]): Promise<void> {
  if (symbols.length === 0 || ctx.offline()) return;
  const settings = await ctx.settings();
  const provider = settings['prices.provider'];
  if (!settings['prices.autoUpdate'] || provider === 'fixtures') return;
  const user = await ctx.requireUser();
  const [database, repo, { updateSymbols }] = await Promise.all([
    ctx.db(),
    import('../db/repositories/market-sources.js'),
    import('../core/market/update.js'),
  ]);
  const today = utcCalendarDate(ctx.clock.now());
  const due = weekdayBefore(today); // a symbol whose last close is older than this is stale
  const stale: string[] = [];
  for (const symbol of new Set(symbols)) if (((await repo.lastStoredDate(database.db, provider, symbol)) ?? '') < due) stale.push(symbol);
  if (stale.length === 0) return;
  const feed = await quoteFeed(ctx, provider, { timeoutMs: 4000, retries: 0 });
  const store = {
    lastDate: (symbol: string) => repo.lastStoredDate(database.db, provider, symbol),
    firstTrade: (symbol: string) => repo.firstTradeDate(database.db, user.id, symbol),
    knownSplits: (symbol: string) => repo.listEvents(database.db, symbol, [provider], 'split'),
    save: (series: Parameters<typeof repo.saveProviderSeries>[2], at: string) => repo.saveProviderSeries(database, provider, series, at),
  };
  const results = await updateSymbols(feed, store, ctx.clock, { symbols: stale, to: today, today });
  for (const r of results) if (r.error) ctx.info(`warning: could not update ${r.symbol} (${r.error.message}); using the stored closes.`);
}

export async function fxFeed(ctx: CliContext): Promise<FxFeed> {
  const { createFxFeed } = await import('../prices/providers/index.js');
  return createFxFeed('ecb', { env: ctx.env, now: () => ctx.clock.now(), offline: ctx.offline() });
}
