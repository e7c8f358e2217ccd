import * as z from 'zod';
import { dec, decString } from '../../core/decimal.js';
import { unavailableError, usageError } from '../../core/errors.js';
import type { MarketEvent } from '../../core/market/feed.js';
import type { QuoteFeed } from '../../core/ports.js';
import { unknownSymbol, type HttpClient } from '../http.js';
import { shiftDate, utcCalendarDate } from '../../core/dates.js';

/**
 * Tiingo end-of-day prices (a key from TIINGO_API_KEY): `GET {base}/tiingo/daily/{ticker}/prices`.
 * Its `close` is the raw close as traded (only `adjClose` is adjusted), its dates are the exchange's
 * (midnight UTC stamps), and `splitFactor` / `divCash` give the events. Tiingo covers US listings,
 * quoted in USD.
 */
export const TIINGO_DEFAULT_URL = 'https://api.tiingo.com';
const NAME = 'Tiingo';

const Prices = z.array(
  z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}T/),
    close: z.number().positive(),
    splitFactor: z.number().positive().optional(),
    divCash: z.number().min(0).optional(),
  }),
);

const money = (value: number) => decString(dec(value.toPrecision(12).includes('e') ? value.toFixed(6) : value.toPrecision(12)).round(6));

export function tiingoFeed(http: HttpClient, baseUrl: string, key: string | undefined, now: () => Date): QuoteFeed {
  const requireKey = () => {
    if (!key) throw usageError('prices.provider tiingo needs an API key: set TIINGO_API_KEY (a free key comes with a Tiingo account).', 'missing_api_key');
    return key;
  };
  const daily = async (symbol: string, from: string, to: string) => {
    const query = `startDate=${from}&endDate=${to}&format=json`;
    const url = `${baseUrl.replace(/\/+$/, '')}/tiingo/daily/${encodeURIComponent(symbol.toLowerCase())}/prices?${query}`;
    const { status, body } = await http.getJson(url, { authorization: `Token ${requireKey()}` });
    if (status === 404) throw unknownSymbol(NAME, symbol, (body as { detail?: string } | null)?.detail);
    const parsed = Prices.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw unavailableError(`${NAME} sent malformed prices for ${symbol} (${issue.path.join('.')}: ${issue.message}); nothing was stored.`, 'bad_payload');
    }
    return parsed.data.map((row) => ({ ...row, date: row.date.slice(0, 10) }));
  };
  const today = () => utcCalendarDate(now());
  return {
    id: 'tiingo',
    async history(request) {
      const rows = await daily(request.symbol, request.from, request.to);
      const events: MarketEvent[] = [];
      for (const row of rows) {
        if (row.splitFactor !== undefined && row.splitFactor !== 1) events.push({ symbol: request.symbol, date: row.date, kind: 'split', value: money(row.splitFactor), currency: null });
        if (row.divCash) events.push({ symbol: request.symbol, date: row.date, kind: 'dividend', value: money(row.divCash), currency: 'USD' });
      }
      return {
        instrument: { symbol: request.symbol, name: request.symbol, currency: 'USD', exchange: null, type: null, class: null },
        closes: rows.map((row) => ({ symbol: request.symbol, date: row.date, close: money(row.close), currency: 'USD' })),
        events,
      };
    },
    async quote(symbol) {
      const start = shiftDate(today(), -10);
      const rows = await daily(symbol, start, today());
      const last = rows.at(-1);
      if (!last) throw unknownSymbol(NAME, symbol, 'no recent prices');
      const before = rows.at(-2);
      const price = money(last.close);
      const previousClose = before ? money(before.close) : null;
      const change = previousClose === null ? null : dec(price).minus(dec(previousClose));
      return {
        symbol,
        name: null,
        price,
        currency: 'USD',
        time: `${last.date}T00:00:00.000Z`,
        previousClose,
        change: change === null ? null : decString(change),
        changeRatio: change === null || previousClose === null ? null : Number(change.div(dec(previousClose)).toFixed(10)),
        source: 'tiingo',
      };
    },
  };
}
