import { formatRatio } from '../../../core/market/feed.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';
import { formatClose, parseSymbol } from '../prices/arguments.js';
import type { EventsOptions } from './quote.command.js';

export interface EventRow {
  date: string;
  kind: 'split' | 'dividend';
  /** The ratio of a split (4 = 4-for-1), the cash per share of a dividend. */
  value: string;
  currency: string | null;
  source: string;
}

/** Splits and dividends of a symbol as the account's provider reported them (the mock feed's splits with fixtures). */
export async function loadEvents(ctx: CliContext, symbol: string): Promise<EventRow[]> {
  const settings = await ctx.settings();
  const provider = settings['prices.provider'];
  const [database, { listEvents }] = await Promise.all([ctx.db(), import('../../../db/repositories/market-sources.js')]);
  if (provider !== 'fixtures') return (await listEvents(database.db, symbol, [provider])).map(({ date, kind, value, currency, source }) => ({ date, kind, value, currency, source }));
  const splits = await (await ctx.prices()).splits(symbol);
  return splits.map((s) => ({ date: s.date, kind: 'split' as const, value: s.ratio, currency: null, source: 'fixture' }));
}

/** `folio events SYMBOL` */
export async function runEvents(ctx: CliContext, options: EventsOptions): Promise<void> {
  const symbol = parseSymbol(options.symbol);
  const events = await loadEvents(ctx, symbol);
  if (ctx.format() === 'json') return ctx.json({ symbol, events });
  await renderRows(ctx, {
    columns: [
      { key: 'date', header: 'DATE', kind: 'date' },
      { key: 'kind', header: 'EVENT' },
      {
        key: 'value',
        header: 'RATIO / AMOUNT',
        cell: (e, style) => (e.kind === 'split' ? formatRatio(e.value) : `${formatClose(style, e.value)} ${e.currency ?? ''}`.trim()),
      },
      { key: 'source', header: 'SOURCE' },
    ],
    rows: events,
    csv: { keys: ['date', 'kind', 'value', 'currency', 'source'] },
    empty: `No splits or dividends of ${symbol} are stored (\`folio prices update ${symbol}\` fetches them from your provider).`,
  });
}
