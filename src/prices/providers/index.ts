import { unavailableError } from '../../core/errors.js';
import type { FxFeed, QuoteFeed } from '../../core/ports.js';
import { createHttpClient, httpOptionsFromEnv, type HttpOptions } from '../http.js';
import { FRANKFURTER_DEFAULT_URL, frankfurterFeed } from './frankfurter.js';
import { TIINGO_DEFAULT_URL, tiingoFeed } from './tiingo.js';
import { YAHOO_DEFAULT_URL, yahooFeed } from './yahoo.js';

export interface FeedEnvironment {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** `--offline` or FOLIO_OFFLINE=1: no feed is made, nothing touches the network. */
  offline: boolean;
  /** Tighter limits (prices.autoUpdate: a short time budget). */
  http?: Partial<HttpOptions>;
}

function refuseOffline(offline: boolean, what: string): void {
  if (offline) throw unavailableError(`Offline (--offline or FOLIO_OFFLINE=1): ${what} needs the network.`, 'offline');
}

const base = (env: NodeJS.ProcessEnv, key: string, fallback: string) => env[key]?.trim() || fallback;

/** The quote provider named by `prices.provider` (one module per provider; adding one is a line here). */
export function createQuoteFeed(id: 'yahoo' | 'tiingo', { env, now, offline, http }: FeedEnvironment): QuoteFeed {
  refuseOffline(offline, `fetching from ${id}`);
  const client = (name: string) => createHttpClient({ ...httpOptionsFromEnv(env, name), ...http });
  if (id === 'tiingo') return tiingoFeed(client('Tiingo'), base(env, 'FOLIO_TIINGO_URL', TIINGO_DEFAULT_URL), env.TIINGO_API_KEY?.trim(), now);
  return yahooFeed(client('Yahoo Finance'), base(env, 'FOLIO_YAHOO_URL', YAHOO_DEFAULT_URL), now);
}

/** The FX provider named by `fx.provider`. */
export function createFxFeed(_id: 'ecb', { env, offline }: FeedEnvironment): FxFeed {
  refuseOffline(offline, 'fetching ECB rates');
  return frankfurterFeed(createHttpClient(httpOptionsFromEnv(env, 'Frankfurter (ECB)')), base(env, 'FOLIO_FRANKFURTER_URL', FRANKFURTER_DEFAULT_URL));
}
