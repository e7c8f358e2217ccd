import pLimit from 'p-limit';
import pRetry from 'p-retry';
import pkg from '../../package.json' with { type: 'json' };
import { FolioError, notFoundError, unavailableError } from '../core/errors.js';

/**
 * How folio talks to a market-data provider: at most `concurrency` requests at once, a timeout
 * per request (AbortSignal.timeout), retries with exponential backoff and jitter on 429 and 5xx
 * and on network errors, waiting at least as long as `Retry-After` says, and a User-Agent naming
 * folio and its version. p-limit and p-retry do the bookkeeping.
 */
export interface HttpOptions {
  /** The provider's name, for messages: "Yahoo Finance". */
  name: string;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  /** The first backoff; each retry doubles it, times a random factor from 1 to 2. */
  backoffMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails as throttled. */
  maxRetryAfterMs?: number;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface HttpClient {
  /** GET a JSON document. 2xx and 404 come back; anything else is retried or becomes exit 6. */
  getJson(url: string, headers?: Record<string, string>): Promise<JsonResponse>;
}

export const USER_AGENT = `folio/${pkg.version} (command-line portfolio manager; Node ${process.versions.node})`;

/** Tunables from the environment (tests make them small; users rarely need them). */
export function httpOptionsFromEnv(env: NodeJS.ProcessEnv, name: string): HttpOptions {
  const number = (key: string) => {
    const value = env[key]?.trim();
    return value && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  return {
    name,
    timeoutMs: number('FOLIO_HTTP_TIMEOUT_MS'),
    retries: number('FOLIO_HTTP_RETRIES'),
    backoffMs: number('FOLIO_HTTP_BACKOFF_MS'),
  };
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describeFailure(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'no answer in time';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(error);
}

export function createHttpClient(options: HttpOptions): HttpClient {
  const limit = pLimit(options.concurrency ?? 4);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const host = (url: string) => new URL(url).host;

  const attempt = async (url: string, headers: Record<string, string>): Promise<JsonResponse> => {
    let response: Response;
    try {
      response = await fetch(url, { headers: { 'user-agent': USER_AGENT, accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new RetryableError(`${options.name} (${host(url)}) is unreachable: ${describeFailure(error)}`);
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const why = response.status === 429 ? 'throttled the request (429)' : `failed (HTTP ${response.status})`;
      throw new RetryableError(`${options.name} ${why}`, retryAfter);
    }
    if (!response.ok && response.status !== 404) {
      await response.body?.cancel();
      throw unavailableError(`${options.name} refused the request (HTTP ${response.status})`, 'provider_refused');
    }
    try {
      return { status: response.status, body: await response.json() };
    } catch (error) {
      if (response.status === 404) return { status: 404, body: null };
      throw unavailableError(`${options.name} sent a response that is not JSON: ${describeFailure(error)}`, 'bad_payload');
    }
  };

  return {
    getJson(url, headers = {}) {
      return limit(() =>
        pRetry(() => attempt(url, headers), {
          retries: options.retries ?? 3,
          factor: 2,
          minTimeout: options.backoffMs ?? 500,
          maxTimeout: 30_000,
          randomize: true,
          shouldRetry: ({ error }) => {
            const wait = (error as RetryableError).retryAfterMs;
            return error instanceof RetryableError && (wait === null || wait <= maxRetryAfterMs);
          },
          onFailedAttempt: async ({ error, retriesLeft }) => {
            const wait = (error as RetryableError).retryAfterMs;
            if (retriesLeft > 0 && wait !== null && wait <= maxRetryAfterMs) await sleep(wait);
          },
        }).catch((error: unknown) => {
          if (error instanceof FolioError) throw error;
          const wait = (error as RetryableError).retryAfterMs;
          const later = wait !== null && wait !== undefined && wait > maxRetryAfterMs ? ` (it asks to wait ${Math.ceil(wait / 1000)} s)` : '';
          throw unavailableError(`${(error as Error).message}${later}`, 'provider_unavailable');
        }),
      );
    },
  };
}

/** A symbol the provider does not know: exit 4, naming it. */
export const unknownSymbol = (provider: string, symbol: string, detail?: string) =>
  notFoundError(`${provider} does not know ${symbol}${detail ? ` (${detail})` : ''}.`, 'unknown_symbol');
