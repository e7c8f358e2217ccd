import { dec, decString } from '../../../core/decimal.js';
import { toCalendarDate } from '../../../core/dates.js';
import type { Quote } from '../../../core/market/feed.js';
import { requireClose } from '../../../core/market/prices.js';
import { updateFailure, type SymbolFailure } from '../../../core/market/update.js';
import { FolioError } from '../../../core/errors.js';
import type { MarketData } from '../../../core/ports.js';
import type { CliContext } from '../../context.js';
import { quoteFeed } from '../../market-feeds.js';
import { renderRows } from '../../output.js';
import { formatPercent, formatSigned } from '../../../io/text/render.js';
import { formatClose, parseSymbol } from '../prices/arguments.js';
import type { QuoteOptions } from './quote.command.js';
import { shiftDate } from '../../../core/dates.js';

export const QUOTE_COLUMNS = ['symbol', 'price', 'currency', 'change', 'changeRatio', 'previousClose', 'time', 'source'] as const;

/** A quote from stored closes: the last close on or before today and the one before it. */
export async function storedQuote(market: MarketData, symbol: string, today: string, source: Quote['source']): Promise<Quote> {
  const last = await requireClose(market, symbol, today);
  const before = await market.latestClose(symbol, shiftBack(last.date));
  const change = before ? dec(last.close).minus(dec(before.close)) : null;
  return {
    symbol,
    name: null,
    price: last.close,
    currency: last.currency,
    time: `${last.date}T00:00:00.000Z`,
    previousClose: before?.close ?? null,
    change: change === null ? null : decString(change),
    changeRatio: change === null || !before ? null : Number(change.div(dec(before.close)).toFixed(10)),
    source,
  };
}

const shiftBack = (date: string) => shiftDate(date, -1);

/**
 * Quotes of symbols: from the account's provider (its latest price and the change since the
 * previous close); from stored closes with the mock feed, or offline (then it says so).
 */
export async function fetchQuotes(ctx: CliContext, symbols: string[]): Promise<{ quotes: Quote[]; failures: Array<{ name: string; error: SymbolFailure }> }> {
  const settings = await ctx.settings();
  const provider = settings['prices.provider'];
  const today = toCalendarDate(ctx.clock.now());
  const stored = provider === 'fixtures' || ctx.offline();
  if (stored && provider !== 'fixtures') ctx.info('Offline: showing the last stored closes, not live quotes.');
  const market = stored ? await ctx.prices() : null;
  const feed = stored ? null : await quoteFeed(ctx, provider as 'yahoo' | 'tiingo');
  const settled = await Promise.allSettled(
    symbols.map((symbol) => (feed ? feed.quote(symbol) : storedQuote(market!, symbol, today, provider === 'fixtures' ? 'fixture' : 'stored'))),
  );
  const quotes: Quote[] = [];
  const failures: Array<{ name: string; error: SymbolFailure }> = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') quotes.push(outcome.value);
    else {
      const error = outcome.reason;
      if (!(error instanceof FolioError)) throw error;
      failures.push({ name: symbols[i]!, error: { kind: error.kind, code: error.code, message: error.message } });
    }
  });
  return { quotes, failures };
}

/** `folio quote SYMBOL...` */
export async function runQuote(ctx: CliContext, options: QuoteOptions): Promise<void> {
  const symbols = [...new Set(options.symbols.map(parseSymbol))];
  const { quotes, failures } = await fetchQuotes(ctx, symbols);
  const failure = updateFailure(failures, { quotes, failed: failures.map((f) => ({ symbol: f.name, ...f.error })) }, 'quotes');
  // Under --json a failure's details carry the quotes: one JSON document, on the error path.
  if (failure && ctx.format() === 'json') throw failure;
  await renderRows(ctx, {
    columns: [
      { key: 'symbol', header: 'SYMBOL' },
      { key: 'price', header: 'PRICE', kind: 'number', cell: (q, style) => formatClose(style, q.price) },
      { key: 'currency', header: 'CCY' },
      { key: 'change', header: 'CHANGE', kind: 'number', cell: (q, style) => (q.change === null ? '' : formatSigned(style, q.change, formatClose(style, q.change))) },
      { key: 'changeRatio', header: 'CHANGE %', kind: 'number', cell: (q, style) => (q.changeRatio === null ? '' : formatPercent(style, q.changeRatio, { signed: true })) },
      { key: 'time', header: 'TIME', cell: (q) => (q.source === 'yahoo' || q.source === 'tiingo' ? q.time.replace('T', ' ').slice(0, 16) + ' UTC' : `close of ${q.time.slice(0, 10)}`) },
    ],
    rows: quotes,
    json: (q) => Object.fromEntries(QUOTE_COLUMNS.map((k) => [k, q[k]])),
    csv: { keys: [...QUOTE_COLUMNS] },
  });
  if (failure) throw failure;
}
