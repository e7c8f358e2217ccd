import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../scripts/random.js';
import { FolioError } from '../../src/core/errors.js';
import { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { CostBasisMethod, TransactionFields } from '../../src/core/ledger/types.js';
import { analyzePerformance, type AnalysisRequest } from '../../src/core/performance/analyze.js';
import { addDays } from '../../src/core/performance/period.js';
import { replayCheckpoint } from '../../src/core/performance/replay-checkpoints.js';
import type { Scope } from '../../src/core/performance/types.js';
import type { PricePoint, PriceProvider } from '../../src/core/ports.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';

/**
 * A sub-period's analysis may start from a saved replay state instead of the first transaction:
 * whatever writes came before, it must give exactly what the full replay gives (the reference is
 * the same analysis with no checkpoint at all). AAA and BBB have closes; CCC has none, so it is
 * valued at its trade prices (split-adjusted), which the saved state must carry.
 */

const clock = { now: () => new Date('2026-06-30T12:00:00Z') };
const END = '2026-06-30';

/** Weekday closes from 2018 on, a seeded walk per symbol. */
function market(): PriceProvider {
  const closes = new Map<string, PricePoint[]>();
  for (const [symbol, seed] of [['AAA', 1], ['BBB', 2]] as const) {
    const random = createRandom(seed);
    let price = 50;
    const points: PricePoint[] = [];
    for (let date = '2018-01-01'; date <= END; date = addDays(date, 1)) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      price = Math.max(1, price * (1 + (random() - 0.5) * 0.04));
      points.push({ symbol, date, close: price.toFixed(2), currency: 'USD' });
    }
    closes.set(symbol, points);
  }
  const of = (symbol: string) => closes.get(symbol) ?? [];
  return {
    closes: async (symbol, from, to) => of(symbol).filter((p) => p.date >= from && p.date <= to),
    latestClose: async (symbol, onOrBefore) => of(symbol).filter((p) => p.date <= onOrBefore).at(-1) ?? null,
    firstDate: async (symbol) => of(symbol)[0]?.date ?? null,
    fxRate: async () => '1',
    fxRates: async (_base, _quote, from) => [{ date: from, rate: '1' }],
  };
}

function randomFields(random: () => number): TransactionFields {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const date = `${2019 + Math.floor(random() * 7)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const base: TransactionFields = { date, type: 'deposit', symbol: null, quantity: null, price: null, amount: null, fee: null, currency: 'USD', note: null };
  const money = () => `${1 + Math.floor(random() * 900)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`;
  const type = pick(['buy', 'buy', 'buy', 'sell', 'dividend', 'deposit', 'withdrawal', 'fee', 'interest', 'split'] as const);
  switch (type) {
    case 'buy':
    case 'sell':
      return { ...base, type, symbol: pick(['AAA', 'BBB', 'CCC']), quantity: String(1 + Math.floor(random() * (type === 'buy' ? 30 : 6))) + pick(['', '.5']), price: `${10 + Math.floor(random() * 90)}.${pick(['25', '5', '125'])}`, fee: random() < 0.5 ? '1' : null };
    case 'split':
      return { ...base, type, symbol: pick(['AAA', 'BBB', 'CCC']), quantity: pick(['2', '0.5', '3']) };
    case 'dividend':
    case 'fee':
      return { ...base, type, symbol: random() < 0.7 ? pick(['AAA', 'BBB', 'CCC']) : null, amount: money() };
    default:
      return { ...base, type, amount: type === 'deposit' ? `${5000 + Math.floor(random() * 5000)}` : money() };
  }
}

describe.each(BACKENDS)('performance checkpoints on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (backend.available) db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  it.skipIf(!backend.available)('start a sub-period from a saved state with the same figures as a full replay', { timeout: 120_000 }, async () => {
    const random = createRandom(backend.name === 'sqlite' ? 7 : 70);
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    const prices = market();
    const request = (method: CostBasisMethod, scope: Scope, from: string | null): AnalysisRequest => ({
      entries: store.ledgerEntries(portfolio, { to: END }),
      market: prices,
      baseCurrency: 'USD',
      method,
      scope,
      from,
      end: END,
      riskFreeRate: 0.02,
      benchmark: null,
    });
    let seeded = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 40; i++) {
        const fields = randomFields(random);
        await service.add(portfolio, fields).catch((error) => {
          if (!(error instanceof FolioError)) throw error; // an oversell is refused
        });
      }
      for (const [method, scope] of [['fifo', 'holdings'], ['average', 'account']] as const) {
        const kind = `performance:${method}:${scope}`;
        // A max run leaves states at the year ends it passes; each sub-period one before its first day.
        await analyzePerformance({ ...request(method, scope, null), checkpoint: await replayCheckpoint(store, portfolio, kind, null, 1) });
        for (const from of ['2025-06-30', '2024-01-01', `${2020 + Math.floor(random() * 6)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`]) {
          const expected = await analyzePerformance(request(method, scope, from));
          const checkpoint = await replayCheckpoint(store, portfolio, kind, from, 1);
          if (checkpoint.seed) seeded++;
          const actual = await analyzePerformance({
            ...request(method, scope, from),
            entries: store.ledgerEntries(portfolio, { after: checkpoint.seed?.date, to: END }),
            checkpoint,
          });
          expect(actual.analysis, `round ${round}, ${method} ${scope} from ${from}`).toEqual(expected.analysis);
          expect(actual.performance.series.days).toEqual(expected.performance.series.days);
        }
      }
      // Writes in the past between rounds: the states after them are dropped.
      const history = [];
      for await (const tx of store.transactions(portfolio)) history.push(tx);
      await service.remove(history[Math.floor(random() * history.length)]!).catch((error) => {
        if (!(error instanceof FolioError)) throw error;
      });
    }
    expect(seeded).toBeGreaterThan(12); // most sub-periods did start from a saved state
  });
});
