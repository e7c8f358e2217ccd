import * as z from 'zod';
import { notFoundError, unavailableError } from '../../core/errors.js';
import type { FxRow } from '../../core/market/types.js';
import type { FxFeed } from '../../core/ports.js';
import type { HttpClient } from '../http.js';

/**
 * ECB reference rates through Frankfurter v2: `GET {base}/v2/rates?from=&to=&base=&quotes=&providers=ecb`
 * answers a flat JSON array of `{date, base, quote, rate}`. folio asks for EUR-based rates (what the
 * ECB publishes) and crosses other pairs through EUR when it reads them.
 */
export const FRANKFURTER_DEFAULT_URL = 'https://api.frankfurter.dev';
const NAME = 'Frankfurter (ECB)';

const Rates = z.array(
  z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    base: z.string().regex(/^[A-Z]{3}$/),
    quote: z.string().regex(/^[A-Z]{3}$/),
    rate: z.number().positive(),
  }),
);

export function normaliseRates(body: unknown): FxRow[] {
  const parsed = Rates.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw unavailableError(`${NAME} sent malformed rates (${issue.path.join('.') || 'the document'}: ${issue.message}); nothing was stored.`, 'bad_payload');
  }
  return parsed.data.map((r) => ({ base: r.base, quote: r.quote, date: r.date, rate: plain(r.rate) }));
}

/** JSON numbers of rates are short decimals (1.0876): their shortest text is exact. */
function plain(rate: number): string {
  const text = String(rate);
  return text.includes('e') ? rate.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function frankfurterFeed(http: HttpClient, baseUrl: string): FxFeed {
  return {
    id: 'ecb',
    async rates(base, quotes, from, to) {
      if (quotes.length === 0) return [];
      const query = new URLSearchParams({ from, to, base, quotes: quotes.join(','), providers: 'ecb' });
      const { status, body } = await http.getJson(`${baseUrl.replace(/\/+$/, '')}/v2/rates?${query.toString().replace(/%2C/g, ',')}`);
      if (status === 404) throw notFoundError(`${NAME} has no rates for ${base} to ${quotes.join(', ')}.`, 'unknown_currency');
      return normaliseRates(body);
    },
  };
}
