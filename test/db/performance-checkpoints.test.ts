import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../scripts/random.js';
import { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { CostBasisMethod, TransactionFields } from '../../src/core/ledger/types.js';
import { analyzePerformance, type AnalysisRequest } from '../../src/core/performance/analyze.js';
import { addDays } from '../../src/core/performance/period.js';
import { performanceCheckpoint, performanceKind } from '../../src/core/performance/replay-checkpoints.js';
import type { Scope } from '../../src/core/performance/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';
import { countedWrite, randomWrite, type RandomWrites } from '../helpers/random-writes.js';
import { memoryMarket, type CloseRow, type FxRow } from '../helpers/memory-market.js';

/**
 * Performance checkpoints are a cache of the replay: whatever writes come in (adds, edits and
 * removals in the past, splits, imports), an analysis that resumes from the segments earlier runs
 * left must give exactly what a replay from the first transaction gives, floats included. The
 * reference is the same analysis without checkpoints; `every: 1` makes each run leave segments.
 * AAA and BBB have weekly closes (BBB in EUR, with monthly EUR→USD rates); CCC has none, so it is
 * valued at its trade prices (split-adjusted), which the saved state must carry.
 */

const clock = { now: () => new Date('2026-06-30T12:00:00Z') };
const END = '2026-06-30';

function market() {
  const random = createRandom(3);
  const closes: CloseRow[] = [];
  const rates: FxRow[] = [];
  const price = { AAA: 50, BBB: 80 };
  for (let date = '2018-01-01'; date <= END; date = addDays(date, 7)) {
    price.AAA = Math.max(1, price.AAA * (1 + (random() - 0.5) * 0.08));
    price.BBB = Math.max(1, price.BBB * (1 + (random() - 0.5) * 0.08));
    closes.push(['AAA', date, price.AAA.toFixed(2)], ['BBB', date, price.BBB.toFixed(3), 'EUR']);
    if (date.slice(8) <= '07') rates.push(['EUR', 'USD', date, (1 + random() * 0.3).toFixed(4)]);
  }
  return memoryMarket(closes, rates);
}

function randomFields(random: () => number): TransactionFields {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const year = 2019 + Math.floor(random() * 8); // 2019 … 2026
  const month = 1 + Math.floor(random() * (year === 2026 ? 6 : 12));
  const date = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const type = pick(['buy', 'buy', 'buy', 'sell', 'sell', 'dividend', 'interest', 'deposit', 'withdrawal', 'fee', 'tax', 'split'] as const);
  const money = () => `${1 + Math.floor(random() * 900)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`;
  const base: TransactionFields = { date, type, symbol: null, quantity: null, price: null, amount: null, fee: null, currency: pick(['USD', 'USD', 'EUR']), note: null, tax: null };
  switch (type) {
    case 'buy':
    case 'sell':
      return { ...base, symbol: pick(['AAA', 'BBB', 'CCC']), quantity: String(1 + Math.floor(random() * (type === 'buy' ? 30 : 6))) + pick(['', '.5']), price: `${10 + Math.floor(random() * 90)}.${pick(['25', '5', '125'])}`, fee: random() < 0.5 ? '1' : null };
    case 'split':
      return { ...base, symbol: pick(['AAA', 'BBB', 'CCC']), quantity: pick(['2', '0.5', '3', '1:3']) };
    case 'dividend':
      return { ...base, symbol: pick(['AAA', 'BBB', 'CCC']), amount: money(), tax: random() < 0.5 ? '0.75' : null };
    case 'fee':
    case 'tax':
      return { ...base, symbol: random() < 0.6 ? pick(['AAA', 'BBB', 'CCC']) : null, amount: money() };
    default:
      return { ...base, amount: type === 'deposit' ? `${5000 + Math.floor(random() * 5000)}` : money() };
  }
}

/** Everything a run shows: the analysis and the series, exact day values included (`history`). */
async function run(request: AnalysisRequest) {
  const { analysis, performance } = await analyzePerformance({ ...request, exactDays: true });
  const { series } = performance;
  return { analysis, days: series.days, start: series.start, end: series.end, figures: series.figures, netFlows: series.netFlows };
}

describe.each(BACKENDS)('performance checkpoints on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (backend.available) db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  it.skipIf(!backend.available)('give the same analysis and series as a full replay after any sequence of writes', { timeout: 300_000 }, async () => {
    const random = createRandom(backend.name === 'sqlite' ? 7 : 70);
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    const prices = market();
    const stats = { writes: 0, refused: 0, runs: 0, resumed: 0 };
    const write = countedWrite(stats);
    const request = (method: CostBasisMethod, scope: Scope, beforeTaxes: boolean, from: string | null): AnalysisRequest => ({
      entries: store.ledgerEntries(portfolio, { to: END }),
      market: prices,
      baseCurrency: 'USD',
      method,
      scope,
      from,
      end: END,
      beforeTaxes,
      riskFreeRate: 0.02,
      benchmark: null,
    });
    const kinds = [['fifo', 'holdings', false], ['average', 'account', false], ['fifo', 'account', true]] as const;

    const writes: RandomWrites = {
      service,
      store,
      portfolio,
      random,
      fields: randomFields,
      today: END,
      write,
      add: async () => {
        for (let i = 0; i < 1 + Math.floor(random() * 4); i++) await write(() => service.add(portfolio, randomFields(random)));
      },
    };
    for (let step = 0; step < 45; step++) {
      await randomWrite(writes, step);

      const [method, scope, beforeTaxes] = kinds[step % kinds.length]!;
      const kind = performanceKind(method, scope, beforeTaxes);
      const randomFrom = `${2019 + Math.floor(random() * 8)}-0${1 + Math.floor(random() * 6)}-1${Math.floor(random() * 9)}`;
      for (const from of [null, '2025-07-01', randomFrom]) {
        const expected = await run(request(method, scope, beforeTaxes, from));
        const checkpoint = await performanceCheckpoint(store, portfolio, kind, END, 1);
        const actual = await run({
          ...request(method, scope, beforeTaxes, from),
          entries: store.ledgerEntries(portfolio, { after: checkpoint.resume?.state.date, to: END }),
          checkpoint,
        });
        expect(actual, `step ${step}, ${kind} from ${from}`).toEqual(expected);
        stats.runs++;
        if (checkpoint.resume) stats.resumed++;
      }
    }
    // Not vacuous: writes went through and most runs resumed from a segment.
    expect(stats.writes).toBeGreaterThan(40);
    expect(stats.resumed).toBeGreaterThan(stats.runs / 2);
  });

  it.skipIf(!backend.available)('leave a segment per year passed; a write drops those on or after its date, a save after a write is dropped', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    const deposit = (date: string, amount: string): TransactionFields => ({ date, type: 'deposit', symbol: null, quantity: null, price: null, amount, fee: null, currency: 'USD', note: null, tax: null });
    for (const [date, amount] of [['2020-03-01', '100'], ['2020-09-01', '5'], ['2021-03-01', '10'], ['2022-03-01', '1']] as const) await service.add(portfolio, deposit(date, amount));
    const kind = performanceKind('fifo', 'account', false);
    const analyze = async (every = 1, end = END) => {
      const checkpoint = await performanceCheckpoint(store, portfolio, kind, end, every);
      const { analysis } = await analyzePerformance({
        entries: store.ledgerEntries(portfolio, { after: checkpoint.resume?.state.date, to: end }),
        market: prices,
        baseCurrency: 'USD',
        method: 'fifo',
        scope: 'account',
        from: null,
        end,
        riskFreeRate: 0,
        benchmark: null,
        checkpoint,
      });
      return { resumedFrom: checkpoint.resume?.state.date ?? null, value: analysis.value };
    };
    const prices = market();
    const segments = () =>
      db.database.db.selectFrom('ledger_checkpoints').select(['year', 'date', 'entries']).where('portfolio_id', '=', portfolio).where('method', '=', kind).orderBy('year').execute();

    expect(await analyze()).toEqual({ resumedFrom: null, value: '116' }); // 100 + 5 + 10 + 1, all cash
    // Year ends passed (2020-09-01, 2021-03-01) and the last entry (2022-03-01), with the entries up to each.
    expect((await segments()).map((s) => [s.year, s.date, Number(s.entries)])).toEqual([
      ['2020', '2020-09-01', 2],
      ['2021', '2021-03-01', 3],
      ['2022', '2022-03-01', 4],
    ]);
    expect(await analyze()).toEqual({ resumedFrom: '2022-03-01', value: '116' });

    // A deposit in 2021 drops the 2021 and 2022 segments; the next run resumes from 2020's.
    await service.add(portfolio, deposit('2021-01-15', '1000'));
    expect((await segments()).map((s) => s.year)).toEqual(['2020']);
    expect(await analyze()).toEqual({ resumedFrom: '2020-09-01', value: '1116' });

    // A run that read the chain before a write must not store what it saw.
    const stale = await performanceCheckpoint(store, portfolio, kind, END, 1);
    await service.add(portfolio, deposit('2020-01-10', '2'));
    expect((await segments()).length).toBe(0); // the 2020-01-10 write dropped every segment
    expect(await stale.save([{ state: { ...stale.resume!.state, date: '2022-12-31' }, entries: 5, days: stale.resume!.days, previous: null }])).toBe(false);
    expect(await analyze(1000)).toEqual({ resumedFrom: null, value: '1118' });
    // Fewer entries than `every` since the start: only the year ends passed are left behind.
    expect((await segments()).map((s) => s.year)).toEqual(['2020', '2021']);
    // A run to a day inside 2021 ends there: it resumes from 2020's and keeps 2021's fuller segment.
    expect(await analyze(1, '2021-02-01')).toEqual({ resumedFrom: '2020-09-01', value: '1107' }); // 2 + 100 + 5 + 1000 (the 2021-03-01 deposit comes after)
    expect((await segments()).map((s) => [s.year, s.date])).toEqual([['2020', '2020-09-01'], ['2021', '2021-03-01']]);
  });

  it.skipIf(!backend.available)('carry a holding split into thirds (its denominator) and its trade price across a segment', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    const row = (date: string, type: 'buy' | 'split', quantity: string, price: string | null): TransactionFields =>
      ({ date, type, symbol: 'CCC', quantity, price, amount: null, fee: null, currency: 'USD', note: null, tax: null });
    await service.add(portfolio, row('2020-03-02', 'buy', '10', '12'));
    await service.add(portfolio, row('2020-06-01', 'split', '1:3', null));
    const kind = performanceKind('fifo', 'holdings', false);
    const analyze = async (checkpoint?: Awaited<ReturnType<typeof performanceCheckpoint>>) =>
      run({
        entries: store.ledgerEntries(portfolio, { after: checkpoint?.resume?.state.date, to: END }),
        market: market(),
        baseCurrency: 'USD',
        method: 'fifo',
        scope: 'holdings',
        from: null,
        end: END,
        riskFreeRate: 0,
        benchmark: null,
        checkpoint,
      });
    await analyze(await performanceCheckpoint(store, portfolio, kind, END, 1)); // leaves the 2020 segment
    await service.add(portfolio, row('2021-02-01', 'buy', '5', '3'));
    const checkpoint = await performanceCheckpoint(store, portfolio, kind, END, 1);
    expect(checkpoint.resume?.state.date).toBe('2020-06-01');
    const resumed = await analyze(checkpoint);
    expect(resumed).toEqual(await analyze());
    // 10/3 + 5 = 25/3 shares, valued at the last trade price 3 (CCC has no closes): 25, less the
    // rounding of 25/3 to 20 places (8.33333333333333333333 × 3), as a full replay values it too.
    expect(resumed.analysis.marketValue).toBe('24.99999999999999999999');
  });
});
