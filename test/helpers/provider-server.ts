import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A reply of the fake provider: a status, headers and a JSON body; `hang` never answers (a timeout). */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  hang?: boolean;
}

export interface ProviderServer {
  url: string;
  /** Every request, in order: its path with the query, and its User-Agent. */
  requests: Array<{ url: string; userAgent: string | undefined; authorization: string | undefined }>;
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1, port 0, answering through `route`. Nothing leaves the machine. */
export async function startProviderServer(route: (url: URL, request: IncomingMessage) => Reply | Promise<Reply>): Promise<ProviderServer> {
  const requests: ProviderServer['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ url: url.pathname + url.search, userAgent: request.headers['user-agent'], authorization: request.headers.authorization });
    const reply = await route(url, request);
    if (reply.hang) {
      hanging.add(response);
      return;
    }
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const RECORDINGS = join(import.meta.dirname, '../prices/recordings/yahoo-chart');

/** The body of a recorded Yahoo chart response (test/prices/recordings/yahoo-chart/chart-NAME.json). */
export function recording(name: string): unknown {
  const file = JSON.parse(readFileSync(join(RECORDINGS, `chart-${name}.json`), 'utf8')) as { response: { bodyJson: unknown } };
  return file.response.bodyJson;
}

/** A chart response in Yahoo's shape, written by hand (the recordings have no split inside a range, no ASX day…). */
export function chartBody(chart: {
  symbol: string;
  currency?: string;
  timezone?: string;
  gmtoffset?: number;
  priceHint?: number;
  instrumentType?: string;
  timestamps: number[];
  closes: Array<number | null>;
  splits?: Array<{ date: number; numerator: number; denominator: number }>;
  dividends?: Array<{ date: number; amount: number }>;
  regularMarketPrice?: number;
  regularMarketTime?: number;
  previousClose?: number;
}): unknown {
  const events: Record<string, unknown> = {};
  if (chart.splits) events.splits = Object.fromEntries(chart.splits.map((s) => [String(s.date), { ...s, splitRatio: `${s.numerator}:${s.denominator}` }]));
  if (chart.dividends) events.dividends = Object.fromEntries(chart.dividends.map((d) => [String(d.date), d]));
  return {
    chart: {
      result: [
        {
          meta: {
            currency: chart.currency ?? 'USD',
            symbol: chart.symbol,
            exchangeName: 'NMS',
            fullExchangeName: 'NasdaqGS',
            instrumentType: chart.instrumentType ?? 'EQUITY',
            gmtoffset: chart.gmtoffset ?? -18000,
            timezone: 'EST',
            exchangeTimezoneName: chart.timezone ?? 'America/New_York',
            priceHint: chart.priceHint ?? 2,
            longName: `${chart.symbol} Inc.`,
            regularMarketPrice: chart.regularMarketPrice,
            regularMarketTime: chart.regularMarketTime,
            previousClose: chart.previousClose,
          },
          timestamp: chart.timestamps,
          ...(Object.keys(events).length ? { events } : {}),
          indicators: { quote: [{ close: chart.closes }] },
        },
      ],
      error: null,
    },
  };
}

/** Yahoo's answer for a symbol it does not know. */
export const UNKNOWN_SYMBOL: Reply = { status: 404, body: { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } } };

/** The symbol of a chart request (`/v8/finance/chart/AAPL?…` → AAPL), or null for another path. */
export function chartSymbol(url: URL): string | null {
  const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}
