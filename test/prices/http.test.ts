import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, parseRetryAfter } from '../../src/prices/http.js';
import { rejected } from '../helpers/errors.js';
import { startProviderServer, type ProviderServer, type Reply } from '../helpers/provider-server.js';

let server: ProviderServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server answering with `replies` in turn (the last one again once they run out). */
async function serve(...replies: Reply[]): Promise<ProviderServer> {
  let n = 0;
  server = await startProviderServer(() => replies[Math.min(n++, replies.length - 1)]!);
  return server;
}

const client = (options: { retries?: number; timeoutMs?: number; maxRetryAfterMs?: number } = {}) =>
  createHttpClient({ name: 'Test feed', backoffMs: 1, retries: 3, ...options });

describe('the HTTP client of the providers', () => {
  it('retries a 429 after its Retry-After and succeeds', async () => {
    const s = await serve({ status: 429, headers: { 'retry-after': '0' } }, { body: { ok: true } });
    expect(await client().getJson(`${s.url}/x`)).toEqual({ status: 200, body: { ok: true } });
    expect(s.requests).toHaveLength(2);
  });

  it('gives up at once when Retry-After asks for longer than it waits, and says so (exit 6)', async () => {
    const s = await serve({ status: 429, headers: { 'retry-after': '3600' } }, { body: { ok: true } });
    const error = await rejected(client({ maxRetryAfterMs: 60_000 }).getJson(`${s.url}/x`));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe('Test feed throttled the request (429) (it asks to wait 3600 s)');
    expect(s.requests).toHaveLength(1);
  });

  it('retries 5xx with backoff, then fails with exit 6 after the retries', async () => {
    const s = await serve({ status: 500 });
    const error = await rejected(client({ retries: 2 }).getJson(`${s.url}/x`));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe('Test feed failed (HTTP 500)');
    expect(s.requests).toHaveLength(3); // the first try and two retries
  });

  it('recovers from a 503 on the next try', async () => {
    const s = await serve({ status: 503 }, { body: [1, 2] });
    expect((await client().getJson(`${s.url}/x`)).body).toEqual([1, 2]);
    expect(s.requests).toHaveLength(2);
  });

  it('times out a request that gets no answer, retries it, then fails (exit 6)', async () => {
    const s = await serve({ hang: true });
    const error = await rejected(client({ retries: 1, timeoutMs: 150 }).getJson(`${s.url}/x`));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/^Test feed \(127\.0\.0\.1:\d+\) is unreachable: no answer in time$/);
    expect(s.requests).toHaveLength(2);
  });

  it('hands back a 404 for the provider to name the symbol, without retrying', async () => {
    const s = await serve({ status: 404, body: { detail: 'not found' } });
    expect(await client().getJson(`${s.url}/x`)).toEqual({ status: 404, body: { detail: 'not found' } });
    expect(s.requests).toHaveLength(1);
  });

  it('keeps at most 4 requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    server = await startProviderServer(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return { body: {} };
    });
    const http = client();
    await Promise.all(Array.from({ length: 12 }, (_, i) => http.getJson(`${server!.url}/${i}`)));
    expect(server.requests).toHaveLength(12);
    expect(most).toBeLessThanOrEqual(4);
    expect(most).toBeGreaterThan(1);
  });

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000], // 30 s after the `now` below
    ['soon', null],
    [null, null],
  ])('reads Retry-After %s as %s ms', (header, expected) => {
    expect(parseRetryAfter(header, Date.parse('2015-10-21T07:28:00Z'))).toBe(expected);
  });
});
